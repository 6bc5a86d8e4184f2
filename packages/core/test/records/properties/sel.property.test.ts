/**
 * fast-check of the sel record's selection against selRecord.c's do_sel (EPICS 7.0.8):
 * Specified takes input SELN (SELN ≥ 12: SOFT/INVALID, VAL kept); High/Low take the largest or
 * smallest input that is not NaN (±Inf when none, SELN the first such input); Median sorts the
 * inputs that are not NaN and takes order[count/2] (NaN when none), SELN = count. Unset inputs
 * are NaN (init_record sets A…L to NaN before the constant links).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmSeverity, AlarmStatus } from '../../../src/ca/protocol/dbr/types.js';
import { RecordDatabase } from '../../../src/records/database.js';
import { RecordPut } from '../../../src/records/put.js';

const MODES = ['Specified', 'High Signal', 'Low Signal', 'Median Signal'] as const;
type Mode = (typeof MODES)[number];

let db: RecordDatabase | undefined;
afterEach(() => db?.close());

/** do_sel, transcribed: the value and SELN it leaves, or undefined for "alarm, VAL kept". */
function doSel(mode: Mode, seln: number, inputs: readonly number[]): { val: number; seln: number } | undefined {
  switch (mode) {
    case 'Specified':
      return seln >= 12 ? undefined : { val: inputs[seln], seln };
    case 'High Signal': {
      let val = -Infinity;
      inputs.forEach((v, i) => {
        if (!Number.isNaN(v) && val < v) [val, seln] = [v, i];
      });
      return { val, seln };
    }
    case 'Low Signal': {
      let val = Infinity;
      inputs.forEach((v, i) => {
        if (!Number.isNaN(v) && val > v) [val, seln] = [v, i];
      });
      return { val, seln };
    }
    case 'Median Signal': {
      const order = inputs.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      return { val: order.length === 0 ? Number.NaN : order[Math.floor(order.length / 2)], seln: order.length };
    }
  }
}

// Quarters are exact in both the .db text and a double.
const input = fc.option(fc.integer({ min: -4000, max: 4000 }).map((n) => n / 4), { nil: undefined });

describe('sel (fast-check against selRecord.c)', () => {
  it('selects as do_sel does for every SELM, with unset inputs NaN', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODES), fc.integer({ min: 0, max: 14 }), fc.array(input, { minLength: 12, maxLength: 12 }), (mode, seln, given) => {
        db?.close();
        db = new RecordDatabase();
        const r = db.create('sel', 'P:sel');
        r.configure('SELM', mode);
        r.configure('SELN', String(seln));
        given.forEach((v, i) => {
          if (v !== undefined) r.configure(`INP${String.fromCharCode(65 + i)}`, String(v));
        });
        db.initialise([r]);
        r.putJs('PROC', 1, new RecordPut('app'));
        const inputs = given.map((v) => v ?? Number.NaN);
        const want = doSel(mode, seln, inputs);
        if (want === undefined) {
          expect(r.snapshot('VAL').alarm).toEqual({ status: AlarmStatus.SOFT, severity: AlarmSeverity.INVALID });
          expect(r.num('SELN')).toBe(seln);
          return;
        }
        expect(Object.is(r.num('VAL'), want.val) || r.num('VAL') === want.val).toBe(true);
        expect(r.num('SELN')).toBe(want.seln);
      }),
      { numRuns: 300 },
    );
  });
});
