// A diagram preview revived after a reload loads the document named in the webview's saved state
// only when it is a .tcpfsm document the user can open (issue 14, finding 9).

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REVIVABLE_SCHEMES, reviveRefusal } from '../../client/src/diagram/revive';

const schemes = [...REVIVABLE_SCHEMES];

describe('reviving a preview', () => {
  it('loads a .tcpfsm file, any case of the extension, in a scheme the workspace opens', () => {
    assert.equal(reviveRefusal({ scheme: 'file', path: '/w/examples/active-open.tcpfsm' }, schemes, false), undefined);
    assert.equal(reviveRefusal({ scheme: 'file', path: '/w/A.TCPFSM' }, schemes, false), undefined);
    assert.equal(reviveRefusal({ scheme: 'vscode-remote', path: '/w/a.tcpfsm' }, schemes, false), undefined);
    assert.equal(reviveRefusal({ scheme: 'memfs', path: '/a.tcpfsm' }, [...schemes, 'memfs'], false), undefined);
  });

  it('refuses any other file, and any other scheme', () => {
    assert.equal(reviveRefusal({ scheme: 'file', path: '/home/u/.ssh/id_rsa' }, schemes, false), 'it is not a .tcpfsm file');
    assert.equal(reviveRefusal({ scheme: 'file', path: '/w/a.tcpfsm.txt' }, schemes, false), 'it is not a .tcpfsm file');
    assert.equal(reviveRefusal({ scheme: 'command', path: 'workbench.action.terminal.new' }, schemes, false),
      'its scheme `command` is not one the workspace opens');
    assert.equal(reviveRefusal({ scheme: 'https', path: '/x.tcpfsm' }, schemes, false), 'its scheme `https` is not one the workspace opens');
    assert.equal(reviveRefusal({ scheme: 'memfs', path: '/a.tcpfsm' }, schemes, false), 'its scheme `memfs` is not one the workspace opens');
  });

  it('loads an untitled document only while it is open as tcpfsm', () => {
    assert.equal(reviveRefusal({ scheme: 'untitled', path: 'Untitled-1' }, schemes, true), undefined);
    assert.equal(reviveRefusal({ scheme: 'untitled', path: 'Untitled-1' }, schemes, false), 'it is an untitled document that is no longer open as tcpfsm');
  });
});
