// Completion over LSP: the core's entries (service/complete.ts) as CompletionItems with a text
// edit on the cursor's line.

import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionParams,
  InsertTextFormat,
} from 'vscode-languageserver';
import { type CompletionEntry, type CompletionKind, completeInItem } from '../service/complete';
import { toRange } from './convert';
import type { Feature, FeatureContext } from './features';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  state: CompletionItemKind.EnumMember,
  event: CompletionItemKind.Event,
  peer: CompletionItemKind.Variable,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
};

/** Whether the client expands snippets (keywords then come with their block skeleton). */
function snippetSupport(context: FeatureContext): boolean {
  return context.clientCapabilities()?.textDocument?.completion?.completionItem?.snippetSupport === true;
}

export const completionFeature: Feature = {
  capabilities: {
    completionProvider: { triggerCharacters: ['>', ':', ' '], resolveProvider: false },
  },
  register(context: FeatureContext): void {
    context.connection.onCompletion(context.guard('completion', [] as CompletionItem[], ({ textDocument, position }: CompletionParams) => {
      const open = context.document(textDocument.uri);
      if (!open) return [];
      const analysis = open.current();
      const offset = open.offsetAt(position);
      const entries = completeInItem(analysis.source, offset, analysis.itemAt(offset), { snippets: snippetSupport(context) });
      return entries.map((entry) => toItem(open.doc, entry));
    }));
  },
};

function toItem(doc: Parameters<typeof toRange>[0], entry: CompletionEntry): CompletionItem {
  return {
    label: entry.label,
    kind: KINDS[entry.kind],
    ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
    ...(entry.description !== undefined ? { labelDetails: { description: entry.description } } : {}),
    sortText: entry.sortText,
    ...(entry.preselect ? { preselect: true } : {}),
    insertTextFormat: entry.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: toRange(doc, entry.replace), newText: entry.insertText ?? entry.label },
    // `recv old ` is the start of a phrase: the editor asks again for the segment.
    ...(entry.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}
