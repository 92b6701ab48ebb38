// The layers are a check, not a promise: the repository's ESLint configuration refuses a planted
// file that crosses them (README, "Architecture"), and accepts the imports each layer may make.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The rules a planted file at `path` (never written to disk) breaks. */
async function broken(path: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(root, path) });
  return r.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const crossing = (rules: string[]) => rules.some((r) => r.startsWith('no-restricted-imports'));

/** Plants, for each [path, specifier], a file at path importing specifier, and expects it refused. */
async function refused(cases: string[][]): Promise<void> {
  for (const [path, from] of cases) {
    assert.ok(crossing(await broken(path, `import { x } from '${from}';\nexport const y = x;\n`)), `${path} importing ${from} passed`);
  }
}

describe('lint: the layers', function () {
  this.timeout(60_000);

  it('refuses vscode, the extension, the CLI and the webview in the core', async () => {
    await refused([
      ['src/core/planted.ts', 'vscode'],
      ['src/core/planted.ts', '../extension/ids'],
      ['src/core/complete/planted.ts', '../../extension/model/store'],
      ['src/core/planted.ts', '../cli/args'],
      ['src/core/kernels/planted.ts', '../../../webview/store'],
    ]);
  });

  it('lets the webview import only webview/ and src/shared', async () => {
    await refused(['../src/extension/panel/hub', '../src/core/config', '../src/shared/deeper/x', 'vscode', 'node:fs'].map((from) => ['webview/planted.ts', from]));
    for (const from of ['./dom', '../src/shared/panelProtocol', 'uplot']) {
      assert.deepEqual(await broken('webview/planted.ts', `import { x } from '${from}';\nexport const y = x;\n`), [], from);
    }
  });

  it('keeps vscode, Node and the extension out of the shared protocol, and the webview and CLI out of the extension', async () => {
    await refused([
      ['src/shared/planted.ts', 'vscode'],
      ['src/shared/planted.ts', 'node:fs'],
      ['src/shared/planted.ts', '../extension/ids'],
      ['src/extension/panel/planted.ts', '../../../webview/store'],
      ['src/extension/planted.ts', '../cli/args'],
      ['src/cli/planted.ts', 'vscode'],
    ]);
    assert.deepEqual(await broken('src/core/planted.ts', "import { x } from './config';\nexport const y = x;\n"), []);
    assert.deepEqual(await broken('src/extension/planted.ts', "import * as vscode from 'vscode';\nimport { x } from '../core/config';\nexport const y = [vscode, x];\n"), []);
  });

  it('holds the line width', async () => {
    const rules = await broken('src/core/planted.ts', `export const y = [${'1, '.repeat(80)}1];\n`);
    assert.ok(rules.some((r) => r.startsWith('@stylistic/max-len')), rules.join('\n'));
  });
});
