// Strings that outlive an edit. V8 cuts a substring of 13 or more characters as a view into the
// string it came from, and a template or `+` builds a rope over its parts: either keeps the whole
// document text of that version alive. A name or message kept across edits (the did-you-mean
// cache, the per-item summaries, their diagnostics) must be a copy, or every version of a huge
// document it was cut from stays in memory. Tests: test/unit/memory.test.ts.

/** A copy of `s` that shares no memory with the text it was cut from (a flat, fresh string). */
export function detached(s: string): string;
export function detached(s: string | undefined): string | undefined;
export function detached(s: string | undefined): string | undefined {
  // JSON.parse builds a fresh string; `slice`, `concat`, `normalize` or `repeat(1)` may return a
  // view or the same rope.
  return s === undefined ? undefined : (JSON.parse(JSON.stringify(s)) as string);
}
