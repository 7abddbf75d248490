// Starts and stops code-server (a real VS Code served on 127.0.0.1) from the cache that
// scripts/setup-editor.sh fills. Used by `npm start`, the e2e runner and the browser UI check.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = path.join(ROOT, '.cache', 'editor');
export const CODE_SERVER_ENTRY = path.join(CACHE, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const PLAYWRIGHT_CORE = path.join(CACHE, 'node_modules', 'playwright-core');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Runs the setup script unless everything it installs is already there. */
export function ensureEditorSetup() {
  const ready = fs.existsSync(path.join(CACHE, '.code-server-4.100.3.ok')) && fs.existsSync(PLAYWRIGHT_CORE) &&
    fs.existsSync(CHROMIUM) && spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
  if (ready) return;
  const result = spawnSync('bash', [path.join(ROOT, 'scripts', 'setup-editor.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('scripts/setup-editor.sh failed (see above)');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway user-data dir with settings that keep the workbench quiet and predictable. */
export function makeProfile(name, settings = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tcpfsm-${name}-`));
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'editor.hover.delay': 100,
    'chat.disableAIFeatures': true,
    // The workspaces are folders inside this repository (examples/) or temp folders: no "open the
    // repository found in a parent folder?" prompt.
    'git.openRepositoryInParentFolders': 'never',
    ...settings,
  }, null, 2));
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  return { dir, userDataDir, extensionsDir, config, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Installs a .vsix into a profile's extensions folder. */
export function installVsix(profile, vsix) {
  const result = spawnSync(process.execPath, [CODE_SERVER_ENTRY, '--config', profile.config, '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir, '--install-extension', vsix], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * Starts code-server on a free loopback port, in its own process group, and waits for /healthz.
 * Resolves with { port, url(folder), stop() }; stop() ends the whole group.
 */
export async function startCodeServer({ profile, folder, port, env = {}, log = () => {}, timeoutMs = 60000 }) {
  port ??= await freePort();
  const args = [CODE_SERVER_ENTRY, '--config', profile.config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
  if (folder) args.push(folder);
  const child = spawn(process.execPath, args, { detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      output.push(chunk);
      log(chunk);
    });
  }
  let exited = false;
  child.once('exit', () => { exited = true; });

  const stop = async () => {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up:\n${output.join('')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const url = (openFolder = folder, query = '') =>
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(openFolder)}${query ? `&${query}` : ''}`;
  return { port, url, stop, process: child, output };
}
