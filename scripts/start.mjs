// `npm start`: build, package and install the extension into code-server (installing the editor
// first if needed), open examples/, and print the address for your browser. Ctrl+C stops it all.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE, ensureEditorSetup, freePort, installVsix, makeProfile, ROOT, startCodeServer } from './codeServer.mjs';

function run(what, command, args) {
  console.log(`== ${what}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`npm start: ${what} failed`);
    process.exit(result.status ?? 1);
  }
}

ensureEditorSetup();
run('package the extension', 'npm', ['run', '--silent', 'package']);

// One profile kept between runs (settings, open editors), the extension reinstalled each time.
const profile = makeProfile('start');
const keep = path.join(CACHE, 'start-profile');
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
console.log('== install tcp-state-explorer.vsix into code-server');
installVsix(profile, path.join(ROOT, 'tcp-state-explorer.vsix'));

const port = Number(process.env.PORT) || (await freePort());
const examples = path.join(ROOT, 'examples');
const server = await startCodeServer({ profile, folder: examples, port });
console.log(`\nTCP State Explorer is running in VS Code (code-server) with the examples:\n\n    ${server.url()}\n\nOpen that address in your browser. Ctrl+C stops everything.`);

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
