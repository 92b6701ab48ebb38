// The hidden benchmark command charRnn._measureEventLoop { ms? }: the extension host's
// event-loop delay over `ms` milliseconds (default 5000), as percentiles in milliseconds, and
// the time the host spent handling training messages meanwhile, and how long the machine's tasks
// waited for cores and memory meanwhile. bench/eventloop.mjs runs it
// while a model trains.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CMD } from '../ids';
import type { TrainingService } from '../training/service';

export interface DelaySummary { p50: number; p90: number; p99: number; max: number; mean: number; samples: number }

/** Messages handled, the time spent, and the longest handling of each message type (since activation). */
export interface Handling { messages: number; busyMs: number; maxMs: Record<string, number> }

/** How long some task of the machine waited for a core, and for memory (Linux's pressure stall
 *  information, in ms; undefined elsewhere): a delay no code of the host caused. */
export interface Stalls { cpuMs: number; memoryMs: number }

function pressureTotals(): Stalls | undefined {
  try {
    const some = (what: string) => Number(/^some .*total=(\d+)/m.exec(readFileSync(`/proc/pressure/${what}`, 'utf8'))![1]) / 1000;
    return { cpuMs: some('cpu'), memoryMs: some('memory') };
  } catch {
    return undefined;
  }
}

/** The histogram's timer fires every RESOLUTION_MS; what it records beyond that is the delay. */
const RESOLUTION_MS = 10;

/** Percentiles of the delay beyond the timer's own interval, in ms. */
export function summarizeDelay(h: Pick<IntervalHistogram, 'percentile' | 'max' | 'mean' | 'count'>, resolutionMs: number): DelaySummary {
  const ms = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
  return { p50: ms(h.percentile(50)), p90: ms(h.percentile(90)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), samples: h.count };
}

export function registerEventLoopCommand(context: vscode.ExtensionContext, training: TrainingService): void {
  context.subscriptions.push(vscode.commands.registerCommand(CMD.measureEventLoop, async (a: { ms?: number } = {}) => {
    const before = { ...training.handling }, pressure = pressureTotals();
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    await new Promise((r) => setTimeout(r, a.ms ?? 5000));
    h.disable();
    const after = training.handling;
    const handling: Handling = { messages: after.messages - before.messages, busyMs: after.busyMs - before.busyMs, maxMs: { ...after.maxMs } };
    const now = pressureTotals();
    const stalls = pressure && now ? { cpuMs: now.cpuMs - pressure.cpuMs, memoryMs: now.memoryMs - pressure.memoryMs } : undefined;
    return { ...summarizeDelay(h, RESOLUTION_MS), handling, stalls };
  }));
}
