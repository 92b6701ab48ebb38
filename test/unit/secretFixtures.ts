// Fake credentials in their real formats, made at run time from a seed (so that no file in the
// repository looks like a leaked key to a scanner), and files that plant them.
import { Rng } from '../../src/core/rng';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', LOWER = 'abcdefghijklmnopqrstuvwxyz', DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS, B64 = ALNUM + '+/', B64URL = ALNUM + '-_';

export function fakeSecrets(seed = 1) {
  const rng = new Rng(seed);
  const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[rng.int(alphabet.length)]).join('');
  const b64url = (s: string) => Buffer.from(s).toString('base64url');
  const keyBody = Array.from({ length: 12 }, () => pick(B64, 64)).join('\n');
  return {
    awsAccessKey: 'AKIA' + pick(UPPER + DIGITS, 16),
    awsSecretKey: pick(B64, 40),
    githubToken: 'ghp_' + pick(ALNUM, 36),
    npmToken: 'npm_' + pick(ALNUM, 36),
    slackToken: `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`,
    stripeKey: 'sk_live_' + pick(ALNUM, 24),
    googleKey: 'AIza' + pick(B64URL, 35),
    jwt: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${pick(DIGITS, 10)}","name":"${pick(LOWER, 8)}"}`)}.${pick(B64URL, 43)}`,
    dbPassword: pick(ALNUM, 14),
    apiSecret: pick('0123456789abcdef', 40),
    privateKeyBody: keyBody,
  };
}

export type FakeSecrets = ReturnType<typeof fakeSecrets>;

/** The secret substrings a model or a corpus must never hold (the key body line by line). */
export function secretStrings(s: FakeSecrets): string[] {
  const { privateKeyBody, ...rest } = s;
  return [...Object.values(rest), ...privateKeyBody.split('\n')];
}

/** A config module holding every planted credential the way people paste them. */
export function plantedConfig(s: FakeSecrets): string {
  return [
    '// service configuration',
    'export const aws = {',
    `  accessKeyId: '${s.awsAccessKey}',`,
    `  secretAccessKey: '${s.awsSecretKey}',`,
    '};',
    `const githubToken = "${s.githubToken}";`,
    `const registry = { token: '${s.npmToken}' };`,
    `const slack = '${s.slackToken}';`,
    `const stripe = '${s.stripeKey}';`,
    `const maps = { key: '${s.googleKey}' };`,
    `const session = '${s.jwt}';`,
    `const db = 'postgres://admin:${s.dbPassword}@db.example.com:5432/prod';`,
    `const apiSecret = "${s.apiSecret}";`,
    'export function connect(user: string): string {',
    '  return `${user}@${db}`;',
    '}',
    '',
  ].join('\n');
}

/** A source file with a private key pasted into it. */
export function plantedKeyFile(s: FakeSecrets): string {
  return [
    'import { createSign } from "node:crypto";',
    '',
    'const KEY = `-----BEGIN RSA PRIVATE KEY-----',
    s.privateKeyBody,
    '-----END RSA PRIVATE KEY-----`;',
    '',
    'export function sign(data: string): string {',
    '  return createSign("SHA256").update(data).sign(KEY, "base64");',
    '}',
    '',
  ].join('\n');
}
