// Whether the completer may learn what a document holds: the same screening as the training
// corpus (src/core/secrets), so a credential typed or opened in the editor never enters the
// mixture's memory, which an export can carry. The text before the cursor is what would be
// learned; it is screened when it changes (from a margin before the part it shares with the text
// screened last, since a secret can span lines), and once a document holds a secret it is not
// learned at all.
import { commonPrefixLength } from '../../core/complete/stateCache';
import { describeFindings, screen, secretFileName } from '../../core/secrets';

/** re-screened before the part already screened: a private key block spans lines */
const MARGIN = 4096;

interface Seen { screened: string; ok: boolean }

export class LearnGate {
  private readonly docs = new Map<string, Seen>();

  constructor(private readonly log: (line: string) => void = () => {}, private readonly maxDocs = 64) {}

  /** Whether the document `key` (at `path`) may be learned, given its text before the cursor. */
  allows(key: string, path: string, before: string): boolean {
    let seen = this.docs.get(key);
    if (seen && !seen.ok) return false;
    if (!seen) {
      if (secretFileName(path)) return this.refuse(key, path, 'its name says it holds secrets');
      seen = { screened: '', ok: true };
    }
    if (seen.screened !== before) {
      // what it shares with the text screened last was screened then (the cursor moved back, or
      // an edit above it): only the rest, and the margin before it
      const from = Math.max(0, commonPrefixLength(seen.screened, before) - MARGIN);
      const r = screen(before.slice(from), path);
      if (r.action !== 'keep') {
        // lines of the screened part, counted from the document's start
        const line = before.slice(0, from).split('\n').length - 1;
        return this.refuse(key, path, `it holds ${describeFindings(r.findings.map((f) => ({ ...f, line: f.line + line })))}`);
      }
      seen.screened = before;
    }
    this.remember(key, seen);
    return true;
  }

  forget(key: string): void { this.docs.delete(key); }

  private refuse(key: string, path: string, why: string): false {
    this.remember(key, { screened: '', ok: false });
    this.log(`suggestions read ${path} but do not learn it: ${why}`);
    return false;
  }

  private remember(key: string, seen: Seen): void {
    this.docs.delete(key);
    this.docs.set(key, seen);
    if (this.docs.size > this.maxDocs) this.docs.delete(this.docs.keys().next().value!);
  }
}
