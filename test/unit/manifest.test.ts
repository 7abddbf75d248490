// The manifest's first-contact parts (package.json): the icons, the Get Started walkthrough (its
// media, the commands its buttons run, the examples they open, which the package must carry), and
// the Marketplace fields.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WALKTHROUGH_EXAMPLES } from '../../client/src/walkthroughExamples';
import { ROOT } from '../support/fixtures';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));

describe('manifest', () => {
  it('has the Marketplace fields and icons, and the icons exist', () => {
    for (const field of ['displayName', 'description', 'icon', 'galleryBanner', 'repository', 'homepage', 'bugs', 'keywords', 'categories']) {
      assert.ok(manifest[field], `package.json has ${field}`);
    }
    assert.match(manifest.icon, /\.png$/, 'the Marketplace takes a PNG icon');
    assert.ok(fs.existsSync(path.join(ROOT, manifest.icon)));
    const fileIcon = manifest.contributes.languages[0].icon;
    for (const variant of ['light', 'dark']) assert.ok(fs.existsSync(path.join(ROOT, fileIcon[variant])), `${variant} file icon`);
  });

  it('contributes no snippets (completion offers blocks and seeds only where they fit)', () => {
    assert.equal(manifest.contributes.snippets, undefined);
  });

  it('has a walkthrough whose media exist and whose buttons run contributed commands on shipped examples', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough.title, 'Get Started with TCP State Explorer');
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(ROOT, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
      for (const [, command, args] of step.description.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)) {
        assert.ok(commands.has(command), `${step.id}: ${command} is contributed`);
        if (command === 'tcpfsm.openExample') {
          const [example] = JSON.parse(decodeURIComponent(args));
          assert.ok((WALKTHROUGH_EXAMPLES as readonly string[]).includes(example), `${step.id}: ${example}`);
        }
      }
    }
    for (const example of WALKTHROUGH_EXAMPLES) {
      assert.ok(fs.existsSync(path.join(ROOT, 'examples', example)), example);
      assert.ok(ignore.includes(`!examples/${example}`), `.vscodeignore packs examples/${example}`);
    }
  });
});
