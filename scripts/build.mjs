// Compiles the wasm kernels, then bundles every entry point with esbuild. `--watch` rebuilds
// on change.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from './build-wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const node = { platform: 'node', target: 'node20', format: 'cjs', bundle: true, sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...node },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], ...node },
  { entryPoints: ['src/extension/training/worker.ts'], outfile: 'dist/worker.js', ...node },
  { entryPoints: ['src/extension/surprise/worker.ts'], outfile: 'dist/surprise-worker.js', ...node },
  { entryPoints: ['src/extension/completion/worker.ts'], outfile: 'dist/completion-worker.js', ...node },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022', bundle: true, sourcemap: true, logLevel: 'warning' },
  { entryPoints: ['test/integration/index.ts', 'test/integration/**/*.test.ts'], outdir: 'out/test/integration', outbase: 'test/integration', external: ['vscode', 'mocha'], ...node },
];

// the kernels' module is bundled into the entries that load them
await buildWasm();

if (process.argv.includes('--watch')) {
  for (const e of entries) await (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
}
