// Runs the integration suite (out/test/integration/*.test.js) inside a real VS Code: code-server
// with the extension under development and a copy of test/fixtures/workspace (then an empty
// window and a two-folder workspace for the tests in layouts/), opened by headless Chromium.
// The suite writes its result to a file (see test/integration/index.ts); this waits for it,
// prints it, and exits non-zero on a failure or when the time limit passes.
//
//   node scripts/test-integration.mjs [--grep PATTERN] [--time-limit SECONDS per window] [--no-build] [--summary FILE]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, copyFixture, HarnessError, ensureInstalled, launchBrowser, onCleanup, openPage, resultsDir, root, runMain, startServer } from './vscode-server.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'time-limit': { type: 'string', default: '900' },
    'no-build': { type: 'boolean', default: false },
    summary: { type: 'string' },
  },
});
const timeLimitMs = Number(opts['time-limit']) * 1000;
if (!(timeLimitMs > 0)) throw new Error(`--time-limit must be a positive number of seconds, got ${opts['time-limit']}`);
// The extension host should start the suite well within this; if not, waiting longer is pointless.
const startLimitMs = Math.min(timeLimitMs, 180_000);

// The suite runs in three windows of one code-server: the fixture folder (every test outside
// layouts/), then an empty window and a two-folder workspace (test/integration/layouts/), which
// the extension must handle as well as one folder; then, in a code-server of its own with
// workspace trust on, the fixture folder in Restricted Mode with hostile workspace settings.
const LAYOUTS = ['no-folder', 'multi-root'];

/** What the Restricted Mode window's folder asks for, and what its user set: all held to the defaults. */
const HOSTILE_WORKSPACE_SETTINGS = {
  'charRnn.model.hidden': 1024, 'charRnn.model.layers': 4, 'charRnn.training.window': 1024, 'charRnn.training.batch': 512,
  'charRnn.training.minutes': 1440, 'charRnn.completions.primeChars': 100000, 'charRnn.completions.maxChars': 1000,
};
const RESTRICTED_USER_SETTINGS = { 'charRnn.completions.candidates': 16, 'charRnn.training.minutes': 0 };

await runMain(async () => {
  const started = Date.now();
  if (!opts['no-build']) await build();
  const suite = join(root, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(suite)) throw new HarnessError(`${suite} is missing: the build did not produce the suite`);
  await ensureInstalled();
  const folder = copyFixture('workspace');
  const server = await startServer({ folder, logName: 'integration' });
  const scratch = mkdtempSync(join(tmpdir(), 'char-rnn-result-'));
  onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
  const browser = await launchBrowser();
  console.log(`code-server ${server.origin}, workspace ${folder}`);

  let passes = 0, failures = 0, pending = 0;
  for (const layout of [undefined, ...LAYOUTS]) {
    const target = layout === 'no-folder' ? null : layout === 'multi-root' ? twoFolders(scratch) : folder;
    if (layout) console.log(`\n${layout === 'no-folder' ? 'an empty window' : `a two-folder workspace, ${target}`}:`);
    const r = await session(server, browser, suite, scratch, target, layout);
    passes += r.passes; failures += r.failures; pending += r.pending;
  }
  const restricted = await restrictedSession(browser, suite, scratch);
  passes += restricted.passes; failures += restricted.failures; pending += restricted.pending;
  console.log(`\nintegration: ${passes} passing, ${failures} failing${pending ? `, ${pending} pending` : ''} (${Math.round((Date.now() - started) / 1000)} s)`);
  if (opts.summary) writeFileSync(opts.summary, JSON.stringify({ passed: passes, failed: failures }));
  return failures > 0 ? 1 : 0;
});

/** Runs the suite (the tests of `layout`, or all the others) in a window on `target`; prints
 *  each test as it finishes and the failures; returns the counts (a timeout counts as a failure). */
async function session(server, browser, suite, scratch, target, layout) {
  const name = layout ?? 'folder';
  const timeoutShot = join(resultsDir, `integration-${name}-timeout.png`);
  rmSync(timeoutShot, { force: true });
  const resultFile = join(scratch, `result-${name}.json`);
  const env = { CHAR_RNN_TEST_RESULT: resultFile, ...(opts.grep ? { CHAR_RNN_TEST_GREP: opts.grep } : {}), ...(layout ? { CHAR_RNN_TEST_LAYOUT: layout } : {}) };
  const payload = [
    ['extensionDevelopmentPath', server.remote(root)],
    ['extensionTestsPath', server.remote(suite)],
    ['extensionEnvironment', JSON.stringify(env)],
  ];
  const page = await openPage(browser, server.workbenchUrl(target, payload), join(resultsDir, `integration-${name}.browser.log`));
  try {
    const outcome = await waitForResult(resultFile);
    if (outcome.timedOut) await page.screenshot({ path: timeoutShot }).catch(() => {});
    const { passes, failures, pending, tests } = outcome.result;
    const failed = tests.filter((t) => t.state === 'failed');
    if (failed.length > 0) {
      console.log('\nfailures:');
      failed.forEach((t, i) => console.log(`\n  ${i + 1}) ${t.title}\n${indent(t.error ?? '', 6)}`));
    }
    if (outcome.timedOut) console.log(`\n${outcome.timedOut}\nserver log: ${server.logFile}`);
    return { passes, failures: failures + (outcome.timedOut ? 1 : 0), pending };
  } finally {
    await page.context().close().catch(() => {});
  }
}

/** The fixture folder with hostile settings, opened in Restricted Mode by a code-server that trusts nothing. */
async function restrictedSession(browser, suite, scratch) {
  const folder = copyFixture('workspace');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify(HOSTILE_WORKSPACE_SETTINGS, null, 2));
  const server = await startServer({ folder, logName: 'integration-restricted', untrusted: true, userSettings: RESTRICTED_USER_SETTINGS });
  console.log(`\nRestricted Mode, ${folder}:`);
  return session(server, browser, suite, scratch, folder, 'restricted');
}

/** A .code-workspace with two copies of the fixture, named alpha and beta */
function twoFolders(scratch) {
  const file = join(scratch, 'two-folders.code-workspace');
  const folders = [{ name: 'alpha', path: copyFixture('workspace') }, { name: 'beta', path: copyFixture('workspace') }];
  writeFileSync(file, JSON.stringify({ folders, settings: {} }, null, 2));
  return file;
}

/**
 * Polls for the suite's result, printing each test as the progress file reports it. Resolves
 * with { result, timedOut } where timedOut is a message when a time limit passed.
 */
async function waitForResult(resultFile) {
  const progressFile = `${resultFile}.progress`;
  const started = Date.now();
  const seen = [];
  let printed = 0;
  for (;;) {
    if (existsSync(progressFile)) {
      const lines = readFileSync(progressFile, 'utf8').split('\n').filter((l) => l.startsWith('{'));
      for (const line of lines.slice(printed)) {
        const t = JSON.parse(line);
        seen.push(t);
        console.log(`  ${{ passed: '✓', failed: '✗', pending: '-' }[t.state]} ${t.title}`);
      }
      printed = lines.length;
    }
    if (existsSync(resultFile)) return { result: JSON.parse(readFileSync(resultFile, 'utf8')), timedOut: null };
    const elapsed = Date.now() - started;
    const partial = { passes: seen.filter((t) => t.state === 'passed').length, failures: seen.filter((t) => t.state === 'failed').length, pending: 0, tests: seen };
    if (!existsSync(progressFile) && elapsed > startLimitMs) {
      return { result: partial, timedOut: `the extension host did not start the suite within ${startLimitMs / 1000} s` };
    }
    if (elapsed > timeLimitMs) return { result: partial, timedOut: `the suite did not finish within ${timeLimitMs / 1000} s (--time-limit)` };
    await new Promise((r) => setTimeout(r, 250));
  }
}

function indent(text, n) {
  return text.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
}
