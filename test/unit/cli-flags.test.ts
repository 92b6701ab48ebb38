// The command line's flags come from the hyperparameter schemas: every field is a flag, in the
// usage line, parsed and checked against the same entry.
import assert from 'node:assert/strict';
import { COMPLETION_PARAMS, MODEL_PARAMS, TRAIN_PARAMS } from '../../src/core/config';
import { parse, UsageError } from '../../src/cli/args';
import { COMPLETE_EVAL_USAGE } from '../../src/cli/completeEval';
import { flagOf, schemaValues } from '../../src/cli/flags';
import { modelFlags, TRAIN_OPTIONS, TRAIN_USAGE, trainFlags } from '../../src/cli/train';

describe('cli flags from the schemas', () => {
  it('every model and training field is a flag of train, and in its usage', () => {
    for (const field of [...Object.keys(MODEL_PARAMS), ...Object.keys(TRAIN_PARAMS)]) {
      assert.ok(flagOf(field) in TRAIN_OPTIONS, field);
      assert.ok(TRAIN_USAGE.includes(`[--${flagOf(field)} `), field);
    }
    assert.equal(flagOf('lrDecayEvery'), 'lr-decay-every');
    assert.match(COMPLETE_EVAL_USAGE, /\[--top-p X\] \[--candidates N\] \[--max-chars N\] \[--multiline\]/);
  });

  it('reads each flag into its field, checked against its entry', () => {
    const { flags } = parse(['--cell', 'gru', '--dropout', '0.25', '--clip-value', '2', '--lr-decay-every', '5', '--val-frac', '0'], TRAIN_OPTIONS);
    assert.deepEqual(modelFlags(flags), { cell: 'gru', dropout: 0.25 });
    const t = trainFlags(flags);
    assert.deepEqual([t.clipValue, t.lrDecayEvery, t.valFrac], [2, 5, 0]);
    assert.throws(() => trainFlags(parse(['--lr-decay-every', '0'], TRAIN_OPTIONS).flags), (e: unknown) => e instanceof UsageError && /--lr-decay-every: must be at least 1/.test(e.message));
    assert.deepEqual(schemaValues({ multiline: true, 'max-lines': '3' }, COMPLETION_PARAMS, ['multiline', 'maxLines', 'topP']), { multiline: true, maxLines: 3 });
  });
});
