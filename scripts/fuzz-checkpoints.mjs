// Many more mutated checkpoints than `npm test` runs (test/unit/checkpointFuzz.ts says what
// each must lead to). Prints the outcomes and the slowest case; exits 1 on the first case that
// ends any other way, naming the mutation.
//
//   node --import tsx scripts/fuzz-checkpoints.mjs [--cases 5000] [--seed 2]
import { parseArgs } from 'node:util';
import { fuzz } from '../test/unit/checkpointFuzz.ts';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '5000' }, seed: { type: 'string', default: '2' } } });
const cases = Number(values.cases), seed = Number(values.seed);
if (!(Number.isInteger(cases) && cases > 0 && Number.isInteger(seed))) {
  console.error('usage: node --import tsx scripts/fuzz-checkpoints.mjs [--cases N] [--seed N]');
  process.exit(2);
}
const t0 = performance.now();
try {
  const { counts, slowest } = fuzz(cases, seed);
  console.log(`${cases} mutated checkpoints (seed ${seed}) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}; no hang, NaN or unexpected exception`);
  console.log(`slowest case: ${slowest.ms.toFixed(1)} ms (${slowest.what})`);
} catch (err) {
  console.error(`fuzzing failed: ${err.message}`);
  process.exit(1);
}
