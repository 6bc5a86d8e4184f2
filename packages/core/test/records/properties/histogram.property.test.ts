/**
 * fast-check of the histogram record's bucket counts against histogramRecord.c's add_count
 * (EPICS 7.0.8): a signal outside [LLIM, ULIM) is not counted; otherwise it goes in bucket
 * i-1 for the first i in 1…NELM with SGNL-LLIM ≤ i·WDTH (so a value on a bucket's upper edge
 * counts in that bucket, not the next), WDTH = (ULIM-LLIM)/NELM.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordDatabase } from '../../../src/records/database.js';
import { RecordPut } from '../../../src/records/put.js';

let db: RecordDatabase | undefined;
afterEach(() => db?.close());

function addCount(counts: number[], sgnl: number, llim: number, ulim: number): void {
  if (sgnl < llim || sgnl >= ulim) return;
  const nelm = counts.length;
  const wdth = (ulim - llim) / nelm;
  const temp = sgnl - llim;
  let i = 1;
  for (; i <= nelm; i++) if (temp <= i * wdth) break;
  counts[i - 1]++;
}

describe('histogram (fast-check against histogramRecord.c)', () => {
  it('counts each signal in the bucket add_count picks', () => {
    const quarter = fc.integer({ min: -200, max: 200 }).map((n) => n / 4);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), quarter, fc.integer({ min: 1, max: 100 }).map((n) => n / 4), fc.array(quarter, { minLength: 1, maxLength: 20 }), (nelm, llim, span, signals) => {
        const ulim = llim + span;
        db?.close();
        db = new RecordDatabase();
        const src = db.create('ao', 'P:s');
        const h = db.create('histogram', 'P:h');
        for (const [k, v] of Object.entries({ NELM: nelm, LLIM: llim, ULIM: ulim, SVL: 'P:s' })) h.configure(k, String(v));
        db.initialise([src, h]);
        const want = new Array<number>(nelm).fill(0);
        for (const s of signals) {
          src.putJs('VAL', s, new RecordPut('app'));
          h.putJs('PROC', 1, new RecordPut('app'));
          addCount(want, s, llim, ulim);
        }
        expect(Array.from(h.snapshot('VAL').value as ArrayLike<number>)).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});
