// One measured read for bench/capture.ts, in its own process so that its peak RSS is its own:
//   node --import tsx bench/captureRead.ts FILE stream|collect|import
// `stream` counts the packets batch by batch (nothing kept); `collect` keeps every packet and
// groups them into connections; `import` then turns every connection into a conversation on the
// endpoint engine (tcpfsm import without printing). Prints one JSON line.

import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { groupConnections } from '../server/src/capture/connections';
import { readCaptureFile } from '../server/src/capture/file';
import { importConnection } from '../server/src/capture/importer';

const [file, mode] = process.argv.slice(2);
const started = performance.now();
let packets = 0;
let connections = 0;
let error: string | undefined;
if (mode === 'stream') {
  const r = readCaptureFile(file, { onBatch: (batch) => { packets += batch.packets.length; } });
  error = r.error?.message;
} else {
  const r = readCaptureFile(file);
  packets = r.packets.length;
  const grouped = groupConnections(r.packets);
  connections = grouped.length;
  error = r.error?.message;
  if (mode === 'import') {
    let bytes = 0;
    for (const c of grouped) bytes += importConnection(c).text.length;
    if (bytes === 0) error = 'nothing imported';
  }
}
const ms = performance.now() - started;
const status = fs.readFileSync('/proc/self/status', 'utf8');
const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
console.log(JSON.stringify({ ms, packets, connections, error, peakRssKiB: hwm ? Number(hwm[1]) : null }));
