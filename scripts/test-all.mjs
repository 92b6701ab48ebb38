// `npm test`: builds once and packages the .vsix (one check), then runs the type check and the
// linter (one check each), the unit tests (mocha in Node; one of them reads the .vsix), the
// integration suite (in code-server, on the development folder) and the UI tests (the workbench
// in Chromium, on the .vsix installed into code-server), every stage even when an earlier one
// failed, and ends with one line: `N passed, N failed`. Exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './vscode-server.mjs';
import { packageVsix } from './vsix.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'char-rnn-test-all-'));
const totals = { passed: 0, failed: 0 };
let current = null;
let interrupted = false;

// Ctrl-C reaches the running stage too; it stops what it started, then we stop.
process.on('SIGINT', () => {
  interrupted = true;
  current?.kill('SIGINT');
});

/** Runs node (or `command`) with `args` in the repo; resolves { code, out } (out only when `capture`). */
function node(args, { capture = false, command = process.execPath, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    current = child;
    let out = '';
    child.stdout?.on('data', (d) => { out += d; process.stdout.write(d); });
    child.on('error', (err) => { console.error(err.message); });
    child.on('close', (code) => { current = null; resolve({ code: code ?? 1, out }); });
  });
}

function stage(name) {
  console.log(`\n==== ${name} ====\n`);
}

/** The .vsix the unit tests check and the UI tests install (undefined when packaging failed). */
let vsix;

async function packaged() {
  stage('package (.vsix)');
  try {
    vsix = await packageVsix(join(scratch, 'char-rnn-code.vsix'));
    console.log(`packaged ${vsix}`);
    return { passed: 1, failed: 0 };
  } catch (err) {
    console.error(err.message);
    return { passed: 0, failed: 1 };
  }
}

async function unit() {
  stage('unit tests');
  const env = vsix ? { ...process.env, CHAR_RNN_VSIX: vsix } : process.env;
  const { code, out } = await node([join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--color'], { capture: true, env });
  // eslint-disable-next-line no-control-regex -- mocha's colour codes
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (word) => Number(plain.match(new RegExp(`^\\s*(\\d+) ${word}`, 'm'))?.[1] ?? 0);
  const passed = count('passing');
  // A crash before mocha's summary (a file that does not load) still counts as a failure.
  const failed = Math.max(count('failing'), code === 0 ? 0 : 1);
  return { passed, failed };
}

/** Runs an npm script as one check: passed when it exits 0. */
async function check(name, script) {
  stage(name);
  const { code } = await node(['run', '--silent', script], { command: process.platform === 'win32' ? 'npm.cmd' : 'npm' });
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** Runs a test-*.mjs runner, which writes { passed, failed } to the --summary file. */
async function runner(name, script, extra = []) {
  stage(name);
  const summary = join(scratch, `${script}.json`);
  const { code } = await node([join(root, 'scripts', script), '--no-build', '--summary', summary, ...extra]);
  if (!existsSync(summary)) return { passed: 0, failed: 1 };
  const { passed, failed } = JSON.parse(readFileSync(summary, 'utf8'));
  return { passed, failed: Math.max(failed, code === 0 ? 0 : 1) };
}

async function main() {
  stage('build');
  const built = await build().then(() => true, (err) => (console.error(err.message), false));
  if (!built) totals.failed += 1;
  const stages = [() => check('type check (every layer\'s project)', 'typecheck'), () => check('lint', 'lint'), unit];
  if (built) {
    stages.unshift(packaged);
    stages.push(() => runner('integration tests (code-server)', 'test-integration.mjs'),
      () => runner(`UI tests (code-server + Chromium, ${vsix ? 'the .vsix installed' : 'the development folder'})`, 'test-ui.mjs', vsix ? ['--vsix', vsix] : []));
  }
  for (const run of stages) {
    if (interrupted) break;
    const { passed, failed } = await run();
    totals.passed += passed;
    totals.failed += failed;
  }
  rmSync(scratch, { recursive: true, force: true });
  if (interrupted) totals.failed += 1;
  console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
  process.exit(interrupted ? 130 : totals.failed > 0 ? 1 : 0);
}

await main();
