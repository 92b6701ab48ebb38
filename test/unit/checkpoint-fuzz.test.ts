// Hostile and broken checkpoints, as a file from elsewhere or a corrupted resume state would be:
// 400 mutations of a trained checkpoint's bytes, header, 'train' entry and optimizer state. Each
// is refused with a CheckpointError, or resumes for two steps with finite numbers and saves
// again: no other exception, no NaN, no step, clock or learning rate that is not a number (which
// is what made runs never end). More cases: node --import tsx scripts/fuzz-checkpoints.mjs.
import assert from 'node:assert/strict';
import { fuzz } from './checkpointFuzz';

describe('checkpoint fuzzing', () => {
  it('400 mutated checkpoints: each refused with a message or resumed with finite numbers', function () {
    this.timeout(120_000);
    const { counts } = fuzz(400, 1);
    // both paths are exercised, or the test would prove little
    assert.ok(counts.refused > 100 && counts.resumed > 20, JSON.stringify(counts));
  });
});
