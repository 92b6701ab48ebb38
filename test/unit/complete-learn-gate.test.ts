import assert from 'node:assert/strict';
import { LearnGate } from '../../src/extension/completion/learnGate';
import { fakeSecrets } from './secretFixtures';

describe('completion: what the editor may learn', () => {
  const s = fakeSecrets(3);
  const code = 'export function add(a, b) {\n  return a + b;\n}\n';

  it('learns a document as it grows, until a credential appears in it; then never again', () => {
    const said: string[] = [];
    const gate = new LearnGate((line) => said.push(line));
    assert.equal(gate.allows('a', '/w/src/add.ts', code), true);
    assert.equal(gate.allows('a', '/w/src/add.ts', `${code}const x = 1;\n`), true);
    const leaked = `${code}const x = 1;\nconst token = '${s.githubToken}';\n`;
    assert.equal(gate.allows('a', '/w/src/add.ts', leaked), false);
    assert.equal(gate.allows('a', '/w/src/add.ts', code), false, 'deleting it does not make the document learnable again');
    assert.equal(said.length, 1);
    assert.match(said[0], /add\.ts.*do not learn it.*GitHub token \(line 5\)/);
    assert.ok(!said[0].includes(s.githubToken), 'the message never holds the secret');
    // a document closed and opened again is screened afresh
    gate.forget('a');
    assert.equal(gate.allows('a', '/w/src/add.ts', code), true);
  });

  it('finds a credential that straddles what was already screened', () => {
    const gate = new LearnGate();
    const head = `${'// filler\n'.repeat(20)}const key = '${s.awsAccessKey.slice(0, 10)}`;
    assert.equal(gate.allows('b', '/w/k.ts', head), true);
    assert.equal(gate.allows('b', '/w/k.ts', `${head}${s.awsAccessKey.slice(10)}';\n`), false);
  });

  it('never learns a file whose name says it holds secrets', () => {
    const gate = new LearnGate();
    assert.equal(gate.allows('c', '/w/.env', 'PORT=3000\n'), false);
    assert.equal(gate.allows('d', '/w/serviceAccountKey.json', '{}'), false);
  });
});
