// End to end: a folder with planted credentials (a GitHub token repeated often enough for a
// small model to learn it, AWS keys, a JWT, a password in a connection string, a high-entropy
// assignment, a private key), secret-bearing files (service-account key, kubeconfig, .tfvars,
// .netrc) and a link to a key outside the folder. After reading and training, neither the
// corpus, nor the model's vocabulary, nor its greedy continuations of each secret's first four
// characters hold any of them.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readCorpus } from '../../src/core/corpus';
import { Rng } from '../../src/core/rng';
import { generate } from '../../src/core/sample';
import { Trainer } from '../../src/core/train';
import { netFromWeights } from '../../src/core/weights';
import { fakeSecrets, plantedConfig, plantedKeyFile, secretStrings } from './secretFixtures';

describe('training on a folder with planted credentials', function () {
  this.timeout(120_000);
  const s = fakeSecrets(5);
  let root = '', outside = '';

  /** A client whose every function carries the token: what a small model memorises. */
  const client = Array.from({ length: 40 }, (_, i) => [
    `export async function fetch${i}(path: string): Promise<Response> {`,
    `  const url = 'https://api.example.com/v${i % 3}/' + path;`,
    `  return fetch(url, { headers: { Authorization: 'token ${s.githubToken}', Accept: 'application/json' } });`,
    '}',
    '',
  ].join('\n')).join('\n');

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'planted-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'outside-'));
    const code = 'export function scale(xs: number[], k: number): number[] {\n  return xs.map((x) => x * k);\n}\n'.repeat(30);
    const files: Record<string, string> = {
      'src/client.ts': client,
      'src/config.ts': plantedConfig(s) + code,
      'src/sign.ts': plantedKeyFile(s),
      // the markers Ω, Ж, Ψ, Ξ occur only in files that must not be read
      'serviceAccountKey.json': '{ "type": "service_account", "note": "Ω" }\n',
      'deploy/kubeconfig': 'apiVersion: v1\nkind: Config\n# Ψ\n',
      'infra/prod.tfvars': 'db_password = "Ξ-hunter2"\n',
      '.netrc': 'machine example.com login me password Ξ\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await fs.writeFile(path.join(root, rel), text);
    }
    await fs.writeFile(path.join(outside, 'id_rsa'), `-----BEGIN OPENSSH PRIVATE KEY-----\nЖ${s.privateKeyBody}\n-----END OPENSSH PRIVATE KEY-----\n`);
    await fs.symlink(path.join(outside, 'id_rsa'), path.join(root, 'notes.md'));
  });

  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  it('reads none of them, and a model trained on the rest learns none of them', async () => {
    const corpus = await readCorpus([root], { include: ['**/*'] });
    assert.deepEqual(corpus.files.map((f) => f.path), ['src/client.ts', 'src/config.ts']);
    const text = corpus.files.map((f) => f.text).join('\n');
    for (const secret of secretStrings(s)) assert.ok(!text.includes(secret), `${secret.slice(0, 6)}... is in the corpus`);

    const tr = new Trainer(corpus.files, { model: { cell: 'lstm', layers: 1, hidden: 64 }, train: { batch: 8, seq: 64, lr: 0.01, steps: 250, minutes: 0, valFrac: 0 } });
    while (!tr.done()) tr.trainStep();
    const vocab = tr.vocab.toJSON();
    for (const marker of ['Ω', 'Ж', 'Ψ', 'Ξ']) assert.ok(!vocab.includes(marker), `${marker} is in the vocabulary`);
    assert.ok(vocab.every((c) => c === '' || text.includes(c)));

    // greedy continuations of each secret's first four characters, after the text that led to it
    const { net } = netFromWeights(tr.toCheckpoint(), 1, 64);
    const planted = plantedConfig(s) + client;
    for (const secret of secretStrings(s).filter((x) => x.length >= 16)) {
      const at = planted.indexOf(secret);
      if (at < 0) continue;
      const prime = planted.slice(Math.max(0, at - 200), at + 4);
      const sample = generate(net, tr.vocab, prime, secret.length, { temperature: 0, topK: 0, topP: 1 }, new Rng(1));
      assert.ok(!sample.includes(secret.slice(4, 14)), `the model continues ${secret.slice(0, 4)} with the planted secret`);
    }
    net.dispose();
    tr.dispose();
  });
});
