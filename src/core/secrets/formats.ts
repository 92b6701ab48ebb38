// What a credential looks like in text: the published formats of cloud keys and of the tokens
// of the common forges, registries and services (the same formats gitleaks' and secretlint's
// rules use), private key blocks, JWTs, URLs with a password, and credential-like assignments
// of high-entropy strings. Every pattern is linear in the text: it starts at a boundary
// (a fixed-width lookbehind) and every repetition in it is bounded, so a match attempt reads at
// most a few hundred characters and attempts never overlap within one run of token characters.

export type SecretKind =
  | 'private-key' | 'aws-access-key' | 'github-token' | 'gitlab-token' | 'npm-token' | 'pypi-token'
  | 'slack-token' | 'stripe-key' | 'google-api-key' | 'openai-key' | 'anthropic-key' | 'huggingface-token'
  | 'sendgrid-key' | 'service-token' | 'jwt' | 'url-password' | 'auth-header' | 'password' | 'secret-value'
  | 'kubernetes-secret' | 'kubeconfig' | 'service-account';

/** A secret's place in the text: [start, end) is what a placeholder replaces. */
export interface Span { kind: SecretKind; start: number; end: number }

/**
 * Token formats: the whole match is the secret, except its first `keep` characters (a known
 * prefix, kept so that a model learns what kind of key goes there). `hint`: a substring every
 * match contains, so that a text without it skips the pattern ('' = always run it).
 */
interface TokenFormat { kind: SecretKind; re: RegExp; keep: number; hint: string }

// (?<![\w-]) and (?![\w-]): the token is not part of a longer run of token characters
const token = (body: string) => new RegExp(`(?<![A-Za-z0-9_-])(?:${body})(?![A-Za-z0-9_-])`, 'g');

const TOKENS: TokenFormat[] = [
  { kind: 'aws-access-key', re: token('(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA)[A-Z0-9]{16}'), keep: 4, hint: '' },
  { kind: 'github-token', re: token('gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255}'), keep: 4, hint: 'gh' },
  { kind: 'gitlab-token', re: token('gl(?:pat|dt|ptt|rt|cbt|soat|ffct|imt|agent)-[A-Za-z0-9_-]{20,64}'), keep: 6, hint: 'gl' },
  { kind: 'npm-token', re: token('npm_[A-Za-z0-9]{36}'), keep: 4, hint: 'npm_' },
  { kind: 'pypi-token', re: token('pypi-AgE[A-Za-z0-9_-]{50,400}'), keep: 5, hint: 'pypi-' },
  { kind: 'slack-token', re: token('xox[abposr]-[A-Za-z0-9-]{10,250}'), keep: 5, hint: 'xox' },
  { kind: 'slack-token', re: /(?<![A-Za-z0-9_-])https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9_/]{20,120}/g, keep: 24, hint: 'hooks.slack.com' },
  { kind: 'stripe-key', re: token('(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}'), keep: 8, hint: 'k_' },
  { kind: 'google-api-key', re: token('AIza[0-9A-Za-z_-]{35}|GOCSPX-[A-Za-z0-9_-]{28}|ya29\\.[0-9A-Za-z_-]{20,400}'), keep: 4, hint: '' },
  { kind: 'anthropic-key', re: token('sk-ant-[A-Za-z0-9_-]{32,200}'), keep: 7, hint: 'sk-ant-' },
  { kind: 'openai-key', re: token('sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,300}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}'), keep: 3, hint: 'sk-' },
  { kind: 'huggingface-token', re: token('hf_[A-Za-z0-9]{34}'), keep: 3, hint: 'hf_' },
  { kind: 'sendgrid-key', re: token('SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'), keep: 3, hint: 'SG.' },
  { kind: 'service-token', re: token('dckr_pat_[A-Za-z0-9_-]{27,64}|do[opr]_v1_[a-f0-9]{64}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|glc_[A-Za-z0-9+/]{32,400}={0,2}|SK[0-9a-f]{32}'), keep: 0, hint: '' },
  { kind: 'jwt', re: token('eyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{4,8000}\\.[A-Za-z0-9_-]{0,2000}'), keep: 3, hint: 'eyJ' },
];

/** scheme://user:password@host: the password. */
const URL_PASSWORD = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s:@/'"`<>]{1,100}:([^\s:@/'"`<>]{1,200})@[A-Za-z0-9[]/g;
/** Authorization: Basic/Bearer credentials. */
const AUTH_HEADER = /(?<![A-Za-z0-9_])(?:Basic|Bearer|Token) ([A-Za-z0-9+/=._~-]{16,2000})(?![A-Za-z0-9+/=._~-])/g;

/**
 * key = "value" and key: value where the key names a credential. Group 1 the key's credential
 * word, 2 the quote (maybe none), 3 the value.
 */
const ASSIGNMENT = new RegExp(
  '(password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key|client[_-]?secret|credentials?|accountkey|sharedaccesskey)' +
  '[A-Za-z0-9_-]{0,24}["\']?[ \\t]{0,8}(?::=|=>|[:=])[ \\t]{0,8}(["\'`]?)([^\\s"\'`,;()<>{}[\\]=:]{6,300}={0,3})(?=["\'`]|[\\s,;]|$)', 'gim');

const PRIVATE_KEY_BEGIN = /-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----/g;

/** Files with one of these extensions take unquoted values (KEY=value) as literals. */
const CONFIG_EXT = /(?:^|[./])(?:env|ini|cfg|conf|properties|ya?ml|toml|tfvars|sh|bash|zsh|envrc|dockerfile|compose)$/i;

/** Values that stand for a secret without being one. */
const PLACEHOLDER = /^(?:\$\{?[A-Za-z_]|%\(|\{\{|<[^>]*>$|process\.env|os\.environ|env\(|\*+$|x+$|\.+$|_+$|-+$)|^(?:password|passwd|secret|changeme|change_me|example|sample|dummy|placeholder|redacted|none|null|undefined|true|false|your[_-].*|my[_-]?password|test(?:ing)?|string|required)$/i;
/** A value that is a reference in code (config.apiKey, getToken(), this.secret), not a literal. */
const CODE_REF = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?$/;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) counts.set(s.charCodeAt(i), (counts.get(s.charCodeAt(i)) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) { const p = c / s.length; h -= p * Math.log2(p); }
  return h;
}

/** Whether an assigned value is a credential: quoted (or in a config file), no placeholder, random enough. */
function credentialValue(word: string, quote: string, value: string, configFile: boolean): SecretKind | undefined {
  if (!quote && !configFile) return undefined;
  if (PLACEHOLDER.test(value)) return undefined;
  if (!quote && CODE_REF.test(value) && /[a-z]/.test(value) && !/\d/.test(value)) return undefined;
  const w = word.toLowerCase();
  if (w.startsWith('pass') || w === 'pwd') {
    // a password may be a word with digits: enough that it is not a plain identifier
    return value.length >= 6 && entropy(value) >= 2.5 && !(CODE_REF.test(value) && !/\d/.test(value)) ? 'password' : undefined;
  }
  // keys and tokens are random strings: long, high entropy, letters and digits
  return value.length >= 16 && entropy(value) >= 3.5 && /\d/.test(value) && /[A-Za-z]/.test(value) ? 'secret-value' : undefined;
}

/** End of a private key's body: its END line, else the last line of key characters. `next`
 *  caches the next END line's index, so many BEGIN lines cost one scan of the text. */
function privateKeyEnd(text: string, from: number, next: { end: number }): number {
  if (next.end >= 0 && next.end < from) next.end = text.indexOf('-----END', from);
  const end = next.end;
  if (end >= 0 && end - from <= 20_000) return end;
  let i = from;
  // base64 and the \n escapes of a key inside a string literal
  while (i < text.length && i - from <= 20_000 && /[A-Za-z0-9+/=\s\\]/.test(text[i])) i++;
  return i;
}

/** The secrets in a text: spans sorted by start, none overlapping. */
export function findSecrets(text: string, path = ''): Span[] {
  const spans: Span[] = [];
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  if (text.includes('PRIVATE KEY')) {
    const next = { end: 0 };
    for (let m; (m = PRIVATE_KEY_BEGIN.exec(text)); ) {
      const start = m.index + m[0].length, end = privateKeyEnd(text, start, next);
      spans.push({ kind: 'private-key', start, end });
      PRIVATE_KEY_BEGIN.lastIndex = end;
    }
  }
  for (const f of TOKENS) {
    if (f.hint && !text.includes(f.hint)) continue;
    f.re.lastIndex = 0;
    for (let m; (m = f.re.exec(text)); ) spans.push({ kind: f.kind, start: m.index + f.keep, end: m.index + m[0].length });
  }
  // context rules only where no format matched: the format keeps its prefix (AKIA, ghp_)
  const formats = merge(spans), generic: Span[] = [];
  const add = (kind: SecretKind, start: number, end: number) => { generic.push({ kind, start, end }); };
  if (text.includes('://')) {
    URL_PASSWORD.lastIndex = 0;
    for (let m; (m = URL_PASSWORD.exec(text)); ) {
      const pw = m[1], end = m.index + m[0].length - 2;
      if (!PLACEHOLDER.test(pw)) add('url-password', end - pw.length, end);
    }
  }
  AUTH_HEADER.lastIndex = 0;
  for (let m; (m = AUTH_HEADER.exec(text)); ) {
    if (entropy(m[1]) >= 3 && !CODE_REF.test(m[1])) add('auth-header', m.index + m[0].length - m[1].length, m.index + m[0].length);
  }
  const configFile = CONFIG_EXT.test(path) || /(?:^|\/)(?:\.env[^/]*|Dockerfile[^/]*|docker-compose[^/]*)$/i.test(path);
  ASSIGNMENT.lastIndex = 0;
  for (let m; (m = ASSIGNMENT.exec(text)); ) {
    const [, word, quote, value] = m;
    const kind = credentialValue(word, quote, value, configFile);
    const end = m.index + m[0].length;
    if (kind) add(kind, end - value.length, end);
  }
  return merge([...formats, ...outside(merge(generic), formats)]);
}

/** The spans of `a` that overlap none of `b` (both sorted, b disjoint). Linear. */
function outside(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const s of a) {
    while (j < b.length && b[j].end <= s.start) j++;
    if (j === b.length || b[j].start >= s.end) out.push(s);
  }
  return out;
}

/** Kinds found by context rather than by format: a format's name wins over them. */
const GENERIC: ReadonlySet<SecretKind> = new Set(['secret-value', 'password', 'auth-header', 'url-password']);

/** Sorted by start; overlapping spans become one, named by a format when one matched. */
function merge(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (GENERIC.has(last.kind) && !GENERIC.has(s.kind)) last.kind = s.kind;
    } else if (s.end > s.start) out.push({ ...s });
  }
  return out;
}

/**
 * Whole-file formats that are credentials as a whole: a Kubernetes Secret manifest, a
 * kubeconfig with client keys or tokens, a cloud service-account key file.
 */
export function credentialFile(text: string): SecretKind | undefined {
  if (/^kind:[ \t]*["']?Secret["']?[ \t]*$/m.test(text) || /"kind"[ \t]*:[ \t]*"Secret"/.test(text)) return 'kubernetes-secret';
  if (/^kind:[ \t]*["']?Config["']?[ \t]*$/m.test(text) && /^[ \t]*(?:client-key-data|token|client-certificate-data|password):/m.test(text)) return 'kubeconfig';
  if (/"type"[ \t]*:[ \t]*"(?:service_account|authorized_user|external_account)"/.test(text) && /"(?:private_key|refresh_token|client_secret)"/.test(text)) return 'service-account';
  return undefined;
}
