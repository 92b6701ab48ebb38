import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeFindings, placeholder, screen, secretFileName } from '../../src/core/secrets';
import { fakeSecrets, plantedConfig, plantedKeyFile, secretStrings } from './secretFixtures';

/** Some code around a planted secret, so that the file is mostly code and gets redacted. */
const CODE = Array.from({ length: 40 }, (_, i) => `export function f${i}(a: number): number { return a * ${i} + 1; }`).join('\n');

describe('secret screening', () => {
  const s = fakeSecrets(7);

  it('finds every planted credential, names its kind and line, and redacts it to a placeholder of the same shape', () => {
    const text = plantedConfig(s) + CODE;
    const r = screen(text, 'src/config.ts');
    assert.equal(r.action, 'redact');
    assert.deepEqual(r.findings.map((f) => `${f.kind}:${f.line}`), [
      'aws-access-key:3', 'secret-value:4', 'github-token:6', 'npm-token:7', 'slack-token:8', 'stripe-key:9',
      'google-api-key:10', 'jwt:11', 'url-password:12', 'secret-value:13',
    ]);
    for (const secret of secretStrings(s)) assert.ok(!r.text.includes(secret), `${secret.slice(0, 6)}... survived`);
    assert.equal(r.text.length, text.length);
    // the code and the known prefixes stay; each secret's characters become X, x and 0
    assert.ok(r.text.endsWith(CODE));
    assert.match(r.text, /accessKeyId: 'AKIA[X0]{16}'/);
    assert.match(r.text, /"ghp_[Xx0]{36}"/);
    assert.match(r.text, /postgres:\/\/admin:[Xx0]{14}@db\.example\.com/);
    assert.match(r.text, /'eyJ[Xx0_-]+\.[Xx0_-]+\.[Xx0_-]+'/);
    assert.equal(placeholder('aB3+/9z='), 'xX0+/0x=');
  });

  it('redacts a private key block between its BEGIN and END lines, and skips a file that is mostly key', () => {
    const r = screen(plantedKeyFile(s) + CODE, 'src/sign.ts');
    assert.equal(r.action, 'redact');
    assert.deepEqual(r.findings, [{ kind: 'private-key', line: 3 }]);
    assert.match(r.text, /-----BEGIN RSA PRIVATE KEY-----\n[Xx0+/]{64}\n/);
    assert.match(r.text, /\n-----END RSA PRIVATE KEY-----`;/);
    for (const line of s.privateKeyBody.split('\n')) assert.ok(!r.text.includes(line));
    // the key alone, or inside a JSON string with \n escapes and no END line
    assert.equal(screen(plantedKeyFile(s), 'src/sign.ts').action, 'skip');
    const json = `{"key": "-----BEGIN PRIVATE KEY-----\\n${s.privateKeyBody.replace(/\n/g, '\\n')}`;
    const j = screen(json, 'key.json');
    assert.equal(j.action, 'skip');
    assert.equal(j.text, '');
  });

  it('skips whole files that are credentials: Kubernetes secrets, kubeconfigs, service-account keys', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: c2VjcmV0\n';
    const kubeconfig = 'apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: LS0tLS1CRUdJTg==\n';
    const sa = '{\n  "type": "service_account",\n  "project_id": "demo",\n  "private_key_id": "abc",\n  "private_key": "..."\n}\n';
    assert.deepEqual(screen(secret, 'k8s/db.yaml'), { action: 'skip', text: '', findings: [{ kind: 'kubernetes-secret', line: 1 }] });
    assert.equal(screen(kubeconfig, 'cluster.yaml').findings[0].kind, 'kubeconfig');
    assert.equal(screen(sa, 'keys/prod.json').findings[0].kind, 'service-account');
    // a Deployment or a Config map is source like any other
    assert.equal(screen('apiVersion: apps/v1\nkind: Deployment\n', 'k8s/app.yaml').action, 'keep');
  });

  it('takes unquoted values as literals in .env and YAML files only, and leaves references and placeholders alone', () => {
    const env = `DB_PASSWORD=${s.dbPassword}\nAPI_TOKEN=${s.apiSecret}\nDEBUG=true\n`;
    assert.deepEqual(screen(env, 'deploy/app.env').findings.map((f) => f.kind), ['password', 'secret-value']);
    assert.deepEqual(screen(`services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${s.dbPassword}\n` + CODE, 'docker-compose.yml').findings, [{ kind: 'password', line: 4 }]);
    const code = [
      'const password = process.env.DB_PASSWORD;', 'const token = getToken();', 'const options = { apiKey: config.apiKey };',
      'const tokenType = "Punctuator";', "const password = '${DB_PASSWORD}';", 'const secret = "changeme";',
      'password: userPassword,', "if (token.type === 'String') return;", 'const url = "https://user:${PASS}@host/x";',
      'const tokens = sourceCode.getTokens(node);', 'headers.Authorization = `Bearer ${token}`;',
    ].join('\n');
    assert.deepEqual(screen(code, 'src/a.ts'), { action: 'keep', text: code, findings: [] });
    assert.deepEqual(screen(`password = ${s.dbPassword}\n`, 'src/a.ts').findings, []);
    assert.deepEqual(screen(`const password = "${s.dbPassword}";\n` + CODE, 'src/a.ts').findings, [{ kind: 'password', line: 1 }]);
  });

  it('describes findings by kind and line, never with the secret', () => {
    const r = screen(plantedConfig(s) + CODE, 'src/config.ts');
    const text = describeFindings(r.findings);
    assert.match(text, /^an AWS access key \(line 3\), 2 × high-entropy value assigned to a key, token or secret \(lines 4, 13\), a GitHub token \(line 6\)/);
    for (const secret of secretStrings(s)) assert.ok(!text.includes(secret));
    assert.ok(!JSON.stringify(r.findings).includes(s.githubToken));
  });

  it('names secret-bearing files by their kind, and leaves ordinary sources alone', () => {
    for (const p of [
      'serviceAccountKey.json', 'config/firebase-adminsdk-x1.json', 'client_secret_123.apps.json', 'kubeconfig', 'ops/prod.kubeconfig',
      'secret.yaml', 'k8s/db-secret.yml', 'infra/prod.tfvars', 'terraform.tfstate', 'certs/site.p12', 'keys/app.pfx', 'android/release.jks',
      '.netrc', '.git-credentials', '.env.local', 'id_ed25519', 'home/.ssh/config', 'home/.kube/config', 'home\\.aws\\credentials',
      '.npmrc', '.pypirc', 'server.pem', 'tls.key', 'wp-config.php', 'appsettings.Production.json', 'credentials.json',
    ]) assert.equal(secretFileName(p), true, p);
    for (const p of ['src/secretary.ts', 'src/tokenizer.ts', 'keyboard.ts', 'docs/secrets.md.ts.bak', 'src/keys.ts', 'README.md', 'monkey.js', 'appsettings.json'])
      assert.equal(secretFileName(p), p === 'docs/secrets.md.ts.bak', p);
  });

  it('finds nothing in this repository\'s own sources', () => {
    const root = join(__dirname, '..', '..', 'src');
    const walk = (d: string): string[] => readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)]));
    for (const f of walk(root)) assert.deepEqual(screen(readFileSync(f, 'utf8'), f).findings, [], f);
  });

  it('ends on inputs built to make backtracking patterns blow up (1 MB each)', function () {
    // a quadratic pattern would take minutes on any of these; the timeout is a hang guard
    this.timeout(30_000);
    const MB = 1 << 20, rep = (u: string) => u.repeat(Math.ceil(MB / u.length));
    const inputs = [
      rep('eyJ'), rep('eyJaaaaaaaaaa.'), rep(' eyJabcdefghij.eyJ'), rep('password='), rep('password = "a'), rep('token:'),
      rep('AKIA'), rep('ghp_'), rep('-----BEGIN PRIVATE KEY-----'), '-----BEGIN PRIVATE KEY-----\n' + rep('A'), rep('a://b:'),
      rep('x://' + 'a'.repeat(99) + ':'), rep('Bearer '), 'Bearer ' + rep('a'), rep('sk-proj-'), rep('xoxb-1'), rep('a'), rep('\n'),
    ];
    for (const text of inputs) screen(text, 'x.env');
  });
});
