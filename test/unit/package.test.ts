// The .vsix that `npm run package` builds holds exactly what the extension runs (the bundles, in
// which the WebAssembly kernels are embedded, the media its manifest names, README, LICENSE,
// CHANGELOG and the manifest), under a size budget. `npm test` packages once and names the file
// in CHAR_RNN_VSIX; alone, this test packages into a temporary folder.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listVsix, packageVsix } from '../../scripts/vsix.mjs';

/** Every file of the package; vsce adds the first two and renames README, LICENSE and CHANGELOG. */
const EXPECTED = [
  '[Content_Types].xml', 'extension.vsixmanifest',
  'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
  'extension/dist/extension.js', 'extension/dist/worker.js', 'extension/dist/surprise-worker.js', 'extension/dist/completion-worker.js',
  'extension/dist/webview.js', 'extension/dist/webview.css',
  'extension/media/icon.png', 'extension/media/panel.svg',
  ...['train', 'panel', 'complete', 'temperature'].map((step) => `extension/media/walkthrough/${step}.md`),
];
/** The whole .vsix, compressed: 317 KB when this budget was set, 365 KB with the mixing predictor,
 *  467 KB with the surprise worker's bundle, 570 KB with the completion worker's (each worker's
 *  bundle embeds the kernels); a source map let in would add megabytes. */
const SIZE_BUDGET = 600 * 1024;

describe('the .vsix package', function () {
  this.timeout(180_000);
  let file: string;
  let scratch: string | undefined;
  let entries: ReturnType<typeof listVsix>;
  const text = (name: string) => new TextDecoder().decode(entries.find((e) => e.name === name)!.read());

  before(async () => {
    file = process.env.CHAR_RNN_VSIX ?? '';
    if (!file) {
      scratch = mkdtempSync(join(tmpdir(), 'char-rnn-vsix-'));
      file = await packageVsix(join(scratch, 'char-rnn-code.vsix'));
    }
    entries = listVsix(file);
  });
  after(() => { if (scratch) rmSync(scratch, { recursive: true, force: true }); });

  it('holds exactly the files the extension runs, and no others', () => {
    assert.deepEqual(entries.map((e) => e.name).sort(), [...EXPECTED].sort());
  });

  it(`stays under its size budget (${SIZE_BUDGET / 1024} KB)`, () => {
    const bytes = statSync(file).size;
    assert.ok(bytes <= SIZE_BUDGET, `the .vsix is ${(bytes / 1024).toFixed(1)} KB, over the budget of ${SIZE_BUDGET / 1024} KB`);
  });

  it('holds every file its manifest names', () => {
    const pkg = JSON.parse(text('extension/package.json'));
    // the worker threads' bundles, which the extension starts by path
    const named: string[] = [pkg.main, pkg.icon, 'dist/worker.js', 'dist/surprise-worker.js', 'dist/completion-worker.js'];
    for (const w of pkg.contributes.walkthroughs ?? []) {
      for (const s of w.steps) named.push(...[s.media.markdown, s.media.image, s.media.svg].filter((p): p is string => typeof p === 'string'));
    }
    const held = new Set(entries.map((e) => e.name));
    for (const p of named) assert.ok(held.has(`extension/${p.replace(/^\.\//, '')}`), `${p} is named by the manifest but not packaged`);
  });

  it('says where the project lives, and its README images load from there', () => {
    const pkg = JSON.parse(text('extension/package.json'));
    for (const key of ['repository', 'bugs', 'homepage', 'license']) assert.ok(pkg[key], `package.json has no ${key}`);
    const images = [...text('extension/readme.md').matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
    for (const src of images) assert.match(src, /^https:\/\//, `README image ${src} would be broken in the Extensions view`);
    assert.match(text('extension/changelog.md'), /^## \S+ - \d{4}-\d{2}-\d{2}$/m, 'the changelog\'s entries are dated');
    assert.equal(text('extension/LICENSE.txt'), readFileSync(join(__dirname, '..', '..', 'LICENSE'), 'utf8'));
  });
});
