// The seed scenarios of examples/, offered by completion at the top level of a file (outside any
// block) as whole blocks. A unit test keeps them equal to the examples.

export interface Seed {
  /** The scenario's name in its example. */
  readonly name: string;
  /** The example file it comes from. */
  readonly file: string;
  /** The block's step lines, indented, as in the example. */
  readonly steps: readonly string[];
}

export const SEEDS: readonly Seed[] = [
  {
    name: 'Active close',
    file: 'examples/active-close.tcpfsm',
    steps: [
      '  ESTABLISHED -> FIN_WAIT_1 : close / send FIN',
      '  FIN_WAIT_1  -> FIN_WAIT_2 : recv ACK of FIN',
      '  FIN_WAIT_2  -> TIME_WAIT  : recv FIN / send ACK',
      '  TIME_WAIT   -> CLOSED     : timeout 2MSL',
    ],
  },
  {
    name: 'Active open, client side',
    file: 'examples/active-open.tcpfsm',
    steps: [
      '  CLOSED   -> SYN_SENT    : connect / send SYN',
      '  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK',
    ],
  },
  {
    name: 'Active open, RFC figure spelling',
    file: 'examples/active-open.tcpfsm',
    steps: [
      '  CLOSED   -> SYN_SENT    : active open / create TCB, snd SYN',
      '  SYN_SENT -> ESTABLISHED : rcv SYN,ACK / snd ACK',
    ],
  },
  {
    name: 'FIN_WAIT_1 straight to TIME_WAIT',
    file: 'examples/fin-wait-1-to-time-wait.tcpfsm',
    steps: [
      '  ESTABLISHED -> FIN_WAIT_1 : close / send FIN',
      '  FIN_WAIT_1  -> TIME_WAIT  : recv FIN+ACK / send ACK',
      '  TIME_WAIT   -> CLOSED     : timeout 2MSL',
    ],
  },
  {
    name: 'Passive close',
    file: 'examples/passive-close.tcpfsm',
    steps: [
      '  ESTABLISHED -> CLOSE_WAIT : recv FIN / send ACK',
      '  CLOSE_WAIT  -> LAST_ACK   : close / send FIN',
      '  LAST_ACK    -> CLOSED     : recv ACK of FIN',
    ],
  },
  {
    name: 'Passive close, as a chain',
    file: 'examples/passive-close.tcpfsm',
    steps: [
      '  ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED',
    ],
  },
  {
    name: 'Passive open, server side',
    file: 'examples/passive-open.tcpfsm',
    steps: [
      '  CLOSED       -> LISTEN       : listen',
      '  LISTEN       -> SYN_RECEIVED : recv SYN / send SYN+ACK',
      '  SYN_RECEIVED -> ESTABLISHED  : recv ACK of SYN',
    ],
  },
  {
    name: 'Passive open reset by the client',
    file: 'examples/passive-open.tcpfsm',
    steps: [
      '  CLOSED       -> LISTEN       : passive open',
      '  LISTEN       -> SYN_RECEIVED : recv SYN / send SYN+ACK',
      '  SYN_RECEIVED -> LISTEN       : recv RST',
    ],
  },
  {
    name: 'Simultaneous close, one side',
    file: 'examples/simultaneous-close.tcpfsm',
    steps: [
      '  ESTABLISHED -> FIN_WAIT_1 : close / send FIN',
      '  FIN_WAIT_1  -> CLOSING    : recv FIN / send ACK',
      '  CLOSING     -> TIME_WAIT  : recv ACK of FIN',
      '  TIME_WAIT   -> CLOSED     : timeout 2MSL',
    ],
  },
];

/** The seed as a block: `scenario "NAME" {` … `}` (the name a snippet placeholder when `snippet`). */
export function seedBlock(seed: Seed, snippet: boolean): string {
  const name = snippet ? `\${1:${seed.name.replace(/[$}\\]/g, (c) => `\\${c}`)}}` : seed.name;
  return [`scenario "${name}" {`, ...seed.steps.map((s) => (snippet ? s.replace(/[$}\\]/g, (c) => `\\${c}`) : s)), '}', snippet ? '$0' : ''].join('\n');
}
