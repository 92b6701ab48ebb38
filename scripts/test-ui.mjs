// Runs the UI tests (test/ui/*.test.mjs, mocha) against a real VS Code workbench: code-server
// with the extension under development, or with a .vsix installed (--vsix, as `npm test` does,
// so that a file the package leaves out fails them), driven by headless Chromium like a person
// would. Each test file opens its own window on a fresh fixture copy (test/ui/workbench.mjs);
// after every test a screenshot of the current window goes to test-results/ui/.
//
// --readme-images writes the README's pictures (a panel, a suggestion) into docs/images/.
//
//   node scripts/test-ui.mjs [--grep PATTERN] [--no-build] [--vsix FILE] [--readme-images] [--summary FILE]
import Mocha from 'mocha';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { attach, currentPage, screenshot } from '../test/ui/workbench.mjs';
import { build, copyFixture, HarnessError, ensureInstalled, launchBrowser, listFiles, resultsDir, root, runMain, startServer } from './vscode-server.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    vsix: { type: 'string' },
    'readme-images': { type: 'boolean', default: false },
    summary: { type: 'string' },
  },
});

await runMain(async () => {
  const files = listFiles(join(root, 'test', 'ui'), /\.test\.mjs$/);
  if (files.length === 0) throw new HarnessError('no UI tests found (test/ui/*.test.mjs)');
  rmSync(join(resultsDir, 'ui'), { recursive: true, force: true });
  if (opts['readme-images']) process.env.CHAR_RNN_README_IMAGES = '1';
  if (!opts['no-build'] && !opts.vsix) await build();
  if (opts.vsix && !existsSync(opts.vsix)) throw new HarnessError(`no package at ${opts.vsix}`);
  await ensureInstalled();
  const server = await startServer({ folder: copyFixture('workspace'), logName: 'ui', install: opts.vsix ? [opts.vsix] : [] });
  attach(server, await launchBrowser(), { installed: !!opts.vsix });
  console.log(`code-server ${server.origin}, the extension ${opts.vsix ? `installed from ${opts.vsix}` : `under development in ${root}`}`);

  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec', grep: opts.grep ? new RegExp(opts.grep) : undefined });
  mocha.rootHooks({
    async afterEach() {
      const page = currentPage();
      if (page && !page.isClosed()) await screenshot(page, this.currentTest.fullTitle());
    },
  });
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  console.log(`ui: ${stats.passes} passing, ${stats.failures} failing (screenshots in test-results/ui/, server log ${server.logFile})`);
  if (opts.summary) writeFileSync(opts.summary, JSON.stringify({ passed: stats.passes, failed: stats.failures }));
  return stats.failures > 0 ? 1 : 0;
});
