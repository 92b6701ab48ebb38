// Secret screening: what every text goes through before a model learns from it. `screen` finds
// credentials (./formats) and either keeps the text, returns a copy with each secret replaced by
// a placeholder of the same shape, or says to skip the file when it is mostly credentials.
// `secretFileName` decides by the path alone. Neither ever returns a secret.
//
// Hand-written rather than a detector package: secretlint (the maintained one on npm, 2.7M
// downloads a month) was measured with its recommended preset on the planted credentials of
// test/unit/secretFixtures.ts and a corpus: it found 5 of the config module's 10 (not the AWS
// key id, reported only when asked, nor the Stripe and Google keys, the JWT or the high-entropy
// assignment), neither the pasted private key nor the unquoted .env values, answers
// asynchronously (a promise per text), screened the eslint corpus at
// 3.7 M characters/s where this module does about 30 M (bench/secrets.ts), adds 78 KB minified
// to each bundle, and its current release needs Node 22 (the command line supports Node 20).
// The formats here follow the published token formats its rules and gitleaks' use.
import { credentialFile, findSecrets, type SecretKind, type Span } from './formats';

export type { SecretKind } from './formats';
export { secretFileName } from './names';

export interface Finding {
  kind: SecretKind;
  /** 1-based line of the secret's first character */
  line: number;
}

export interface Screened {
  action: 'keep' | 'redact' | 'skip';
  /** the text, with every secret replaced by its placeholder when redacting */
  text: string;
  findings: Finding[];
}

/** A file whose secrets cover more than this share of its non-blank characters is skipped. */
const SKIP_SHARE = 0.3;

const KIND_TEXT: Record<SecretKind, string> = {
  'private-key': 'a private key', 'aws-access-key': 'an AWS access key', 'github-token': 'a GitHub token',
  'gitlab-token': 'a GitLab token', 'npm-token': 'an npm token', 'pypi-token': 'a PyPI token',
  'slack-token': 'a Slack token or webhook', 'stripe-key': 'a Stripe key', 'google-api-key': 'a Google API key or OAuth secret',
  'openai-key': 'an OpenAI API key', 'anthropic-key': 'an Anthropic API key', 'huggingface-token': 'a Hugging Face token',
  'sendgrid-key': 'a SendGrid key', 'service-token': 'a service access token', 'jwt': 'a JSON Web Token',
  'url-password': 'a password in a URL', 'auth-header': 'an authorization header credential', 'password': 'a password',
  'secret-value': 'a high-entropy value assigned to a key, token or secret', 'kubernetes-secret': 'a Kubernetes Secret',
  'kubeconfig': 'a kubeconfig with credentials', 'service-account': 'a cloud service-account or OAuth credentials file',
};

/** "an AWS access key (line 3), 2 passwords (lines 7, 9)": what was found, never the secret. */
export function describeFindings(findings: readonly Finding[]): string {
  const byKind = new Map<SecretKind, number[]>();
  for (const f of findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f.line]);
  return [...byKind].map(([kind, lines]) => {
    const what = lines.length === 1 ? KIND_TEXT[kind] : `${lines.length} × ${KIND_TEXT[kind].replace(/^an? /, '')}`;
    return `${what} (line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', ...' : ''})`;
  }).join(', ');
}

/**
 * The placeholder of a secret: same length, every uppercase letter X, lowercase x, digit 0,
 * anything else (separators, padding, line breaks) kept. A model learns the shape of a key
 * and where one goes, never a key.
 */
export function placeholder(secret: string): string {
  return secret.replace(/[A-Z]/g, 'X').replace(/[a-z]/g, 'x').replace(/[0-9]/g, '0');
}

function lineStarts(text: string, spans: readonly Span[]): number[] {
  const lines: number[] = [];
  let line = 1, at = 0;
  for (const s of spans) {
    for (; at < s.start; at++) if (text.charCodeAt(at) === 10) line++;
    lines.push(line);
  }
  return lines;
}

/**
 * Screens a text before training on it. `path` (any separator) informs the rules that depend on
 * the file's format, e.g. unquoted values count in `.env` and YAML files. Linear in the text.
 */
export function screen(text: string, path = ''): Screened {
  const p = path.replace(/\\/g, '/');
  const whole = credentialFile(text);
  if (whole) return { action: 'skip', text: '', findings: [{ kind: whole, line: 1 }] };
  const spans = findSecrets(text, p);
  if (spans.length === 0) return { action: 'keep', text, findings: [] };
  const lines = lineStarts(text, spans);
  const findings = spans.map((s, i) => ({ kind: s.kind, line: lines[i] }));
  let secret = 0;
  for (const s of spans) secret += s.end - s.start;
  if (secret > SKIP_SHARE * text.replace(/\s+/g, '').length) return { action: 'skip', text: '', findings };
  let out = '', at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + placeholder(text.slice(s.start, s.end));
    at = s.end;
  }
  return { action: 'redact', text: out + text.slice(at), findings };
}
