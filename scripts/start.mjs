// `npm start`: build, then open the extension with the examples in desktop VS Code when its
// `code` command is available.
import { spawnSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  spawn('code', [`--extensionDevelopmentPath=${root}`, path.join(root, 'examples')], { stdio: 'inherit', detached: true }).unref();
  console.log('Opened the examples in a VS Code Extension Development Host.');
} else {
  console.log('Built dist/. No `code` command was found: open this folder in VS Code and press F5 ("Run Extension"),');
  console.log('or check files from the shell: npx tcpfsm check examples/*.tcpfsm');
}
