// The webview's link to its host (typed messages) and the little UI state VS Code keeps for it
// across hide/show and reloads (getState/setState). Metrics are not kept here: the host replays them.
import type { RunConfig, WebviewMessage } from '../src/shared/panelProtocol';
import type { XAxis } from './chartData';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface UiState {
  tab: number;
  xAxis: XAxis;
  prime: string;
  temperatures: string;
  /** the form's values once the user has edited them (null: follow the settings) */
  draft: RunConfig | null;
  overlay: string[];
}

const DEFAULT_UI: UiState = { tab: 0, xAxis: 'step', prime: '', temperatures: '0.2, 0.5, 1.0, 1.5', draft: null, overlay: [] };

const vscode = acquireVsCodeApi();

export function post(m: WebviewMessage): void {
  vscode.postMessage(m);
}

export const ui: UiState = { ...DEFAULT_UI, ...(vscode.getState() as Partial<UiState> | undefined) };

export function saveUi(change: Partial<UiState>): void {
  Object.assign(ui, change);
  vscode.setState(ui);
}
