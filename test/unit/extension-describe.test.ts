// Numbers in the training log, the status bar and the panel, written without Intl.
import * as assert from 'node:assert/strict';
import { formatInt } from '../../src/extension/training/describe';

describe('formatInt', () => {
  it('writes integers as en-US does, rounding first', () => {
    for (const n of [0, 7, 999, 1000, 12345, 999999, 1000000, 1234567.4, 98765432.5, -1234567, -999]) {
      assert.equal(formatInt(n), Math.round(n).toLocaleString('en-US'), String(n));
    }
  });

  it('does not touch Intl, whose first use costs the extension host tens of milliseconds', () => {
    const toLocale = Number.prototype.toLocaleString, NumberFormat = Intl.NumberFormat;
    const refuse = () => { throw new Error('Intl was used'); };
    Number.prototype.toLocaleString = refuse;
    (Intl as { NumberFormat: unknown }).NumberFormat = refuse;
    try {
      assert.equal(formatInt(2468013), '2,468,013');
    } finally {
      Number.prototype.toLocaleString = toLocale;
      (Intl as { NumberFormat: unknown }).NumberFormat = NumberFormat;
    }
  });
});
