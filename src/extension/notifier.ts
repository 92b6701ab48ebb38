// User-facing messages: each is logged to the output channel, kept in a short history (the
// integration tests read it: a notification's text cannot be read back from VS Code), and shown
// unless the caller asked for silence.
import * as vscode from 'vscode';

export type Level = 'info' | 'warning' | 'error';

export interface Shown { level: Level; text: string }

export interface ShowOptions<A extends string> {
  /** log and record only (commands run by tests or by other features) */
  silent?: boolean;
  actions?: A[];
  modal?: boolean;
  detail?: string;
}

const HISTORY = 50;

export class Notifier {
  readonly recent: Shown[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  info<A extends string>(text: string, o: ShowOptions<A> = {}): Promise<A | undefined> { return this.show('info', text, o); }
  warn<A extends string>(text: string, o: ShowOptions<A> = {}): Promise<A | undefined> { return this.show('warning', text, o); }
  error<A extends string>(text: string, o: ShowOptions<A> = {}): Promise<A | undefined> { return this.show('error', text, o); }

  async show<A extends string>(level: Level, text: string, o: ShowOptions<A> = {}): Promise<A | undefined> {
    this.recent.push({ level, text });
    if (this.recent.length > HISTORY) this.recent.shift();
    const line = o.detail ? `${text} ${o.detail}` : text;
    if (level === 'error') this.log.error(line);
    else if (level === 'warning') this.log.warn(line);
    else this.log.info(line);
    if (o.silent) return undefined;
    const opts: vscode.MessageOptions = { modal: o.modal ?? false, detail: o.detail };
    const actions = o.actions ?? [];
    const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return (await show(text, opts, ...actions)) as A | undefined;
  }
}
