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

// Kept strings repeat (the same message on many lines): one copy of each serves them all.
const copies = new Map<string, string>();
const MAX_COPIES = 10_000;

/** `detached(s)`, shared: equal strings give the same copy (a bounded table of copies). */
export function kept(s: string): string {
  let copy = copies.get(s);
  if (copy === undefined) {
    if (copies.size >= MAX_COPIES) copies.clear();
    copy = detached(s);
    copies.set(copy, copy);
  }
  return copy;
}

/**
 * A copy of plain data (a diagnostic) whose strings are all `kept` copies: strings, arrays and
 * plain objects at any depth; numbers and the like as they are.
 */
export function keptData<T>(value: T): T {
  switch (typeof value) {
    case 'string':
      return kept(value) as T;
    case 'object': {
      if (value === null) return value;
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) out[i] = keptData(value[i]);
        return out as T;
      }
      const out: Record<string, unknown> = {};
      for (const key in value) out[key] = keptData((value as Record<string, unknown>)[key]);
      return out as T;
    }
    default:
      return value;
  }
}
