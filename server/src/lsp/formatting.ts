// Document and range formatting: the core's edits for each block, as LSP TextEdits. The blocks are
// formatted in slices (slices.ts): formatting a huge document does not hold up the others. More
// than MAX_EDITS edits are not sent: the user is told to format a selection instead.

import { type CancellationToken, type FormattingOptions, MessageType, ShowMessageNotification, type TextEdit } from 'vscode-languageserver';
import { formatEdits, indentOf } from '../service/format';
import type { Span } from '../syntax/tree';
import type { Feature, FeatureContext } from './features';
import { forEachBlockItem, MAX_EDITS, type Stopped } from './slices';

async function edits(
  context: FeatureContext, uri: string, options: FormattingOptions, token: CancellationToken | undefined, range?: Span,
): Promise<TextEdit[] | Stopped> {
  const open = context.document(uri);
  if (!open) return [];
  const text = open.current().source;
  // The editor's indentation (its "Spaces: 4" or tabs), as the request says.
  const indent = indentOf(options.tabSize, options.insertSpaces);
  const out: TextEdit[] = [];
  const stopped = await forEachBlockItem(open, () => context.document(uri), token, range, (items) => {
    for (const e of formatEdits(text, items, range, { indent })) {
      out.push({ range: { start: open.doc.positionAt(e.span.start), end: open.doc.positionAt(e.span.end) }, newText: e.newText });
    }
    return out.length <= MAX_EDITS;
  });
  if (stopped) return stopped;
  if (out.length > MAX_EDITS) {
    void context.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `tcpfsm: formatting this document would change more than ${MAX_EDITS.toLocaleString('en-US')} places; format a selection instead.`,
    });
    return [];
  }
  return out;
}

export const formattingFeature: Feature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register(context) {
    const { connection, guard } = context;
    connection.onDocumentFormatting(guard('formatting', [] as TextEdit[] | Stopped, ({ textDocument, options }, token) =>
      edits(context, textDocument.uri, options, token)));
    connection.onDocumentRangeFormatting(guard('rangeFormatting', [] as TextEdit[] | Stopped, ({ textDocument, range, options }, token) => {
      const open = context.document(textDocument.uri);
      return open ? edits(context, textDocument.uri, options, token, open.spanOf(range)) : [];
    }));
  },
};
