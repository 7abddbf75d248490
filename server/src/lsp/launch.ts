// How Node is started for the server. Nearly everything the server allocates dies young (each
// edit's trees), so a smaller young generation keeps the resident size down on huge files at no
// measurable cost in speed (`npm run bench`). V8 reads this only at start-up, hence a flag: the
// VS Code client passes it, the `tcpfsm-language-server` bin's shebang carries it (esbuild.mjs).
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
