// Hover documentation for every state and event word, in the project's own words.
import type { State } from './machine';

export interface StateDoc {
  /** One sentence: what the state is. */
  readonly summary: string;
  /** 2-4 sentences: what it means for the connection, what the endpoint is waiting for. */
  readonly meaning: string;
  /** Who gets here and how: active side / passive side / both, which call or segment. */
  readonly whoGetsHere: string;
  /**
   * What else happens in this state without the figure showing it, one point each: the answers
   * to odd segments, the timers, the RFC's later updates (challenge ACKs, keep-alive, reopening).
   * Optional; in the project's own words.
   */
  readonly details?: readonly string[];
  /** How Linux tools name it, e.g. "`ss`: SYN-RECV · `netstat`: SYN_RECV · /proc/net/tcp: 03". */
  readonly linuxNames: string;
  /** A command that lists sockets in this state, e.g. "ss -tan state syn-recv". */
  readonly ssCommand: string;
  /** Where the real Linux stack differs from the RFC diagram (from LINUX-FACTS.md), own words; may be empty. */
  readonly linuxDifferences: readonly string[];
}

/** Shared wording: challenge ACKs (RFC 5961), for every synchronized state. */
const CHALLENGE_ACK =
  'Challenge ACKs (RFC 5961): a SYN is not obeyed but answered with an ACK that shows where this ' +
  'side really is, and so is a RST whose sequence number is inside the window but not exactly the ' +
  'next one expected; only a RST at exactly that number resets the connection. A blind attacker ' +
  'who guesses roughly cannot reset it, and a real peer that lost track answers the challenge ACK ' +
  'with a RST that does fit.';
/** Shared wording: duplicates answered with an ACK (3.10.7.4, first check). */
const DUPLICATES =
  'A duplicate (a retransmitted segment whose SYN, data or FIN already arrived) or an old segment ' +
  'of an earlier connection is answered with an ACK and dropped; a duplicate RST is dropped silently.';
/** Shared wording: keep-alive (RFC 1122 4.2.3.6). */
const KEEPALIVE =
  'Keep-alive (RFC 1122 4.2.3.6, off unless the application asks for it): after a long silence ' +
  '(7200 s) a probe goes out, an ACK of data the peer has already seen, which a live peer must ' +
  'answer with an ACK. A peer that crashed and came back answers with RST (half-open discovery); ' +
  'a peer that is gone does not answer, and after several probes 75 s apart the connection is ' +
  'given up. Written `timeout keepalive`.';

export const STATE_DOCS: Readonly<Record<State, StateDoc>> = {
  CLOSED: {
    summary: 'No connection exists: there is no TCB, or the one there was has been deleted.',
    meaning:
      'The start and end point of the diagram; nothing is remembered about the connection. ' +
      'A segment arriving here gets a RST in reply unless it is itself a RST — this is how a ' +
      'client learns that nobody listens on a port ("connection refused"). ' +
      'The only ways out are the two opens: `listen` (passive) and `connect` (active).',
    whoGetsHere:
      'Both sides start here. Later: the active closer when TIME_WAIT\'s 2MSL timer expires, the ' +
      'passive closer when the ACK of its FIN reaches it in LAST_ACK, `close` from LISTEN or ' +
      'SYN_SENT, any endpoint that receives an acceptable RST or calls `abort`, any state on ' +
      'the user timeout, and a host that crashes (`crash`: it forgets every connection and sends nothing).',
    details: [
      'The reset is built so that the sender of the segment accepts it: when the segment carries an ' +
        'ACK, the RST takes its sequence number from that ACK (`<SEQ=SEG.ACK><CTL=RST>`); when it ' +
        'has none (a SYN), the RST carries an ACK of it instead (RST+ACK).',
      'Half-open discovery (RFC 9293 Figure 9): a host that crashed and came back has no record of ' +
        'its old connection, so the first segment its peer sends on it is answered with such a RST, ' +
        'and the peer, which still believed in the connection, closes. In a conversation: `crash`, ' +
        'then the peer\'s `send data` and `recv DATA` at the crashed side.',
      'A RST that arrives here is dropped: a reset is never answered with a reset.',
    ],
    linuxNames: '`ss`: UNCONN · `netstat`: CLOSE · /proc/net/tcp: 07 (the file prints hex state codes, not names)',
    ssCommand: 'ss -tan state closed',
    linuxDifferences: [
      'Closed sockets are mostly invisible: a socket that was only created or bound is not in ' +
        '/proc/net/tcp, and a connection that has finished is freed by the kernel, so ' +
        '`ss -tan state closed` usually shows little or nothing.',
      'A SYN to a port with no listener is answered with RST+ACK (sequence number 0), and the ' +
        'caller\'s `connect()` fails with ECONNREFUSED.',
      'An abort with `SO_LINGER` {on, 0 s} followed by `close()` sends RST+ACK and lands here ' +
        'directly, never passing through TIME_WAIT.',
    ],
  },

  LISTEN: {
    summary: 'A passive opener waits for a connection request (SYN) from any remote endpoint.',
    meaning:
      'The endpoint owns a local port but has no peer yet, and sends nothing on its own. ' +
      'A SYN is answered with SYN+ACK and leads to SYN_RECEIVED; a stray RST is ignored and a ' +
      'stray ACK is answered with a RST. `close` just deletes the TCB (→ CLOSED); in the RFC, a ' +
      'SEND or an active OPEN (`connect`) on a listening connection turns it into an active open (→ SYN_SENT).',
    whoGetsHere:
      'The passive side (a server): `listen` (passive OPEN) from CLOSED. A passively opened ' +
      'connection also falls back here when a RST, or a SYN of another connection, arrives in ' +
      'SYN_RECEIVED (note 1, 3.10.7.4).',
    details: [
      'An old duplicate SYN (RFC 9293 Figure 8) cannot be told from a new one here: it starts a ' +
        'connection like any other (`recv old SYN`). The peer, which never asked for it, answers ' +
        'the SYN+ACK with a RST, and the half-made connection goes back to LISTEN.',
      'Any segment with an ACK is answered with `<SEQ=SEG.ACK><CTL=RST>`: there is no connection ' +
        'it could acknowledge.',
    ],
    linuxNames: '`ss`: LISTEN · `netstat`: LISTEN · /proc/net/tcp: 0A',
    ssCommand: 'ss -tln',
    linuxDifferences: [
      'The listening socket stays in LISTEN for its whole life. Each SYN creates a separate ' +
        'request socket (shown as SYN-RECV), and the final ACK turns that into a new ESTAB socket ' +
        'returned by `accept()`; the RFC\'s single connection going LISTEN → SYN_RECEIVED → ' +
        'ESTABLISHED is spread over these sockets.',
      'In `ss -tln`, Recv-Q of a listener is the number of connections waiting for `accept()` and ' +
        'Send-Q is the backlog limit. Same list: `ss -tan state listening`.',
      'The socket API has no counterpart of the LISTEN → SYN_SENT edge: a listening socket can be ' +
        'made to connect neither by sending on it nor by calling `connect()`.',
    ],
  },

  SYN_SENT: {
    summary: 'An active opener has sent its SYN and waits for the peer to answer.',
    meaning:
      'The endpoint has picked its initial sequence number and announced it, but knows nothing ' +
      'yet of the peer\'s, so the connection is not synchronized. A SYN+ACK that acknowledges our ' +
      'SYN completes the open (send ACK → ESTABLISHED); a bare SYN means the peer is opening at ' +
      'the same moment (simultaneous open → SYN_RECEIVED). A RST that acknowledges our SYN means ' +
      'refusal (→ CLOSED); with no answer at all the SYN is retransmitted until the user timeout.',
    whoGetsHere:
      'The active side (a client): `connect` (active OPEN) from CLOSED sends the SYN. In the RFC, ' +
      'a listening connection that is given data to send or told to connect also gets here.',
    details: [
      'Half-open discovery (RFC 9293 Figure 9): a segment whose ACK does not acknowledge our SYN — ' +
        'typically from the peer\'s side of an older connection that this host lost in a crash — ' +
        'is answered with `<SEQ=SEG.ACK><CTL=RST>` and the endpoint keeps waiting. The peer accepts ' +
        'that reset and closes; our retransmitted SYN then finds it ready for a new connection.',
      'A RST counts only when it acknowledges our SYN; any other RST is dropped.',
      'Data sent now is queued (3.10.2): it leaves with the ACK of the SYN+ACK, as one `DATA` ' +
        'segment instead of a pure ACK.',
      'No answer: `timeout retransmit` sends the SYN again; `timeout user` gives up (→ CLOSED, ' +
        'nothing sent) — a connect to a black hole.',
    ],
    linuxNames: '`ss`: SYN-SENT · `netstat`: SYN_SENT · /proc/net/tcp: 02',
    ssCommand: 'ss -tan state syn-sent',
    linuxDifferences: [
      'On loopback SYN-SENT lasts microseconds. A socket you can actually see here is usually ' +
        'retransmitting its SYN with backoff (up to `tcp_syn_retries` times) because the SYN or ' +
        'its answer is being dropped — a firewall or an unreachable host.',
      'With the default `tcp_syn_retries` = 6 and a first timeout of 1 s that doubles each time, ' +
        '`connect()` to a black hole gives up after about 127 s with ETIMEDOUT.',
      'A port with no listener answers with RST+ACK; the socket goes back to CLOSED and ' +
        '`connect()` fails with ECONNREFUSED.',
    ],
  },

  SYN_RECEIVED: {
    summary:
      'A SYN has arrived and been answered with SYN+ACK; the endpoint waits for the ACK that completes the handshake.',
    meaning:
      'This endpoint now knows both initial sequence numbers, but has no proof yet that the peer ' +
      'received its own SYN. The ACK of that SYN moves it to ESTABLISHED (in a simultaneous open ' +
      'this ACK comes on a SYN+ACK). An acceptable RST sends a passively opened connection back to ' +
      'LISTEN (note 1) and an actively opened one to CLOSED; without an answer the SYN+ACK is ' +
      'retransmitted.',
    whoGetsHere:
      'Usually the passive side: in LISTEN a SYN arrives and is answered with SYN+ACK. Also both ' +
      'sides of a simultaneous open (in SYN_SENT a bare SYN arrives), and a TIME_WAIT reopened by ' +
      'the SYN of a new connection.',
    details: [
      'A retransmitted SYN (our SYN+ACK was lost) is answered with the SYN+ACK again.',
      'A SYN of a different connection: reached from LISTEN, the half-made connection is dropped ' +
        'and the endpoint listens again (3.10.7.4); reached any other way, it answers with its ' +
        'SYN+ACK again.',
      'Data the application sends now is queued and leaves once the ACK of our SYN arrives.',
      'Here this tool drops other old or unacceptable segments without an answer (RFC 9293 would ' +
        'acknowledge them, Linux re-sends its SYN+ACK).',
    ],
    linuxNames:
      '`ss`: SYN-RECV · `netstat`: SYN_RECV · /proc/net/tcp: 03 (request sockets are kernel state 0C NEW_SYN_RECV)',
    ssCommand: 'ss -tan state syn-recv',
    linuxDifferences: [
      'On a passive open the listening socket never leaves LISTEN. Each SYN creates a small ' +
        'request socket (internally TCP_NEW_SYN_RECV, 0x0C) that `ss` and /proc/net/tcp show as ' +
        'SYN-RECV / 03; the final ACK turns it into a new ESTAB socket for `accept()`. The RFC\'s ' +
        '"back to LISTEN on RST" amounts to dropping that request socket.',
      'In a simultaneous open the real socket does pass through SYN-RECV, but the exchange takes ' +
        '6 segments instead of 4: each side adds an ACK carrying a D-SACK for the duplicate SYN. ' +
        'It only happens when there is real delay between the two hosts.',
      'Piles of SYN-RECV entries whose ACK never comes suggest a SYN flood or a broken return ' +
        'path; with SYN cookies the kernel can answer without keeping request sockets at all.',
    ],
  },

  ESTABLISHED: {
    summary: 'The connection is open: both sides are synchronized and data flows in both directions.',
    meaning:
      'The normal data-transfer state: each side sends data and acknowledges what it receives, ' +
      'and the state does not change while it does. It ends gracefully when the local ' +
      'application calls `close` (send FIN → FIN_WAIT_1, the active close) or the peer\'s FIN ' +
      'arrives (send ACK → CLOSE_WAIT, the passive close), and abruptly on a RST, an `abort` or ' +
      'the user timeout.',
    whoGetsHere:
      'Both sides: the active opener when the SYN+ACK arrives (it sends the final ACK), the passive ' +
      'opener when the ACK of its SYN+ACK arrives, and both sides of a simultaneous open.',
    details: [
      DUPLICATES,
      CHALLENGE_ACK,
      KEEPALIVE,
      'Delayed ACKs: a receiver may hold the ACK of data or of a FIN for a moment, hoping to send ' +
        'it on a segment of its own. Write that arrival `recv DATA / delay ACK`; the owed ACK ' +
        'leaves with the next segment, or alone with `send ACK`.',
      'Data not acknowledged in time is sent again (`timeout retransmit`); the user timeout gives ' +
        'the connection up (→ CLOSED, nothing sent).',
    ],
    linuxNames: '`ss`: ESTAB · `netstat`: ESTABLISHED · /proc/net/tcp: 01',
    ssCommand: 'ss -tan state established',
    linuxDifferences: [
      'On a server, each established connection is a new socket returned by `accept()`; the ' +
        'listening socket itself stays in LISTEN.',
      '`close()` while received data is still unread sends RST+ACK instead of a FIN: the ' +
        'connection is reset (→ CLOSED), not closed gracefully (→ FIN_WAIT_1).',
      '`SO_LINGER` {on, 0 s} followed by `close()` is the RFC\'s ABORT: RST+ACK, straight to CLOSED.',
      'Keep-alive runs only on sockets with `SO_KEEPALIVE`; the defaults are `tcp_keepalive_time` ' +
        '7200 s, `tcp_keepalive_intvl` 75 s and `tcp_keepalive_probes` 9.',
      'Linux acknowledges data at once in some phases (quick-ACK mode, as in the captures\' ' +
        'handshakes) and delays the ACK by about 40 ms in others, notably the ACK of a FIN. It also ' +
        'limits how many challenge ACKs it sends per second (`tcp_challenge_ack_limit`).',
    ],
  },

  FIN_WAIT_1: {
    summary: 'The local application has closed: our FIN is sent but not yet acknowledged.',
    meaning:
      'This endpoint will send no more data but can still receive. What happens next depends on ' +
      'the peer: an ACK of our FIN alone leads to FIN_WAIT_2; a FIN that does not yet acknowledge ' +
      'ours means both sides closed at once (send ACK → CLOSING); a FIN that also acknowledges ' +
      'ours goes straight to TIME_WAIT (note 2). Until it is acknowledged, our FIN is retransmitted.',
    whoGetsHere:
      'The active closer: `close` (or `shutdown`, the half close) in ESTABLISHED sends FIN; ' +
      '`send data, close` sends the last data and the FIN in one segment. Also `close` in ' +
      'SYN_RECEIVED, which sends the FIN at once when no data is waiting to go out.',
    details: [
      'Our FIN, and any data sent before it, is sent again on the retransmission timeout ' +
        '(`timeout retransmit`).',
      'Data from the peer is still accepted and acknowledged — except on Linux after `close()` (below).',
      DUPLICATES,
      CHALLENGE_ACK,
    ],
    linuxNames: '`ss`: FIN-WAIT-1 · `netstat`: FIN_WAIT1 · /proc/net/tcp: 04',
    ssCommand: 'ss -tan state fin-wait-1',
    linuxDifferences: [
      'FIN_WAIT_1 → TIME_WAIT, which the figure leaves to note 2, is the common path on Linux: the ' +
        'peer delays its ACK of our FIN (about 40 ms), so when its application closes, its own FIN ' +
        'usually carries that ACK (FIN+ACK).',
      'After `close()` (not `shutdown()`) nobody can read any more, so data that still arrives is ' +
        'answered with RST and the socket goes straight to CLOSED: a half-duplex close, which RFC ' +
        '9293 3.6.1 allows, answering lost data with RST as it recommends. Write it in a block with ' +
        '`stack linux`.',
      'A socket that stays visible in FIN-WAIT-1 usually still has data queued ahead of its FIN ' +
        '(the peer\'s window is closed, or the peer is unreachable).',
    ],
  },

  FIN_WAIT_2: {
    summary: 'Our FIN has been acknowledged; we wait for the peer to close its direction.',
    meaning:
      'The connection is half-closed: our direction is finished, but the peer may still send ' +
      'data, which this endpoint accepts and acknowledges. Only the peer\'s FIN ends it (send ACK ' +
      '→ TIME_WAIT). The RFC sets no time limit: if the peer\'s application never closes, this ' +
      'side waits indefinitely.',
    whoGetsHere:
      'The active closer, from FIN_WAIT_1, when the ACK of its FIN arrives before the peer\'s FIN.',
    details: [
      KEEPALIVE,
      DUPLICATES,
      CHALLENGE_ACK,
    ],
    linuxNames: '`ss`: FIN-WAIT-2 · `netstat`: FIN_WAIT2 · /proc/net/tcp: 05',
    ssCommand: 'ss -tan state fin-wait-2',
    linuxDifferences: [
      'After `close()` the socket is orphaned (no descriptor can read from it): Linux keeps it as a ' +
        'small timewait socket (`ss` shows `timer:(timewait,…)`) and deletes it silently after ' +
        '`tcp_fin_timeout` (60 s by default), sending nothing — `timeout fin-wait-2` on `stack ' +
        'linux`. Data the peer sends meanwhile is answered with RST (→ CLOSED).',
      'After `shutdown(SHUT_WR)` the application still holds the socket and can read, so it stays ' +
        'in FIN-WAIT-2 with no timer — the RFC behaviour — until the peer\'s FIN arrives, and data ' +
        'is accepted as usual.',
      'Many FIN-WAIT-2 sockets here usually mirror CLOSE-WAIT sockets on the peer: its ' +
        'application has not called `close()`.',
    ],
  },

  CLOSE_WAIT: {
    summary:
      'The peer has closed its direction (its FIN arrived and was acknowledged); the local application has not closed yet.',
    meaning:
      'Half-closed from the other side: nothing more will arrive, but this endpoint may still ' +
      'send. TCP is waiting for the local application to call `close` (send FIN → LAST_ACK), and ' +
      'no timer ends this state. A socket stuck in CLOSE_WAIT is an application bug: the program ' +
      'saw end-of-file (`read()`/`recv()` returned 0) and never closed the descriptor, or leaked it.',
    whoGetsHere: 'The passive closer: in ESTABLISHED the peer\'s FIN arrives and is acknowledged.',
    details: [
      'If our ACK of the peer\'s FIN was lost, the FIN comes again; as a duplicate it is ' +
        'acknowledged again.',
      'Data sent here and not acknowledged in time is retransmitted; `send data, close` sends the ' +
        'last data and our FIN together (→ LAST_ACK).',
      KEEPALIVE,
      CHALLENGE_ACK,
    ],
    linuxNames: '`ss`: CLOSE-WAIT · `netstat`: CLOSE_WAIT · /proc/net/tcp: 08',
    ssCommand: 'ss -tanp state close-wait',
    linuxDifferences: [
      'With a well-behaved application CLOSE-WAIT lasts microseconds on loopback; long-lived ' +
        'CLOSE-WAIT sockets are what people actually find with `ss`/`netstat`. `-p` names the ' +
        'process holding them; the fix is in that program (close after reading end-of-file), not ' +
        'in a sysctl.',
      'Meanwhile the peer sits in FIN-WAIT-2; if it closed with `close()` it gives up after 60 s ' +
        'and answers anything this side sends later with RST.',
    ],
  },

  CLOSING: {
    summary:
      'Simultaneous close: we sent a FIN and received the peer\'s FIN before ours was acknowledged.',
    meaning:
      'Both sides closed at about the same time and their FINs crossed. This endpoint has ' +
      'acknowledged the peer\'s FIN and now waits for the ACK of its own; when it arrives the ' +
      'endpoint enters TIME_WAIT. Until then our FIN is retransmitted.',
    whoGetsHere:
      'Both sides of a simultaneous close: in FIN_WAIT_1 a FIN arrives that does not acknowledge ' +
      'our FIN, and we send an ACK for it.',
    details: [
      'Our FIN is sent again on the retransmission timeout; a retransmitted FIN of the peer is ' +
        'acknowledged again.',
      CHALLENGE_ACK,
    ],
    linuxNames: '`ss`: CLOSING · `netstat`: CLOSING · /proc/net/tcp: 0B',
    ssCommand: 'ss -tan state closing',
    linuxDifferences: [
      'Linux follows the figure exactly (FIN-WAIT-1 → CLOSING → TIME-WAIT) when the two FINs cross ' +
        'and neither acknowledges the other. It is rare, because a FIN usually carries the ACK of ' +
        'the other side\'s FIN (see FIN_WAIT_1 → TIME_WAIT).',
    ],
  },

  LAST_ACK: {
    summary: 'The passive closer has sent its own FIN and waits for the final ACK.',
    meaning:
      'Both directions are finished: the peer\'s FIN was acknowledged earlier and ours is now in ' +
      'flight. The ACK of our FIN ends the connection (→ CLOSED, TCB deleted), with no TIME_WAIT on ' +
      'this side. If that ACK is lost, our FIN is retransmitted and the peer, still in TIME_WAIT, ' +
      'acknowledges it again.',
    whoGetsHere: 'The passive closer: `close` in CLOSE_WAIT sends FIN (or `send data, close`, data and FIN in one segment).',
    details: [
      'A retransmitted FIN of the peer (our ACK of it was lost) is a duplicate: acknowledged again.',
      CHALLENGE_ACK,
    ],
    linuxNames: '`ss`: LAST-ACK · `netstat`: LAST_ACK · /proc/net/tcp: 09',
    ssCommand: 'ss -tan state last-ack',
    linuxDifferences: [
      'When the final ACK is lost, Linux first sends the FIN again as a Tail Loss Probe (RACK-TLP, ' +
        'RFC 8985), about twice the smoothed round-trip time plus 200 ms after the original: about ' +
        '200 ms on plain loopback. (The capture scenario-8, made with an added 100 ms delay each ' +
        'way, shows about 0.6 s.) Later retransmissions follow the retransmission timeout with ' +
        'exponential backoff.',
      'Normally this lasts one round trip; LAST-ACK sockets that stay visible mean the peer has ' +
        'gone or its ACKs do not get through.',
    ],
  },

  TIME_WAIT: {
    summary:
      'The active closer has acknowledged the peer\'s FIN and waits 2×MSL before forgetting the connection.',
    meaning:
      'As far as this side knows both FINs are acknowledged, but it cannot tell whether its own ' +
      'last ACK arrived. It stays for 2×MSL (MSL is 2 minutes in the RFC, so 4 minutes) for two ' +
      'reasons: if that ACK was lost the peer will retransmit its FIN, which must be acknowledged ' +
      'again rather than answered with RST; and old duplicate segments of this connection must ' +
      'die out in the network before the same 4-tuple (addresses and ports) is reused, so they ' +
      'cannot be mistaken for data of a new connection. When the timer expires the TCB is deleted ' +
      '(→ CLOSED).',
    whoGetsHere:
      'The side that closed first (the active closer): from FIN_WAIT_2 when the peer\'s FIN arrives, ' +
      'from FIN_WAIT_1 on a FIN that also acknowledges ours (note 2), from CLOSING when the ACK of ' +
      'its FIN arrives. After a simultaneous close, both sides.',
    details: [
      'A retransmitted FIN is acknowledged again and 2MSL starts over; an old duplicate FIN (`recv ' +
        'old FIN`) is acknowledged but does not restart it.',
      'Reopening (RFC 9293 3.6.1 MAY-2): the SYN of a new connection for the same addresses and ' +
        'ports may start that connection at once (→ SYN_RECEIVED, SYN+ACK sent) instead of being ' +
        'refused until 2MSL is over. RFC 6191 says how a host can tell the SYN is new: with TCP ' +
        'timestamps, its timestamp is newer than the last one of the old connection; without, its ' +
        'sequence number lies beyond the old connection\'s. Any other SYN gets a challenge ACK.',
      'How long: 240 s on `stack rfc9293`, 60 s on `stack linux`. With times in a conversation, ' +
        '`timeout 2MSL` before that is `early-timeout`.',
    ],
    linuxNames: '`ss`: TIME-WAIT · `netstat`: TIME_WAIT · /proc/net/tcp: 06',
    ssCommand: 'ss -tan state time-wait',
    linuxDifferences: [
      'Linux holds TIME-WAIT for a fixed 60 s (TCP_TIMEWAIT_LEN), not 4 minutes; every ' +
        'retransmitted FIN is acknowledged again and restarts the 60 s.',
      'The state is kept in a small timewait socket (`ss -tano` shows `timer:(timewait,…)`); it ' +
        'can begin while the application still holds the descriptor.',
      'A SYN for the same 4-tuple does reopen it (TIME-WAIT → SYN-RECV → ESTAB). Timestamps are on ' +
        'by default, so the usual test is RFC 6191\'s: the SYN\'s timestamp is newer than the last ' +
        'one seen on the old connection; without timestamps its initial sequence number must be ' +
        'larger than the old connection\'s.',
      'With the default `tcp_rfc1337` = 0, a RST at the expected sequence number ends TIME-WAIT at ' +
        'once (the hazard RFC 1337 calls TIME-WAIT assassination); set to 1, such resets are ignored.',
      'A server that closed first keeps its port in TIME-WAIT: restarting it then fails in ' +
        '`bind()` with EADDRINUSE unless both the old and the new socket set `SO_REUSEADDR`.',
      'An abort (`SO_LINGER` {on, 0 s} + `close()`) sends RST+ACK and never enters TIME-WAIT; ' +
        'Linux does not take the note-3 option of holding TIME-WAIT after sending a RST.',
    ],
  },
};

export interface WordDoc {
  /** Short title, e.g. "listen — passive OPEN". */
  readonly title: string;
  /** 1-3 sentences. */
  readonly doc: string;
  /** RFC 9293 section(s), e.g. "3.10.1". */
  readonly rfc?: string;
}

const RECV_DOC =
  'Names the segment whose arrival triggers the step, e.g. `recv SYN+ACK`. In a conversation, ' +
  '`P: recv SEG` delivers the segment at the head of the queue toward P, and SEG must match its ' +
  'flags. It means a segment arrives, not the RFC\'s user RECEIVE call.';

/** Keys are lowercase words as they appear in .tcpfsm files. */
export const WORD_DOCS: Readonly<Record<string, WordDoc>> = {
  // --- user calls -------------------------------------------------------------------------
  listen: {
    title: 'listen — passive OPEN',
    doc:
      'User call: wait for a peer to connect instead of initiating (CLOSED → LISTEN, nothing is ' +
      'sent). In the socket API this is `bind()` + `listen()`. Same as `passive open`.',
    rfc: '3.10.1',
  },
  connect: {
    title: 'connect — active OPEN',
    doc:
      'User call: start a connection by sending a SYN (CLOSED → SYN_SENT). In the socket API this ' +
      'is `connect()`. Same as `active open`.',
    rfc: '3.10.1',
  },
  close: {
    title: 'close — CLOSE call',
    doc:
      'User call meaning "I have nothing more to send"; receiving goes on until the peer\'s FIN. ' +
      'From ESTABLISHED or SYN_RECEIVED it sends FIN (→ FIN_WAIT_1), from CLOSE_WAIT it sends FIN ' +
      '(→ LAST_ACK), from LISTEN or SYN_SENT it deletes the TCB (→ CLOSED).',
    rfc: '3.10.4, 3.6',
  },
  abort: {
    title: 'abort — ABORT call',
    doc:
      'User call that tears the connection down at once, discarding queued data (→ CLOSED). ' +
      'In SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 and CLOSE_WAIT it sends a RST; in ' +
      'LISTEN, SYN_SENT, CLOSING, LAST_ACK and TIME_WAIT nothing is sent. On Linux: ' +
      '`SO_LINGER` {on, 0 s} then `close()`, which sends RST+ACK.',
    rfc: '3.10.5',
  },
  send: {
    title: 'send — a segment goes out, or the SEND call',
    doc:
      '`send SEG` (or `snd SEG`) names a segment this endpoint transmits, e.g. `send SYN+ACK`. ' +
      '`send data` is the user SEND call: in ESTABLISHED or CLOSE_WAIT it queues data, and from ' +
      'LISTEN it turns the connection active (send SYN → SYN_SENT).',
    rfc: '3.10.2',
  },
  snd: {
    title: 'snd — short for send',
    doc:
      'Same as `send SEG`: this endpoint transmits the segment. The abbreviation is the one the ' +
      'RFC figure uses (`snd SYN,ACK`).',
    rfc: '3.3.2',
  },
  data: {
    title: 'data — the SEND call / a DATA segment',
    doc:
      '`send data` is the user SEND call; `DATA` is the flag of a segment that carries data ' +
      '(`recv DATA / send ACK`), in scenarios and conversations alike. In a conversation, ' +
      '`P: send data` puts a `DATA` segment (which also carries an ACK) in flight toward the other ' +
      'peer, and `send data, close` sends the data and the FIN in one `DATA+FIN` segment. Data is ' +
      'accepted and acknowledged in ESTABLISHED, FIN_WAIT_1 and FIN_WAIT_2; sent in SYN_SENT or ' +
      'SYN_RECEIVED it waits until the connection is established.',
    rfc: '3.10.2, 3.10.7.4',
  },

  // --- segment arrival ---------------------------------------------------------------------
  recv: { title: 'recv — a segment arrives', doc: RECV_DOC, rfc: '3.10.7' },
  rcv: { title: 'rcv — short for recv (as in the RFC figure)', doc: RECV_DOC, rfc: '3.10.7' },
  receive: { title: 'receive — same as recv', doc: RECV_DOC, rfc: '3.10.7' },

  // --- timers ------------------------------------------------------------------------------
  timeout: {
    title: 'timeout — a timer fires',
    doc:
      'Names the timer: `timeout retransmit` sends the oldest unacknowledged SYN, SYN+ACK, data or ' +
      'FIN again (the state stays); `timeout 2MSL` ends TIME_WAIT (→ CLOSED); `timeout user` gives ' +
      'the connection up from any state but CLOSED, sending nothing; `timeout keepalive` sends a ' +
      'keep-alive probe in ESTABLISHED, CLOSE_WAIT or FIN_WAIT_2; `timeout fin-wait-2` (stack ' +
      '`linux` only, after `close`) deletes a FIN_WAIT_2 socket. In a scenario a bare `timeout` ' +
      'matches any of them; in a conversation it is the first of retransmit, 2MSL and fin-wait-2 ' +
      'that runs for that peer. When the block has times, a 2MSL, fin-wait-2 or keep-alive timeout ' +
      'written before its timer can expire is `early-timeout`.',
    rfc: '3.10.8',
  },
  '2msl': {
    title: '2MSL — twice the maximum segment lifetime',
    doc:
      'The length of TIME_WAIT: long enough for a lost final ACK to be repaired and for old ' +
      'duplicates to leave the network. MSL is 2 minutes in the RFC, so 240 s on `stack rfc9293`; ' +
      'Linux uses a fixed 60 s (`stack linux`). A retransmitted FIN restarts it, an old duplicate ' +
      'FIN does not. With times, `timeout 2MSL` before it has run out is `early-timeout`.',
    rfc: '3.4.2, 3.10.8',
  },
  msl: {
    title: 'MSL — maximum segment lifetime',
    doc:
      'How long a segment is assumed to survive in the network; 2 minutes in the RFC. TIME_WAIT ' +
      'lasts twice that (`timeout 2MSL`).',
    rfc: '3.4.2',
  },

  // --- open wording ------------------------------------------------------------------------
  passive: {
    title: 'passive open — same as listen',
    doc: '`passive open` is the RFC\'s name for `listen`: wait for a SYN from any peer (CLOSED → LISTEN).',
    rfc: '3.10.1',
  },
  active: {
    title: 'active open — same as connect',
    doc: '`active open` is the RFC\'s name for `connect`: send a SYN to a given peer (CLOSED → SYN_SENT).',
    rfc: '3.10.1',
  },
  open: {
    title: 'open — the OPEN call',
    doc:
      'Written as `passive open` (= `listen`) or `active open` (= `connect`). The RFC has a single ' +
      'OPEN call with an active/passive flag.',
    rfc: '3.10.1',
  },

  // --- TCB bookkeeping ---------------------------------------------------------------------
  create: {
    title: 'create TCB — bookkeeping from the figure',
    doc:
      'An OPEN allocates the connection\'s Transmission Control Block. In the figure it labels the ' +
      'two opens out of CLOSED (→ LISTEN, → SYN_SENT); nothing is sent because of it.',
    rfc: '3.3.2, 3.10.1',
  },
  delete: {
    title: 'delete TCB — bookkeeping from the figure',
    doc:
      'The connection\'s record is discarded and the state is CLOSED again. In the figure it labels ' +
      '`close` from LISTEN and SYN_SENT and the 2MSL timeout in TIME_WAIT.',
    rfc: '3.3.2, 3.10.4, 3.10.8',
  },
  tcb: {
    title: 'TCB — Transmission Control Block',
    doc:
      'The record a TCP keeps per connection: local and remote socket addresses, send and receive ' +
      'sequence variables (SND.UNA, SND.NXT, RCV.NXT, …), windows, buffers and timers. CLOSED means ' +
      'there is none.',
    rfc: '3.3.1',
  },
  of: {
    title: 'of — what an ACK acknowledges',
    doc:
      '`ACK of SYN` / `ACK of FIN` says which of this endpoint\'s segments the ACK covers. Optional; ' +
      'when written it must match the edge — e.g. FIN_WAIT_1 moves to FIN_WAIT_2 only on an ACK of ' +
      'our FIN.',
    rfc: '3.10.7.4',
  },

  // --- segment flags -----------------------------------------------------------------------
  syn: {
    title: 'SYN — synchronize sequence numbers',
    doc:
      'Opens a connection and carries the sender\'s initial sequence number; it uses up one ' +
      'sequence number and must be acknowledged. Next to SYN the ACK flag matters: `SYN` (an opening ' +
      'request) is not `SYN+ACK` (the answer that also acknowledges the peer\'s SYN).',
    rfc: '3.1, 3.5',
  },
  ack: {
    title: 'ACK — acknowledgment',
    doc:
      'The acknowledgment number is valid: it is the next sequence number the sender expects, ' +
      'confirming everything before it. Once the connection is synchronized every segment carries ' +
      'it; in labels it is optional next to FIN or RST (`FIN` = `FIN+ACK`) but significant next to SYN.',
    rfc: '3.1, 3.4',
  },
  fin: {
    title: 'FIN — no more data from the sender',
    doc:
      'Closes one direction: the sender promises to send nothing more but can still receive. It ' +
      'uses up one sequence number and must be acknowledged; each side sends its own FIN, so a ' +
      'graceful close takes a FIN and an ACK in each direction.',
    rfc: '3.6',
  },
  rst: {
    title: 'RST — reset',
    doc:
      'Aborts a connection, or refuses a segment that belongs to no connection (e.g. a SYN to a ' +
      'closed port). A RST is checked before it is obeyed: in SYN_SENT it must acknowledge our ' +
      'SYN; elsewhere its sequence number must be in the window, and since RFC 5961 only a RST at ' +
      'exactly the next expected number resets the connection — one that is in the window but not ' +
      'exact is answered with a challenge ACK, which lets the real peer confirm with a RST that ' +
      'fits. A reset is never answered with a reset. An accepted RST sends the receiver to CLOSED, ' +
      'or back to LISTEN if SYN_RECEIVED came from a passive open.',
    rfc: '3.5.2, 3.5.3, 3.10.7',
  },

  // --- conversation and block words --------------------------------------------------------
  lose: {
    title: 'lose — the network drops a segment (conversation)',
    doc:
      '`P: lose SEG` removes the segment at the head of the queue toward P as if it never arrived; ' +
      'SEG must match it. Follow with `timeout` at the sender to model the retransmission of a ' +
      'lost SYN or FIN.',
  },
  expect: {
    title: 'expect — assert the peers\' states (conversation)',
    doc:
      '`expect P STATE, Q STATE` checks each named peer\'s simulated state at this point; a ' +
      'mismatch is reported as `expect-failed`.',
  },
  peers: {
    title: 'peers — name the two endpoints (conversation)',
    doc:
      '`peers a, b` names the conversation\'s two endpoints; without it they are `client` and ' +
      '`server`. It comes first in the block.',
  },
  start: {
    title: 'start — initial states (conversation)',
    doc:
      '`start a STATE, b STATE` begins each peer in the given state instead of CLOSED, e.g. both in ' +
      'ESTABLISHED to study only the close.',
  },
  scenario: {
    title: 'scenario — one endpoint\'s transitions',
    doc:
      'A block of explicit steps for one endpoint: `FROM -> TO : label`, or a chain ' +
      '`A -> B -> C`. Each step must be an edge of the RFC 9293 machine and start where the ' +
      'previous step ended.',
    rfc: '3.3.2',
  },
  conversation: {
    title: 'conversation — two endpoints, simulated',
    doc:
      'A block of events at two peers (`client: connect`, `server: recv SYN`, …). The checker ' +
      'runs both state machines and the segments in flight between them; `expect` asserts the ' +
      'resulting states.',
    rfc: '3.5, 3.6',
  },
};

/** For `tcpfsm explain` (socket tables): which side has closed and what to do about sockets
 *  found in each state. The meaning itself is STATE_DOCS' summary. */
export interface SocketStateAdvice {
  /** Which side has closed; absent while no side has begun to close. */
  readonly closed?: string;
  /** What the application or the operator should do, if anything. */
  readonly advice: string;
  /** Whether a pile of such sockets usually needs attention (listed first). */
  readonly attention: boolean;
}

export const SOCKET_STATE_ADVICE: Readonly<Record<State, SocketStateAdvice>> = {
  CLOSED: {
    advice: 'Nothing: the socket has no connection (only created or bound).',
    attention: false,
  },
  LISTEN: {
    advice:
      'Nothing: a server waiting for connections. Its Recv-Q counts connections waiting for accept(); ' +
      'close to Send-Q (the backlog) means the application accepts too slowly.',
    attention: false,
  },
  SYN_SENT: {
    advice:
      'Many, or lasting: the peer does not answer the SYN (host down, wrong address, a firewall dropping it); ' +
      'connect() fails after tcp_syn_retries retransmissions.',
    attention: true,
  },
  SYN_RECEIVED: {
    advice:
      'Many: the ACKs that end the handshakes do not arrive, a SYN flood or a broken return path ' +
      '(SYN cookies answer without keeping these); on Linux these are request sockets, not the listener.',
    attention: true,
  },
  ESTABLISHED: {
    advice: 'Nothing: open connections.',
    attention: false,
  },
  FIN_WAIT_1: {
    closed: 'this side (it called close() or shutdown()); its FIN is not acknowledged yet',
    advice:
      'Lasting: the peer does not acknowledge the FIN, it is gone or data queued before the FIN cannot be sent ' +
      '(closed window); the kernel gives up after its retransmissions.',
    attention: true,
  },
  FIN_WAIT_2: {
    closed: 'this side; the peer has acknowledged but not closed its own direction',
    advice:
      'Waiting for the peer\'s application to close. After close() Linux drops the socket after tcp_fin_timeout ' +
      '(60 s); after shutdown() it waits as long as the peer. Many of them usually mirror CLOSE_WAIT sockets on the peer.',
    attention: false,
  },
  CLOSE_WAIT: {
    closed: 'the peer; this side has not called close() yet',
    advice:
      'The peer has closed and this process has not called close(): fix the application so that it closes the ' +
      'socket when read()/recv() returns 0 (end of file); `ss -tanp` names the process. No timer or sysctl ends this state.',
    attention: true,
  },
  CLOSING: {
    closed: 'both sides, at the same time',
    advice: 'Lasting: the ACK of this side\'s FIN is lost; it ends when one arrives or the retransmissions give up.',
    attention: false,
  },
  LAST_ACK: {
    closed: 'the peer first, then this side',
    advice:
      'Lasting: the final ACK does not arrive (the peer is gone or its ACKs are lost); ends after the FIN\'s retransmissions.',
    attention: true,
  },
  TIME_WAIT: {
    closed: 'both; this side closed first (the active closer)',
    advice:
      'Normal after closing first: each lasts 60 s on Linux and holds its 4-tuple, not the port for new connections. ' +
      'Thousands of them: let clients close first, reuse connections (keep-alive, pooling); tcp_tw_reuse lets ' +
      'outgoing connections reuse them.',
    attention: false,
  },
};
