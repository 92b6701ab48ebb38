// The README and docs/ say only what works on a clean clone: every npm script, file, script path,
// link, `char-rnn` command and flag they name exists; the CLI table lists every command; the
// architecture map names every source file or its folder; and the tables rendered from
// docs/results and package.json (scripts/render-docs.mjs) are up to date.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { runCli, tempDir } from './helpers';

const ROOT = join(__dirname, '..', '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const pkg = JSON.parse(read('package.json'));
const PAGES: [string, string][] = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
  .map((f) => [f, read(f)]);
const FENCE = /^```[^\n]*\n([\s\S]*?)^```/gm;

/** the code of a page: each line of its fenced blocks (shell comments cut) and each inline code span */
function code(md: string): string[] {
  const lines = [...md.matchAll(FENCE)].flatMap((m) => m[1].split('\n').map((l) => l.replace(/\s#\s.*$/, '')));
  const spans = [...md.replace(FENCE, '').matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\s+/g, ' '));
  return [...lines, ...spans];
}

/** a page's section: from its `## title` heading to the next one */
function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `no section "${title}"`);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

/** the rows of the first table in a text, as cells */
const tableRows = (text: string): string[][] => text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
  .slice(1).map((l) => l.slice(2, -2).split(/ (?<!\\)\| /));

const exists = (p: string) => existsSync(join(ROOT, p));
/** a path under dist/ exists once the build has run: scripts/build.mjs must write it */
const built = (p: string) => read('scripts/build.mjs').includes(`'${p}'`);

async function cliUsage(): Promise<Map<string, string>> {
  const top = await runCli(['--help']);
  const names = /<([a-z|-]+)>/.exec(top.out)?.[1].split('|') ?? [];
  assert.ok(names.length > 0, top.out);
  const usage = new Map<string, string>();
  for (const name of names) usage.set(name, (await runCli([name, '--help'])).out);
  return usage;
}

const flags = (s: string) => s.match(/--[a-z][\w-]*/g) ?? [];

describe('README and docs/', () => {
  it('name only npm scripts that package.json has', () => {
    for (const [page, md] of PAGES) {
      for (const m of md.matchAll(/\bnpm\s+run\s+([\w:.-]+)/g)) assert.ok(pkg.scripts[m[1]], `${page}: npm run ${m[1]} is not a script of package.json`);
      for (const m of md.matchAll(/\bnpm\s+(start|test)\b/g)) assert.ok(pkg.scripts[m[1]], `${page}: npm ${m[1]}`);
    }
  });

  it('run only scripts that are in the repository or that the build writes', () => {
    let n = 0;
    for (const [page, md] of PAGES) {
      for (const m of md.matchAll(/(?:\bnode|\bnpx tsx|--import tsx|\bpython3|\bbash)\s+((?:[\w.-]+\/)*[\w.-]+\.(?:mjs|cjs|js|ts|py|sh))\b/g)) {
        const p = m[1];
        assert.ok(p.startsWith('dist/') ? built(p) : exists(p), `${page}: ${m[0]}: ${p} is not in the repository`);
        n++;
      }
    }
    assert.ok(n >= 5, `only ${n} script paths found: the pattern no longer matches how the docs write commands`);
  });

  it('name only files and folders of the repository in code', () => {
    for (const [page, md] of PAGES) {
      for (const c of code(md)) {
        if (/^(src|bench|scripts|test|webview|assembly|docs|media|python|\.ci)\/[\w./-]*$/.test(c)) assert.ok(exists(c), `${page}: \`${c}\` does not exist`);
      }
    }
  });

  it('link only to files that exist and to headings the page has', () => {
    for (const [page, md] of PAGES) {
      const slugs = new Set([...md.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-')));
      for (const m of md.replace(FENCE, '').matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = m[1];
        if (/^https?:\/\//.test(target)) continue;
        if (target.startsWith('#')) assert.ok(slugs.has(target.slice(1)), `${page}: no heading for ${target}`);
        else assert.ok(exists(normalize(join(dirname(page), target.split('#')[0]))), `${page}: ${target} does not exist`);
      }
    }
  });

  it('name only char-rnn commands and flags the command line has', async () => {
    const usage = await cliUsage();
    let n = 0;
    for (const [page, md] of PAGES) {
      for (const c of code(md)) {
        for (const m of c.matchAll(/(?:^|[\s(])(?:char-rnn|node dist\/cli\.js)\s+([a-z][\w-]*)(.*)$/g)) {
          assert.ok(usage.has(m[1]), `${page}: \`${c}\`: char-rnn has no command ${m[1]}`);
          for (const f of flags(m[2])) assert.ok(usage.get(m[1])!.includes(`${f} `) || usage.get(m[1])!.includes(`${f}]`), `${page}: \`${c}\`: char-rnn ${m[1]} has no flag ${f}`);
          n++;
        }
      }
    }
    assert.ok(n >= 5, `only ${n} commands found`);
  });

  it('list every command of the command line in its table, with flags it has', async () => {
    const usage = await cliUsage();
    const rows = tableRows(section(read('README.md'), 'Command line'));
    const listed = rows.map((r) => /^`([a-z][\w-]*)/.exec(r[0])?.[1]);
    assert.deepEqual([...listed].sort(), [...usage.keys()].sort(), 'the README\'s command table and the CLI\'s commands differ');
    for (const r of rows) {
      const name = listed[rows.indexOf(r)]!;
      for (const f of flags(r.join(' '))) assert.ok(usage.get(name)!.includes(`${f} `) || usage.get(name)!.includes(`${f}]`), `README: ${name} has no flag ${f}`);
    }
  });

  it('map every source file, by its name or its folder\'s, in the architecture table', () => {
    const named = new Set<string>();
    const paths = (s: string) => [...s.matchAll(/`([\w.-]+(?:\/[\w.-]*)*)`/g)].map((m) => m[1]).filter((p) => p.includes('/') || /\.\w+$/.test(p));
    for (const [where, what] of tableRows(section(read('README.md'), 'Architecture'))) {
      const rooted = paths(where).filter((p) => p.includes('/'));
      assert.ok(rooted.length, `an architecture row names no path: ${where}`);
      // a bare name is in the row's folder (its first folder, else the folder of its first file), or at the root
      const base = rooted.find((p) => p.endsWith('/')) ?? `${dirname(rooted[0])}/`;
      for (const p of [...paths(where), ...paths(what)]) {
        const found = [...(p.includes('/') ? [p] : []), join(base, p), p].find(exists);
        assert.ok(found, `the architecture table names ${p}, which is neither in ${base} nor at the root`);
        named.add(normalize(found).replace(/\/$/, ''));
      }
    }
    const files = (d: string): string[] => readdirSync(join(ROOT, d)).flatMap((e) => {
      const p = `${d}/${e}`;
      return statSync(join(ROOT, p)).isDirectory() ? files(p) : [p];
    });
    const sources = ['src', 'webview', 'assembly'].flatMap(files).filter((f) => !f.endsWith('tsconfig.json') && !f.endsWith('.d.ts'));
    const unmapped = sources.filter((f) => !named.has(f) && !named.has(dirname(f)));
    assert.deepEqual(unmapped, [], 'README "Architecture": name these files, or their folder, in the table');
  });

  it('are rendered from docs/results and package.json as they are now (npm run docs)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'render-docs.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});

describe('scripts/render-docs.mjs', () => {
  const dir = tempDir('char-rnn-docs-');
  const render = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts', 'render-docs.mjs'), '--root', dir(), ...args], { encoding: 'utf8' });
  const text = (f: string) => readFileSync(join(dir(), f), 'utf8');
  const put = (f: string, s: string) => { mkdirSync(dirname(join(dir(), f)), { recursive: true }); writeFileSync(join(dir(), f), s); };
  const block = (name: string) => `<!-- render-docs:${name} -->\nold\n<!-- /render-docs:${name} -->\n`;
  const benchRun = (date: string, commit: string, trainRatio: number) => JSON.stringify({
    command: 'npm run bench', date, commit, cpu: 'CPU A', cores: 2, targets: { 'lstm-2x256': { trainRatio: 0.5, inferenceMsPerChar: 0.1 } }, runtimes: [{
      role: 'extension host', node: 'v24.1.0', training: [{ config: 'lstm-2x256', trainRatio, ours: { inferenceMsPerChar: 0.0912 } }],
      completion: [{ predictor: 'network', case: 'warm', p50: 9 }, { predictor: 'mixture, gate', case: 'warm', p50: 4.2 }],
      completionTargets: [{ case: 'warm', stat: 'p50', atMostMs: 5 }],
    }],
  });

  before(() => {
    put('package.json', JSON.stringify({
      contributes: { configuration: [{ title: 'T', properties: { 'charRnn.a': { type: 'integer', default: 2, minimum: 1, maximum: 4, description: 'A thing.' } } }] },
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: ['charRnn.a'] } },
    }));
    put('README.md', `# R\n\n${block('settings')}\ntext\n\n${block('current-figures')}\n${block('quality-latest')}\n${block('prime-length')}`);
    put('docs/int8.md', `# I\n\n${block('prime-length')}`);
    put('docs/performance.md', `# P\n\n${block('bench-latest')}\n${block('bench-history')}`);
    put('docs/quality.md', `# Q\n\n${block('quality-latest')}\n${block('quality-history')}`);
    put('docs/surprise.md', `# S\n\n${block('surprise-latest')}\n${block('surprise-history')}`);
    put('docs/results/bench/1.json', benchRun('2026-01-01T10:00:00Z', 'aaaaaaa', 0.61));
    put('docs/results/quality/1.json', JSON.stringify({
      command: 'npm run bench:quality', date: '2026-01-02T00:00:00Z', commit: 'bbbbbbb', cpu: 'CPU B', cores: 2, node: 'v20.0.0', minutes: 5, first: 4000,
      targets: { xzRatio: 0.92, baselineRatio: 2.5, acceptance: 0.4 },
      rows: [{ corpus: 'mobx', xz: 1.274, zstd: 1.296, network: 2.2, mixture: 1.0, saved: 0.45, acceptance: 0.61, baselineSaved: 0.15 },
        { corpus: 'eslint', xz: 0.726, zstd: 0.7, network: 3.6, mixture: 0.7, saved: 0.2, acceptance: 0.3, baselineSaved: 0.131 }],
    }));
    put('docs/results/surprise/1.json', JSON.stringify({
      command: 'npm run bench:surprise', date: '2026-01-03T00:00:00Z', commit: 'ddddddd', cpu: 'CPU C', cores: 2, node: 'v20.0.0', minutes: 5, threads: null,
      targets: { likelihood500: 0.95, typoRecall: 0.7 }, models: { svelte: { steps: 300 }, eslint: { steps: 310 } },
      classification: [{ chunk: 500, chunks: 600, likelihood: 0.99, hidden: 0.97, medianMargin: 1.2 },
        { chunk: 100, chunks: 3000, likelihood: 0.9, hidden: null, medianMargin: 0.8 }],
      typos: [['svelte', 0.75], ['eslint', 0.65]].map(([corpus, recall]) => ({
        corpus, chars: 80000, edits: 200, recall,
        byKind: Object.fromEntries(['substitute', 'delete', 'insert', 'transpose'].map((k) => [k, { edits: 50, found: 30 }])),
      })),
    }));
  });

  it('--check names the files that are out of date and changes nothing', () => {
    const r = render('--check');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /README\.md, docs\/performance\.md, docs\/quality\.md, docs\/surprise\.md, docs\/int8\.md/);
    assert.match(text('README.md'), /\nold\n/);
  });

  it('renders the settings, the current figures and the tables of each run', () => {
    assert.equal(render().status, 0);
    const readme = text('README.md');
    assert.match(readme, /\| `charRnn\.a` \(R\) \| `2` \| 1 to 4 \| A thing\. \|/);
    assert.match(readme, /\| Training speed, LSTM 2x256 \(the default model\), against PyTorch \| 0\.61x \| at least 0\.5x \| `npm run bench` \| 2026-01-01 \|/);
    // what the editor runs: the gated mixture, not the network alone
    assert.match(readme, /\| A suggestion while typing \(warm, median\) \| 4\.2 ms \| at most 5 ms \|/);
    // a corpus that misses a target is named: a range alone would hide it
    assert.match(readme, /\| Bits per character on held-out code, against xz -9e \| 0\.78-0\.96 \(missed on eslint\) \| at most 0\.92 \| `npm run bench:quality` \| 2026-01-02 \|/);
    assert.match(readme, /\| Suggestions shown that are accepted \| 30\.0%-61\.0% \(missed on eslint\) \| at least 40\.0% \|/);
    assert.match(readme, /\| Keystrokes saved, against VS Code's word-based suggestions \| 1\.53x-3\.00x \(missed on eslint\) \| at least 2\.5x \|/);
    assert.match(readme, /- `npm run bench` of 2026-01-01 at aaaaaaa: CPU A, 2 cores, Node 24\.1\.0 \(extension host\)\./);
    const quality = text('docs/quality.md');
    // the latest run's table, per corpus, on both pages
    for (const page of [quality, readme]) assert.match(page, /\| mobx \| 1\.274 \| 1\.296 \| 2\.200 \| 1\.000 \| 0\.785 \| 45\.0% \| 15\.0% \| 3\.00 \| 61\.0% \|/);
    assert.match(quality, /\| eslint \|[^\n]*\| 0\.964 \(missed\) \|[^\n]*\| 30\.0% \(missed\) \|/);
    assert.match(text('docs/performance.md'), /\| lstm-2x256 \| Node 24\.1\.0 \(extension host\) \| 0\.61x \| 0\.0912 \|/);
    assert.match(readme, /\| Which codebase wrote 500 characters \(by likelihood\) \| 99\.0% \| at least 95\.0% \| `npm run bench:surprise` \| 2026-01-03 \|/);
    assert.match(readme, /\| Typos among the 1% most surprising characters \| 65\.0%-75\.0% \| at least 70\.0% \|/);
    const surprise = text('docs/surprise.md');
    assert.match(surprise, /each model trained 5 minutes at the default settings \(svelte 300 steps, eslint 310 steps\)/);
    assert.match(surprise, /\| 500 characters \| 600 \| 99\.0% \| 97\.0% \| 1\.200 bits\/char \|/);
    assert.match(surprise, /\| 100 characters \| 3,000 \| 90\.0% \| – \| 0\.800 bits\/char \|/);
    assert.match(surprise, /\| eslint \| 80,000 \| 200 \| 65\.0% \(missed\) \| 30\/50 \| 30\/50 \| 30\/50 \| 30\/50 \|/);
    assert.match(surprise, /\| 2026-01-03 \| ddddddd \| CPU C \| 5 minutes \| 99\.0% \| 97\.0% \| 90\.0% \| svelte 75\.0%, eslint 65\.0% \|/);
    assert.equal(render('--check').status, 0);
  });

  it('a new run makes the figures it measured current, and adds a row to the history', () => {
    put('docs/results/bench/2.json', benchRun('2026-02-01T10:00:00Z', 'ccccccc', 0.7));
    const r = render('--check');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /: README\.md, docs\/performance\.md \(/);
    assert.equal(render().status, 0);
    assert.match(text('README.md'), /\| 0\.70x \| at least 0\.5x \| `npm run bench` \| 2026-02-01 \|/);
    assert.equal(text('docs/performance.md').match(/^\| 2026-0\d-01 \| (aaaaaaa|ccccccc) \|/gm)?.length, 2);
  });

  it('says which file lacks a block, and which result is not JSON', () => {
    const saved = text('docs/quality.md');
    put('docs/quality.md', saved.replace(/<!-- render-docs:quality-history -->[\s\S]*<!-- \/render-docs:quality-history -->\n/, ''));
    let r = render('--check');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /docs\/quality\.md has no <!-- render-docs:quality-history --> block/);
    put('docs/quality.md', saved);
    put('docs/results/bench/3.json', '{ "date": ');
    r = render('--check');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /docs\/results\/bench\/3\.json is not valid JSON/);
    rmSync(join(dir(), 'docs/results/bench/3.json'));
  });

  it('marks a figure no run has measured as not measured yet, beside the target the benchmark holds it to', () => {
    rmSync(join(dir(), 'docs/results/quality'), { recursive: true });
    assert.equal(render().status, 0);
    const readme = text('README.md');
    assert.match(readme, /\| Bits per character on held-out code, against xz -9e \| not measured yet \| at most 0\.92 \| `npm run bench:quality` \| – \|/);
    assert.match(readme, /\| Keystrokes saved, against VS Code's word-based suggestions \| not measured yet \| at least 2\.5x \|/);
    assert.match(text('docs/quality.md'), /No run recorded yet: `npm run bench:quality`\./);
    assert.doesNotMatch(readme, /npm run bench:quality` of /);
  });

  it('puts each corpus\'s latest prime-length run side by side, the default prime marked', () => {
    const original = text('package.json'), pkg = JSON.parse(original);
    pkg.contributes.configuration[0].properties['charRnn.completions.primeChars'] = { type: 'integer', default: 1000, minimum: 16, maximum: 100000, description: 'Prime.' };
    put('package.json', JSON.stringify(pkg));
    const prime = (corpus: string, date: string, bits: number) => JSON.stringify({
      command: 'node bench/prime-length.mjs', date, commit: 'fffffff', cpu: 'CPU P', cores: 2, corpus, checkpoint: '2x256 lstm', predictor: 'mixture',
      precision: 'int8', positions: 21, rows: [500, 1000, 'whole file'].map((p, i) => ({ prime: p, bitsPerChar: bits - i / 10, keystrokesSaved: 0.4 + i / 100 })),
    });
    put('docs/results/prime/1.json', prime('mobx', '2026-02-01T00:00:00Z', 9));
    put('docs/results/prime/2.json', prime('mobx', '2026-02-02T00:00:00Z', 1.5));
    put('docs/results/prime/3.json', prime('svelte', '2026-02-01T00:00:00Z', 1.25));
    assert.equal(render().status, 0);
    for (const doc of [text('README.md'), text('docs/int8.md')]) {
      assert.match(doc, /\| prime \| mobx bits\/char \| mobx keystrokes saved \| svelte bits\/char \| svelte keystrokes saved \|/);
      assert.match(doc, /\| 500 \| 1\.500 \| 40\.0% \| 1\.250 \| 40\.0% \|/);
      assert.match(doc, /\| 1,000 \(default\) \| 1\.400 \| 41\.0% \| 1\.150 \| 41\.0% \|/);
      assert.match(doc, /\| whole file \| 1\.300 \| 42\.0% \| 1\.050 \| 42\.0% \|/);
      assert.doesNotMatch(doc, /9\.000/);
    }
    rmSync(join(dir(), 'docs', 'results', 'prime'), { recursive: true });
    put('package.json', original);
  });

  it('gives the completion figures of the default precision, and int8 inference beside its target', () => {
    const pkg = JSON.parse(text('package.json'));
    pkg.contributes.configuration[0].properties['charRnn.completions.precision'] = { type: 'string', default: 'int8', enum: ['f32', 'int8'], description: 'Weights.' };
    put('package.json', JSON.stringify(pkg));
    const run = JSON.parse(benchRun('2026-03-01T10:00:00Z', 'eeeeeee', 0.7));
    run.runtimes[0].training[0].ours.int8InferenceMsPerChar = 0.0351;
    run.runtimes[0].completion = ['f32', 'int8'].flatMap((precision, i) => [
      { precision, predictor: 'mixture, gate', case: 'warm', p50: 4.2 - 2 * i }, { precision, predictor: 'mixture, gate', case: 'cold (2,000-char prime)', p95: 60 - 20 * i }]);
    const loop = 'default model (lstm 2x256)';
    run.eventLoop = { results: { [loop]: { p99: 3 }, [`${loop}, completions running (f32 weights)`]: { p99: 12 }, [`${loop}, completions running (int8 weights)`]: { p99: 8.5 } } };
    put('docs/results/bench/4.json', JSON.stringify(run));
    assert.equal(render().status, 0);
    const readme = text('README.md');
    assert.match(readme, /\| A suggestion while typing \(warm, median\) \| 2\.2 ms \(int8 weights\) \| at most 5 ms \|/);
    assert.match(readme, /\| A suggestion in a file just opened \(cold, 95th percentile\) \| 40\.0 ms \(int8 weights\) \|/);
    assert.match(readme, /\| One character of inference, LSTM 2x256, int8 weights \| 0\.0351 ms \| at most 0\.04 ms \|/);
    assert.match(readme, /\| Editor event-loop delay while training \(99th percentile\) \| 3\.0 ms \|/);
    assert.match(readme, /\| Editor event-loop delay while training and suggesting \(99th percentile; int8 weights\) \| 8\.5 ms \| at most 10 ms \|/);
    const perf = text('docs/performance.md');
    assert.match(perf, /\| Node 24\.1\.0 \(extension host\) \| f32 \| mixture, gate \| warm \| 4\.2 ms \|/);
    assert.match(perf, /\| Node 24\.1\.0 \(extension host\) \| int8 \| mixture, gate \| warm \| 2\.2 ms \|/);
    assert.match(perf, /\| 2026-03-01 \| eeeeeee \|[^\n]*\| 0\.0351 \| 2\.2 ms \| 40\.0 ms \| 3\.0 ms \| 8\.5 ms \|/);
  });
});

describe('bench/corpora.mjs', () => {
  const dir = tempDir('char-rnn-corpora-');

  it('splits sources by the SHA-1 of their path, leaves other files out, and counts characters as code points', () => {
    const src = join(dir(), 'package', 'src');
    // where fetch splits mobx 6.13.5 (checked against /work/corpora): these two to test/, those to train/
    const files: Record<string, string> = {
      'api/action.ts': 'a', 'types/type-utils.ts': 'é😀', 'errors.ts': 'x\ny', 'api/computed.ts': 'zz', 'types/x.d.ts': 'declared', 'README.md': 'no',
    };
    for (const [p, t] of Object.entries(files)) { mkdirSync(dirname(join(src, p)), { recursive: true }); writeFileSync(join(src, p), t); }
    const out = join(dir(), 'out');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      `import { split } from ${JSON.stringify(join(ROOT, 'bench', 'corpora.mjs'))}; console.log(JSON.stringify(split(${JSON.stringify(src)}, 'ts', ${JSON.stringify(out)})))`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const listed = (part: string) => (existsSync(join(out, part)) ? (function walk(d: string): string[] {
      return readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [relative(join(out, part), join(d, e))]));
    })(join(out, part)).sort() : []);
    assert.deepEqual(listed('test'), ['api/action.ts', 'types/type-utils.ts']);
    assert.deepEqual(listed('train'), ['api/computed.ts', 'errors.ts']);
    const b = JSON.parse(r.stdout);
    assert.deepEqual([b.trainFiles, b.testFiles, b.trainChars, b.testChars], [2, 2, 5, 3]);
  });
});
