// The extension's settings as the server sees them (section `tcpfsm` of the client's config).

import { isStateNames, type StateNames } from '../service/spelling';

export interface Settings {
  /** Inlay hints after conversation lines (`tcpfsm.inlayHints.enabled`). */
  readonly inlayHints: boolean;
  /** Which accepted state spellings go without a `state-spelling` (`tcpfsm.stateNames`). */
  readonly stateNames: StateNames;
  /** Extra milliseconds to wait after a change before publishing (`tcpfsm.diagnostics.delay`). */
  readonly diagnosticsDelay: number;
}

export const DEFAULT_SETTINGS: Settings = { inlayHints: true, stateNames: 'any', diagnosticsDelay: 0 };

/** `tcpfsm.diagnostics.delay`'s bounds (package.json says the same). */
export const MAX_DIAGNOSTICS_DELAY = 5000;

/** Reads the `tcpfsm` section, keeping the default for anything missing or malformed. */
export function readSettings(section: unknown): Settings {
  const s = section as {
    inlayHints?: { enabled?: unknown };
    stateNames?: unknown;
    diagnostics?: { delay?: unknown };
  } | null | undefined;
  const hints = s?.inlayHints?.enabled;
  const names = s?.stateNames;
  const delay = s?.diagnostics?.delay;
  return {
    inlayHints: typeof hints === 'boolean' ? hints : DEFAULT_SETTINGS.inlayHints,
    stateNames: isStateNames(names) ? names : DEFAULT_SETTINGS.stateNames,
    diagnosticsDelay: typeof delay === 'number' && Number.isFinite(delay)
      ? Math.min(MAX_DIAGNOSTICS_DELAY, Math.max(0, Math.round(delay)))
      : DEFAULT_SETTINGS.diagnosticsDelay,
  };
}
