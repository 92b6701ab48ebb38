// The integration suite under @vscode/test-cli (`npm run test:electron`), for machines that can
// download VS Code. The same compiled files run here as under scripts/test-integration.mjs
// (code-server), with a fresh copy of the fixture workspace so tests may write into it.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const workspace = mkdtempSync(join(tmpdir(), 'char-rnn-workspace-'));
cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  // The version code-server 4.139.1 serves, so both runners test the same VS Code.
  version: '1.139.1',
  extensionDevelopmentPath: root,
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 120_000 },
});
