// The extension's settings as the server sees them (section `tcpfsm` of the client's config).

export interface Settings {
  /** Inlay hints after conversation lines (`tcpfsm.inlayHints.enabled`). */
  readonly inlayHints: boolean;
}

export const DEFAULT_SETTINGS: Settings = { inlayHints: true };

/** Reads the `tcpfsm` section, keeping the default for anything missing or malformed. */
export function readSettings(section: unknown): Settings {
  const hints = (section as { inlayHints?: { enabled?: unknown } } | null | undefined)?.inlayHints?.enabled;
  return { inlayHints: typeof hints === 'boolean' ? hints : DEFAULT_SETTINGS.inlayHints };
}
