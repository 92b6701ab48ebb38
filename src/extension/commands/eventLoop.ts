// The hidden benchmark command charRnn._measureEventLoop { ms? }: the extension host's
// event-loop delay over `ms` milliseconds (default 5000), as percentiles in milliseconds.
// bench/eventloop.mjs runs it while a model trains.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CMD } from '../ids';

export interface DelaySummary { p50: number; p90: number; p99: number; max: number; mean: number; samples: number }

/** The histogram's timer fires every RESOLUTION_MS; what it records beyond that is the delay. */
const RESOLUTION_MS = 10;

/** Percentiles of the delay beyond the timer's own interval, in ms. */
export function summarizeDelay(h: Pick<IntervalHistogram, 'percentile' | 'max' | 'mean' | 'count'>, resolutionMs: number): DelaySummary {
  const ms = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
  return { p50: ms(h.percentile(50)), p90: ms(h.percentile(90)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), samples: h.count };
}

export function registerEventLoopCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(CMD.measureEventLoop, async (a: { ms?: number } = {}) => {
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    await new Promise((r) => setTimeout(r, a.ms ?? 5000));
    h.disable();
    return summarizeDelay(h, RESOLUTION_MS);
  }));
}
