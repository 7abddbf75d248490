// `npm start`: build, package and install the extension into code-server (installing the editor
// first if needed), open examples/ with the handshake beside its preview, and print the address
// for your browser. Ctrl+C stops it all. `npm run start:web` (`--web`) installs the browser-only
// package instead: the extension then runs in the web worker extension host, its server in a
// Worker, as on vscode.dev (there the example is not opened for you: a web worker has no
// environment to name it in).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE, ensureEditorSetup, freePort, installVsix, makeProfile, ROOT, startCodeServer } from './codeServer.mjs';
import { packageBrowserOnly } from './packageBrowser.mjs';

const web = process.argv.includes('--web');
const vsix = path.join(ROOT, web ? 'tcp-state-explorer-web.vsix' : 'tcp-state-explorer.vsix');

function run(what, command, args) {
  console.log(`== ${what}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`npm start: ${what} failed`);
    process.exit(result.status ?? 1);
  }
}

ensureEditorSetup();
if (web) {
  console.log('== package the extension for the browser (no `main`)');
  packageBrowserOnly(vsix);
} else {
  run('package the extension', 'npm', ['run', '--silent', 'package']);
}

// One profile kept between runs (settings, open editors), the extension reinstalled each time.
const profile = makeProfile('start');
const keep = path.join(CACHE, web ? 'start-web-profile' : 'start-profile');
if (fs.existsSync(keep)) {
  fs.rmSync(profile.dir, { recursive: true, force: true });
  Object.assign(profile, {
    dir: keep, userDataDir: path.join(keep, 'user-data'), extensionsDir: path.join(keep, 'extensions'), config: path.join(keep, 'config.yaml'),
  });
} else {
  fs.renameSync(profile.dir, keep);
  Object.assign(profile, {
    dir: keep, userDataDir: path.join(keep, 'user-data'), extensionsDir: path.join(keep, 'extensions'), config: path.join(keep, 'config.yaml'),
  });
}
// A profile kept from an earlier run gets this run's settings too (the git prompt off, …).
const settingsFile = path.join(profile.userDataDir, 'User', 'settings.json');
const defaults = makeProfile('start-settings');
const fresh = JSON.parse(fs.readFileSync(path.join(defaults.userDataDir, 'User', 'settings.json'), 'utf8'));
defaults.remove();
fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')), ...fresh }, null, 2));
console.log(`== install ${path.basename(vsix)} into code-server`);
installVsix(profile, vsix);

const port = Number(process.env.PORT) || (await freePort());
const examples = path.join(ROOT, 'examples');
// The Node extension opens this example beside its preview once it starts (client/src/extension.ts).
const OPEN_ON_START = 'conversations/handshake.tcpfsm';
const server = await startCodeServer({ profile, folder: examples, port, env: { TCPFSM_OPEN_ON_START: OPEN_ON_START } });
const opened = web ? '' : ` (${OPEN_ON_START} open beside its preview)`;
console.log(`\nTCP State Explorer${web ? ' (browser build, web worker extension host)' : ''} is running in VS Code (code-server) with the examples${opened}:\n\n    ${server.url()}\n\nOpen that address in your browser. Ctrl+C stops everything.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping code-server…');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.process.once('exit', (code) => {
  if (!stopping) {
    console.error(`code-server exited (${code})`);
    process.exit(1);
  }
});
