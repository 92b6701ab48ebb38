// The targets the benchmarks' figures are held to, written once: the benchmarks print them beside
// what they measured and save them with each run (bench/results.mjs), and scripts/render-docs.mjs
// shows them beside a figure no run has measured yet.

/** npm run bench, per configuration: training at least this fraction of PyTorch's chars/s; inference at most ms/char,
 *  with float32 weights and (issue 18) with their int8 copies */
export const TRAINING = {
  'lstm-1x128': { trainRatio: 1.0 },
  'lstm-2x256': { trainRatio: 0.5, inferenceMsPerChar: 0.1, int8InferenceMsPerChar: 0.04 },
};

/** the case bench/completion.mjs times on a document it has never seen */
export const COLD_CASE = 'cold (2,000-char prime)';
/** bench/completion.mjs (issue 18), LSTM 2x256, 40 characters, 4 candidates: at most this many ms at this percentile */
export const COMPLETION = [
  { case: 'warm', stat: 'p50', atMostMs: 3 }, { case: 'warm', stat: 'p95', atMostMs: 8 },
  { case: 'warm greedy', stat: 'p50', atMostMs: 1.5 }, { case: COLD_CASE, stat: 'p95', atMostMs: 50 },
];

/** bench/eventloop.mjs (issue 18): the extension host's event-loop delay at most this many ms at the 99th percentile
 *  while the default model trains and inline completions run */
export const EVENT_LOOP = { p99AtMostMs: 10 };

/** npm run bench:quality: the mixture's bits per character at most xzRatio x xz -9e's; keystrokes saved at least
 *  baselineRatio x the word baseline's; at least this share of the suggestions shown accepted */
export const QUALITY = { xzRatio: 0.92, baselineRatio: 2.5, acceptance: 0.4 };

/** npm run bench:surprise: at least this share of 500-character held-out chunks named by likelihood; at least this
 *  share of injected single-character edits within 2 characters of the 1% most surprising characters */
export const SURPRISE = { likelihood500: 0.95, typoRecall: 0.7 };
