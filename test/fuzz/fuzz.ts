// `npm run fuzz [-- --seed N] [--inputs N] [--minutes M] [--keep]`: the full fuzz run. By default
// 1,000,000 inputs through parse + check + simulate (target core) and every 20th of them (50,000)
// through every feature and through random edits, within a time limit; prints the table and the
// failures, shrunk. With --keep, each failure is written to test/fuzz/reproducers/ (then commit
// it: `npm test` replays it). Exits 1 when anything failed.

import { runFuzz, table } from './engine';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} takes a number`);
  return value;
}

const seed = option('seed', Date.now() % 1_000_000);
const inputs = option('inputs', 1_000_000);
const minutes = option('minutes', 60);
const keep = process.argv.includes('--keep');

console.log(`fuzz: seed ${seed}, up to ${inputs.toLocaleString('en-US')} inputs, at most ${minutes} minutes${keep ? ', keeping reproducers' : ''}`);
let last = Date.now();
const report = runFuzz({
  seed,
  inputs,
  timeLimitMs: minutes * 60_000,
  shrink: true,
  keep,
  progress: (_done, current) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    console.log(`${current()}\n`);
  },
});
console.log(table(report));
if (report.failures.length > 0) console.log(`\nrun again with: npm run fuzz -- --seed ${seed}${keep ? '' : ' --keep'}`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
