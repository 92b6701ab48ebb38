// Bundles every entry point with esbuild. Entries that do not exist yet are skipped, so the
// build works at every stage of the project. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const node = { platform: 'node', target: 'node20', format: 'cjs', bundle: true, sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...node },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], ...node },
  { entryPoints: ['src/extension/training/worker.ts'], outfile: 'dist/worker.js', ...node },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022', bundle: true, sourcemap: true, logLevel: 'warning' },
  { entryPoints: ['test/integration/index.ts', 'test/integration/**/*.test.ts'], outdir: 'out/test/integration', outbase: 'test/integration', external: ['vscode', 'mocha'], ...node },
].filter((e) => existsSync(e.entryPoints[0]));

// Hooks that must run before bundling (the wasm kernels' compile step registers here).
const pre = [];
if (existsSync('scripts/build-wasm.mjs')) pre.push(import('./build-wasm.mjs').then((m) => m.buildWasm()));
await Promise.all(pre);

if (process.argv.includes('--watch')) {
  for (const e of entries) await (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
}
