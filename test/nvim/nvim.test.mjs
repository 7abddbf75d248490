// Neovim's built-in LSP client (Debian's 0.7.2 or newer) against dist/server.js: a second,
// independent client besides vscode-languageclient. Drives test/nvim/check.lua headless.
//
//   npm run test:nvim        (needs `nvim`: bash scripts/setup-editor.sh installs it)
//
// TCPFSM_NVIM=/path/to/nvim picks another Neovim binary.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const SCRIPT = join(ROOT, 'test', 'nvim', 'check.lua');
const NVIM = process.env.TCPFSM_NVIM || 'nvim';
const RUN_TIMEOUT_MS = 30_000;
const SETUP_HINT = 'run `bash scripts/setup-editor.sh` (npm run setup:editor), which installs Debian\'s neovim';

/** Fails (never skips) when Neovim is missing or too old for this check. */
function requireNvim() {
  const r = spawnSync(NVIM, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) {
    const why = r.error.code === 'ENOENT' ? 'is not installed' : `cannot be run (${r.error.message})`;
    throw new Error(`Neovim (\`${NVIM}\`) ${why}: ${SETUP_HINT}.`);
  }
  const m = /NVIM v(\d+)\.(\d+)\.(\d+)/.exec(r.stdout);
  if (!m) throw new Error(`\`${NVIM} --version\` did not print a Neovim version: ${SETUP_HINT}.\n${r.stdout}${r.stderr}`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major === 0 && minor < 7) throw new Error(`Neovim ${m[0]} is too old (need 0.7+ for vim.diagnostic and the LSP client): ${SETUP_HINT}.`);
  return m[0];
}

/** Processes (other than this one) whose environment carries `tag`: nvim and the server it spawned. */
function processesTagged(tag) {
  const found = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(tag)) {
        found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim()}`);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Runs check.lua on `file` in a headless Neovim and parses what it prints.
 * @param {string} file
 * @param {string[]} hovers 0-based "line:col" positions
 */
function runNvim(file, hovers, tag) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(NVIM, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`, file], {
      cwd: dirname(file),
      detached: true, // own process group: a timeout kills nvim and the server together
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TCPFSM_SERVER: SERVER, TCPFSM_HOVER: hovers.join(';'), TCPFSM_TIMEOUT_MS: '10000', TCPFSM_NVIM_TEST: tag },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, RUN_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      const ctx = `nvim exited with ${code ?? signal} after ${ms} ms\n--- stdout\n${stdout}--- stderr\n${stderr}`;
      if (timedOut) return reject(new Error(`nvim did not finish within ${RUN_TIMEOUT_MS} ms (killed)\n${ctx}`));
      if (code !== 0) return reject(new Error(`check.lua failed: ${ctx}`));
      try {
        resolvePromise({ ...parse(stdout, ctx), ms });
      } catch (e) {
        reject(e);
      }
    });
  });
}

function parse(stdout, ctx) {
  const lines = stdout.replace(/\n$/, '').split('\n');
  let i = 0;
  const take = (re, what) => {
    const m = re.exec(lines[i] ?? '');
    if (!m) throw new Error(`unexpected check.lua output at line ${i + 1}, wanted ${what}\n${ctx}`);
    i++;
    return m;
  };
  const serverPid = Number(take(/^server-pid (\d+)$/, 'server-pid')[1]);
  const fileformat = take(/^fileformat (\w+)$/, 'fileformat')[1];
  const count = Number(take(/^diagnostics (\d+)$/, 'diagnostics N')[1]);
  const diagnostics = [];
  for (let n = 0; n < count; n++) diagnostics.push(take(/^(\S+@\d+:\d+)$/, 'code@line:col')[1]);
  const hovers = {};
  while (lines[i]?.startsWith('--- hover ')) {
    const [, at, range] = take(/^--- hover (\d+:\d+) range (\S+) ---$/, 'hover marker');
    const body = [];
    while (i < lines.length && lines[i] !== '--- end hover ---') body.push(lines[i++]);
    take(/^--- end hover ---$/, 'end of hover');
    const value = body.join('\n');
    hovers[at] = { range, value: value === '<null>' ? null : value };
  }
  take(/^done$/, 'done');
  assert.equal(i, lines.length, `trailing output\n${ctx}`);
  return { serverPid, fileformat, diagnostics, hovers };
}

/** The server nvim started must be gone once nvim is: check.lua stops it before quitting. */
function assertServerGone(result) {
  assert.ok(result.serverPid > 0);
  assert.equal(isAlive(result.serverPid), false, `language server pid ${result.serverPid} still running after nvim exited`);
}

describe('Neovim LSP client against dist/server.js', () => {
  const tag = `TCPFSM_NVIM_TEST=${process.pid}-${Date.now()}`;
  const tagValue = tag.slice('TCPFSM_NVIM_TEST='.length);
  let dir;
  let version;
  // A missing Neovim fails every test with the setup hint (a failing `before` would only
  // cancel them, which reads like nothing went wrong in the summary).
  let missingNvim;
  const needNvim = () => {
    if (missingNvim) throw missingNvim;
  };

  before(() => {
    try {
      version = requireNvim();
    } catch (e) {
      missingNvim = e;
      return;
    }
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(build.status, 0, `node esbuild.mjs failed:\n${build.stdout}${build.stderr}`);
    dir = mkdtempSync(join(tmpdir(), 'tcpfsm-nvim-'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(processesTagged(tag), [], 'nvim or language-server processes left running by these tests');
  });

  it('reports every diagnostic of examples/diagnostics.tcpfsm and hovers ESTABLISHED', async (t) => {
    needNvim();
    const file = join(dir, 'diagnostics.tcpfsm');
    copyFileSync(join(ROOT, 'examples', 'diagnostics.tcpfsm'), file);
    // Line 15 (0-based 14) is "  ESTABLISHED -> CLOSED : close": ESTABLISHED spans 0-based columns 2-13.
    const result = await runNvim(file, ['14:4', '0:0'], tagValue);
    t.diagnostic(`${version}: ${result.ms} ms`);
    assertServerGone(result);
    assert.equal(result.fileformat, 'unix');
    // 1-based, worked out from the file's `# ^^^ code` marker lines; `tcpfsm check` agrees.
    assert.deepEqual(result.diagnostics, [
      'unknown-state@5:13', //       "  CLOSED -> SYN_SEND"        12 characters before SYN_SEND
      'illegal-transition@10:13', // "  LISTEN -> ESTABLISHED"     12 before ESTABLISHED
      'wrong-event@15:27', //        "  ESTABLISHED -> CLOSED : "  26 before close
      'discontinuity@21:3', //       "  LISTEN   -> SYN_RECEIVED"   2 before LISTEN
      'syntax@26:10', //             "  CLOSED => LISTEN"           9 before =>
      'duplicate-name@30:10', //     'scenario "No such edge"'      9 before the name
    ]);
    const hover = result.hovers['14:4'];
    assert.equal(hover.range, '14:2-14:13');
    assert.match(hover.value, /^\*\*ESTABLISHED\*\* · synchronized state · RFC 9293 \[3\.3\.2\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc9293#section-3\.3\.2\)\n/);
    assert.ok(hover.value.includes('**ESTABLISHED**'));
    assert.ok(hover.value.includes('RFC 9293 section [3.3.2](https://www.rfc-editor.org/rfc/rfc9293#section-3.3.2)'));
    assert.ok(hover.value.includes('`ss -tan state established`'));
    assert.ok(hover.value.includes('The connection is open: both sides are synchronized'));
    // A comment is not hoverable.
    assert.deepEqual(result.hovers['0:0'], { range: '-', value: null });
  });

  it('handles a CRLF file with alias spellings', async (t) => {
    needNvim();
    const file = join(dir, 'crlf-aliases.tcpfsm');
    const lines = [
      '# CRLF line endings and alias spellings', //     0
      'scenario "Passive open, aliases" {', //          1
      '  LISTEN -> SYN_RCVD : recv SYN / send SYN+ACK', // 2
      '  SYN_RCVD -> ESTAB : recv ACK of SYN', //         3
      '  ESTAB -> CLOSED : close', //                     4
      '  CLOSED -> SYN_SEND : connect', //                5
      '}', //                                             6
    ];
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const result = await runNvim(file, ['3:4', '3:16', '4:22', '5:14'], tagValue);
    t.diagnostic(`${version}: ${result.ms} ms`);
    assertServerGone(result);
    assert.equal(result.fileformat, 'dos', 'Neovim read the file as CRLF (and sends CRLF text to the server)');
    // Aliases are accepted without complaint; ESTAB -> CLOSED on close is the wrong event
    // ("  ESTAB -> CLOSED : " is 20 characters), SYN_SEND is unknown (12 characters in).
    assert.deepEqual(result.diagnostics, ['wrong-event@5:21', 'unknown-state@6:13']);

    const rcvd = result.hovers['3:4'];
    assert.equal(rcvd.range, '3:2-3:10');
    assert.match(rcvd.value, /^\*\*SYN_RECEIVED\*\* — `SYN_RCVD` is the BSD and the RFC 9293 figure name for SYN_RECEIVED · not yet synchronized · /);
    assert.ok(rcvd.value.includes('`ss -tan state syn-recv`'));
    assert.ok(rcvd.value.includes('RFC 9293 section [3.3.2](https://www.rfc-editor.org/rfc/rfc9293#section-3.3.2)'));

    const estab = result.hovers['3:16'];
    assert.equal(estab.range, '3:14-3:19');
    assert.match(estab.value, /^\*\*ESTABLISHED\*\* — `ESTAB` is the ss name for ESTABLISHED · synchronized state · /);

    // The last word of a CRLF line: the range must not run into the \r.
    const close = result.hovers['4:22'];
    assert.equal(close.range, '4:20-4:25');
    assert.match(close.value, /^\*\*close — CLOSE call\*\*/);
    assert.ok(close.value.includes('RFC 9293 section 3.10.4'));

    assert.equal(result.hovers['5:14'].value, '`SYN_SEND` is not a TCP state; did you mean SYN_SENT?');
  });
});
