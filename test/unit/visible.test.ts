// User text in the diagram preview and its exports: control, bidi and invisible characters are
// shown visibly, and what XML cannot hold never reaches an exported SVG (issue 14, finding 7).

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeVisible, visibleText, xmlSafe } from '../../client/src/webview/visible';

describe('visibleText', () => {
  it('leaves ordinary names alone, including astral characters and quotes', () => {
    for (const s of ['Active open', 'café 🙂', '<img src=x>', 'a\\"b', 'Ω']) assert.equal(visibleText(s), s);
  });

  it('shows C0 controls and DEL as control pictures', () => {
    assert.equal(visibleText('a\u0001b\u0000\t\u001f\u007f'), 'a␁b␀␉␟␡');
  });

  it('shows bidi controls, zero-width characters, noncharacters and lone surrogates as ⟨U+XXXX⟩', () => {
    assert.equal(visibleText('client\u202Egnp.exe'), 'client⟨U+202E⟩gnp.exe');
    assert.equal(visibleText('a\u200Bb\u2066c\u2069'), 'a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩');
    assert.equal(visibleText('x\uFFFE\uFFFF'), 'x⟨U+FFFE⟩⟨U+FFFF⟩');
    assert.equal(visibleText('lone \uD800 and \uDC00'), 'lone ⟨U+D800⟩ and ⟨U+DC00⟩');
    assert.equal(visibleText('\uD83F\uDFFE'), '⟨U+1FFFE⟩');
    assert.equal(visibleText('\u2028\u0085\u00AD\uFEFF'), '⟨U+2028⟩⟨U+0085⟩⟨U+00AD⟩⟨U+FEFF⟩');
  });
});

describe('xmlSafe', () => {
  it('replaces what XML 1.0 cannot hold, and nothing else', () => {
    assert.equal(xmlSafe('<t>a\u0001b\tc\n\r\uFFFE\uFFFF\uD800x\uDC00 🙂 \uFFFD</t>'), '<t>a\uFFFDb\tc\n\r\uFFFD\uFFFD\uFFFDx\uFFFD 🙂 \uFFFD</t>');
  });
});

describe('makeVisible', () => {
  it('changes every string of a message but the document uri, in place', () => {
    const message = { model: { uri: 'file:///a%01.tcpfsm\u0001', blocks: [{ name: 'b\u0001' }] }, block: { peers: ['p\u202E', 'q'], n: 3 } };
    assert.equal(makeVisible(message), message);
    assert.deepEqual(message, { model: { uri: 'file:///a%01.tcpfsm\u0001', blocks: [{ name: 'b␁' }] }, block: { peers: ['p⟨U+202E⟩', 'q'], n: 3 } });
  });
});
