// Editor features that each live in their own file: one entry here registers a feature's
// handlers and declares its capabilities, so server.ts does not grow with every feature.

import type { CancellationToken, ClientCapabilities, Connection, ResponseError, ServerCapabilities } from 'vscode-languageserver';
import type { OpenDocument } from './documents';
import type { Settings } from './settings';
import { navigationFeature } from './navigation';
import { completionFeature } from './completion';
import { semanticTokensFeature } from './tokens';
import { formattingFeature } from './formatting';

export interface FeatureContext {
  readonly connection: Connection;
  /** The open document of `uri` (its analysis is brought up to date by `current()`). */
  document(uri: string): OpenDocument | undefined;
  /** What the client said it supports at initialize (undefined before). */
  clientCapabilities(): ClientCapabilities | undefined;
  /** The settings now (they change with didChangeConfiguration). */
  settings(): Settings;
  /**
   * Wraps a request's handler so a failure (a throw, or a rejected promise) logs one line and
   * answers `fallback`, and so it runs once the analysis of its document is done (a huge document
   * is analysed in slices: the request waits, and answers ContentModified if the document changed
   * meanwhile).
   */
  guard<P extends { textDocument?: { uri?: unknown } } | undefined, R>(
    name: string,
    fallback: R,
    handler: (params: P, token?: CancellationToken) => R | Promise<R>,
  ): (params: P, token?: CancellationToken) => R | Promise<R | ResponseError<void>>;
}

export interface Feature {
  /** Merged into the server's InitializeResult capabilities. */
  readonly capabilities: ServerCapabilities;
  register(context: FeatureContext): void;
}

// One line per feature module (keep the list in this order: add yours at the end).
export const FEATURES: readonly Feature[] = [
  navigationFeature,
  completionFeature,
  semanticTokensFeature,
  formattingFeature,
];
