// The examples the Get Started walkthrough opens, shipped in the package's examples/ folder
// (.vscodeignore lets them in; a unit test keeps the two lists equal). Pure: no vscode import.

export const WALKTHROUGH_EXAMPLES = [
  'conversations/handshake.tcpfsm',
  'conversations/lost-ack-fin-wait-1-to-time-wait.tcpfsm',
  'active-close.tcpfsm',
  'diagnostics.tcpfsm',
  // A real capture, opened in the TCP Capture editor (not as a text copy).
  'captures/lost-final-ack.pcap',
] as const;
