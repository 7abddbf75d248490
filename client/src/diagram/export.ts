// Writes an exported diagram beside its .tcpfsm file (`name.svg` / `name.png`), asking with a save
// dialog instead when that file already exists or the document has no folder (untitled).

import * as vscode from 'vscode';
import { type ExportFormat, exportFileName, pngBytes } from './exportName';
import { basename } from './panel';

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  svg: { 'SVG image': ['svg'] },
  png: { 'PNG image': ['png'] },
};

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Where to write: beside the document when that is free, else what the user picks (undefined: cancelled). */
async function chooseTarget(resource: vscode.Uri, format: ExportFormat): Promise<vscode.Uri | undefined> {
  const name = exportFileName(basename(resource), format);
  if (resource.scheme === 'untitled') {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: FILTERS[format],
      title: `Export Diagram as ${format.toUpperCase()}`,
    });
  }
  const beside = resource.with({ path: resource.path.slice(0, resource.path.lastIndexOf('/') + 1) + name, query: '', fragment: '' });
  if (!(await exists(beside))) return beside;
  return vscode.window.showSaveDialog({ defaultUri: beside, filters: FILTERS[format], title: `Export Diagram as ${format.toUpperCase()}` });
}

/** The file's bytes: SVG text as UTF-8, a PNG from its data URL. */
function bytesOf(format: ExportFormat, data: string): Uint8Array {
  if (format === 'svg') {
    if (!/<svg[\s>]/.test(data)) throw new Error('the webview sent no SVG');
    return new TextEncoder().encode(data);
  }
  const png = pngBytes(data);
  if (!png) throw new Error('the webview sent no PNG');
  return png;
}

export async function saveExport(resource: vscode.Uri, format: ExportFormat, data: string, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  const bytes = bytesOf(format, data);
  const target = await chooseTarget(resource, format);
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, bytes);
  log.info(`exported ${resource.toString()} as ${format.toUpperCase()} to ${target.toString()} (${bytes.length} bytes)`);
  void vscode.window.showInformationMessage(`Diagram exported to ${vscode.workspace.asRelativePath(target)}`, 'Open')
    .then((choice) => {
      if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', target, { viewColumn: vscode.ViewColumn.Beside });
    });
  return target;
}
