// The integration suite's entry, loaded by the extension host as extensionTestsPath (the same
// kind of module @vscode/test-electron loads). It runs every compiled *.test.js next to it with
// mocha. When CHAR_RNN_TEST_RESULT names a file it appends one line per finished test to
// `<file>.progress` and writes a SuiteResult (JSON) to the file at the end: the web workbench
// used by scripts/test-integration.mjs gives the harness no other way to learn the outcome.
import Mocha from 'mocha';
import { appendFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  tests: TestOutcome[];
}

export async function run(): Promise<void> {
  const resultPath = process.env.CHAR_RNN_TEST_RESULT;
  const progress = (line: string) => {
    if (resultPath) appendFileSync(`${resultPath}.progress`, `${line}\n`);
  };
  progress('# started');
  const tests: TestOutcome[] = [];
  const record = (outcome: TestOutcome) => {
    tests.push(outcome);
    progress(JSON.stringify(outcome));
  };
  const grep = process.env.CHAR_RNN_TEST_GREP;
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, grep: grep ? new RegExp(grep) : undefined });
    // CHAR_RNN_TEST_LAYOUT names the window the harness opened for layouts/<name>.test.js (no
    // folder, several folders); without it, the window has the fixture folder and every other test runs
    const layout = process.env.CHAR_RNN_TEST_LAYOUT;
    const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.js') && (layout ? f === join('layouts', `${layout}.test.js`) : !f.startsWith(`layouts${sep}`)))
      .sort();
    if (layout && files.length === 0) throw new Error(`no tests for the layout '${layout}' (layouts/${layout}.test.js)`);
    for (const f of files) mocha.addFile(join(__dirname, f));
    await new Promise<void>((resolve) => {
      mocha
        .run(() => resolve())
        .on('pass', (t) => record({ title: t.fullTitle(), state: 'passed' }))
        .on('pending', (t) => record({ title: t.fullTitle(), state: 'pending' }))
        .on('fail', (t, err) => record({ title: t.fullTitle(), state: 'failed', error: errorText(err) }));
    });
  } catch (err) {
    record({ title: 'loading the integration test files', state: 'failed', error: errorText(err) });
  }
  const result: SuiteResult = {
    passes: tests.filter((t) => t.state === 'passed').length,
    failures: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
  };
  if (resultPath) {
    // Written whole, then renamed, so a harness polling for the file never reads half of it.
    writeFileSync(`${resultPath}.tmp`, JSON.stringify(result, null, 2));
    renameSync(`${resultPath}.tmp`, resultPath);
  }
  if (result.failures > 0) throw new Error(`${result.failures} integration test(s) failed`);
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // The stack's first frames point at the test line; more is noise in a summary.
  const frames = (err.stack ?? '').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('at ')).slice(0, 3);
  return [err.message, ...frames].join('\n');
}
