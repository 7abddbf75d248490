// State hovers over LSP: a client that says it runs `command:` links from hovers (the VS Code
// extension's initializationOptions) gets the compact hover with a "More…" link; any other client
// gets the whole explanation in the hover.

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STATE_DOCS } from '../../server/src/tcp/docs';
import { LspClient } from '../support/lspClient';

const URI = 'file:///hover-links.tcpfsm';
const TEXT = 'scenario "S" {\n  ESTABLISHED -> FIN_WAIT_1 : close / send FIN\n}\n';

async function hoverValue(client: LspClient): Promise<string> {
  await client.open(URI, TEXT);
  const hover = await client.hover(URI, 1, 4); // ESTABLISHED
  assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
  return hover.contents.value;
}

describe('state hovers and command links', () => {
  let links: LspClient;
  let plain: LspClient;
  before(async () => {
    links = await LspClient.start({}, { initializationOptions: { commandLinks: true } });
    plain = await LspClient.start();
  });
  after(async () => {
    await links.stop();
    await plain.stop();
  });

  it('a client with command links gets the essentials and More…', async () => {
    const value = await hoverValue(links);
    const first = value.split('\n\n---\n\n')[0];
    assert.ok(first.length < 400, first);
    assert.ok(first.includes(STATE_DOCS.ESTABLISHED.summary));
    assert.ok(!value.includes(STATE_DOCS.ESTABLISHED.meaning));
    assert.match(value, /\[More about ESTABLISHED…\]\(command:tcpfsm\.showStateDoc\?%5B%22ESTABLISHED%22%5D /);
  });

  it('another client gets the whole explanation, and no command link', async () => {
    const value = await hoverValue(plain);
    assert.ok(value.includes(STATE_DOCS.ESTABLISHED.meaning));
    assert.ok(value.includes(STATE_DOCS.ESTABLISHED.ssCommand));
    assert.doesNotMatch(value, /command:/);
  });
});
