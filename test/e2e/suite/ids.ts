// The extension under test, as VS Code names it (publisher.name).
export const EXTENSION_ID = 'tcp-state-explorer.tcp-state-explorer';
