// User text (block, peer and state names, event text) shown so that every character is seen for
// what it is: control characters become their Unicode "control pictures" (U+0001 → ␁), and the
// invisible ones that make a name look like another (bidi controls such as U+202E, zero-width
// characters, noncharacters such as U+FFFE, lone surrogates, line separators) become ⟨U+202E⟩.
// The exported SVG is built from the drawing, so it shows the same; and what XML cannot hold at
// all never reaches the file (xmlSafe), so the SVG stays well formed and the PNG can be drawn.

/** C0 controls, DEL, C1 controls, soft hyphen, bidi and zero-width format characters, line and
 * paragraph separators, BOM, noncharacters and the specials block, surrogates (paired or not). */
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufdd0-\ufdef\ufeff\ufff0-\ufffb\ufffe\uffff\ud800-\udfff]/;

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

/** `text` with every control, invisible or unpaired character made visible (unchanged when it has none). */
export function visibleText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A pair: an astral character, shown as it is unless it is a noncharacter (U+1FFFE …).
        const code = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out += (code & 0xfffe) === 0xfffe ? `⟨U+${code.toString(16).toUpperCase()}⟩` : text.slice(i, i + 2);
        i++;
        continue;
      }
    }
    if (c < 0x20) out += String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) out += '\u2421';
    else if (SUSPECT.test(text[i])) out += `⟨U+${hex(c)}⟩`;
    else out += text[i];
  }
  return out;
}

/** Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR; U+FFFE and U+FFFF; lone surrogates. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with what XML cannot hold replaced by U+FFFD (a last guard on exported SVG). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\ufffd');
}

/** Keys whose strings are not shown to the user but used as data (kept exactly). */
const DATA_KEYS = new Set(['uri']);

/**
 * Makes every string of a message from the extension visible (visibleText), in place: the model's
 * names and texts are user text, all of it drawn. Returns `value` for chaining.
 */
export function makeVisible<T>(value: T): T {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v === 'string') node[i] = visibleText(v);
        else if (v && typeof v === 'object') visit(v);
      }
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const v = record[key];
        if (typeof v === 'string') {
          if (!DATA_KEYS.has(key)) record[key] = visibleText(v);
        } else if (v && typeof v === 'object') {
          visit(v);
        }
      }
    }
  };
  visit(value);
  return value;
}
