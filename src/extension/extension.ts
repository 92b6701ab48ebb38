// Placeholder entry so the extension loads in the test harness; the extension's own work
// replaces this file.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
