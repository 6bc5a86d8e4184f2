/**
 * The model API's builders for the soft record types beyond DevIOC's (fanout, dfanout, seq,
 * sel, compress, histogram, subArray, printf, permissive, state, event, sub, aSub): each
 * declares the record its .db line would, and it processes by its C record support's rules
 * (the expectations below are worked from selRecord.c, compressRecord.c, subArrayRecord.c,
 * histogramRecord.c, seqRecord.c, printfRecord.c, not from devioc).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Model, ModelDefinitionError, Runtime, models } from '@devioc/core';
import { freePort } from './helpers/ports.js';

const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});

async function runtime(): Promise<Runtime> {
  const port = await freePort();
  const repeaterPort = await freePort();
  const client = { addressList: [`127.0.0.1:${port}`], autoAddressList: false, repeaterPort };
  const r = new Runtime({ port, autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], client });
  runtimes.push(r);
  return r;
}

const P = 'MREC';

class Plant extends Model {
  a = models.Ai({ default: 3 });
  b = models.Ai({ default: 9 });
  c = models.Ai({ default: 5 });
  median = models.Sel({ selm: 'Median Signal', inputs: [`${P}:a`, `${P}:b`, `${P}:c`] });
  high = models.Sel({ selm: 'High Signal', inputs: [`${P}:a`, `${P}:b`, `${P}:c`] });
  picked = models.Sel({ selm: 'Specified', seln: 2, inputs: [`${P}:a`, `${P}:b`, `${P}:c`] });
  wave = models.Array({ type: 'double', length: 5, default: [10, 11, 12, 13, 14] });
  part = models.SubArray({ inp: `${P}:wave`, malm: 5, nelm: 2, indx: 1 });
  avg = models.Compress({ inp: `${P}:a`, alg: 'N to 1 Average', nsam: 1, n: 2 });
  ring = models.Compress({ inp: `${P}:a`, alg: 'Circular Buffer', nsam: 3 });
  hist = models.Histogram({ svl: `${P}:a`, nelm: 4, llim: 0, ulim: 8 });
  count = models.Calc({ calc: 'VAL+1' });
  fan = models.Fanout({ links: [`${P}:count`, undefined, `${P}:count`] });
  spread = models.Dfanout({ outs: [`${P}:t1 PP`, `${P}:t2 PP`] });
  t1 = models.Float();
  t2 = models.Float();
  steps = models.Seq({ steps: [{ do: 4, lnk: `${P}:t1 PP` }, { dol: `${P}:b`, lnk: `${P}:t2 PP` }] });
  text = models.Printf({ fmt: '%d of %.1f', inputs: [`${P}:a`, `${P}:b`] });
  perm = models.Permissive({ labl: 'go ahead' });
  where = models.State({ default: 'idle' });
  fired = models.Calc({ calc: 'VAL+1', scan: 'Event', fields: { EVNT: 'mrec-go' } });
  go = models.Event({ event: 'mrec-go' });
  sum = models.Sub({ snam: 'mrecSum', subroutine: (r) => r.set('VAL', r.num('A') + r.num('B')), inputs: [`${P}:a`, `${P}:b`] });
  asub = models.ASub({ snam: 'mrecCopy', subroutine: (r) => r.set('VALA', [r.num('A') * 2]), inputs: [{ link: `${P}:c`, type: 'double' }], outputs: [{ type: 'double', count: 1 }] });
}

const proc = (h: { setField(name: string, value: unknown): void }): void => h.setField('PROC', 1);

describe('the model builders of the soft record types', () => {
  it('declare records that process as their C record support does', async () => {
    const ioc = await new Plant(P, { runtime: await runtime(), skipInitial: true }).start();
    try {
      expect([ioc.median.record.typeName, ioc.ring.record.typeName, ioc.asub.record.typeName]).toEqual(['sel', 'compress', 'aSub']);
      // sel: the median of {3, 9, 5} is 5, the highest 9, input C (SELN 2) 5.
      for (const h of [ioc.median, ioc.high, ioc.picked]) proc(h);
      await expect.poll(() => [ioc.median.value, ioc.high.value, ioc.picked.value]).toEqual([5, 9, 5]);

      // subArray: NELM 2 elements from INDX 1.
      proc(ioc.part);
      await expect.poll(() => Array.from(ioc.part.value)).toEqual([11, 12]);

      // compress N to 1 Average, N 2: one value once two inputs came (3 and 7 → 5).
      proc(ioc.avg);
      await ioc.a.put(7);
      proc(ioc.avg);
      await expect.poll(() => Array.from(ioc.avg.value)).toEqual([5]);

      // histogram: 4 buckets of width 2 over [0, 8): 7 counts in bucket 3, 3 in bucket 1.
      proc(ioc.hist);
      await ioc.a.put(3);
      proc(ioc.hist);
      await expect.poll(() => Array.from(ioc.hist.value)).toEqual([0, 1, 0, 1]);

      // fanout: LNK0 and LNK2 both process the calc.
      proc(ioc.fan);
      await expect.poll(() => ioc.count.value).toBe(2);

      // dfanout writes its value to every OUT.
      await ioc.spread.put(2.5);
      await expect.poll(() => [ioc.t1.value, ioc.t2.value]).toEqual([2.5, 2.5]);

      // seq: DO0 (4) to t1, then DOL1 (b = 9) to t2.
      proc(ioc.steps);
      await expect.poll(() => [ioc.t1.value, ioc.t2.value]).toEqual([4, 9]);

      // printf formats its inputs.
      proc(ioc.text);
      await expect.poll(() => ioc.text.value).toBe('3 of 9.0');

      expect(ioc.perm.field('LABL')).toBe('go ahead');
      expect(ioc.where.value).toBe('idle');
      await ioc.where.put('busy');
      expect(ioc.where.value).toBe('busy');

      // event: processing it processes the records with SCAN Event and its EVNT.
      proc(ioc.go);
      await expect.poll(() => ioc.fired.value).toBe(1);

      // sub and aSub run the functions registered with them.
      proc(ioc.sum);
      await expect.poll(() => ioc.sum.value).toBe(12);
      proc(ioc.asub);
      await expect.poll(() => Array.from(ioc.asub.field('VALA') as ArrayLike<number>)).toEqual([10]);
    } finally {
      await ioc.shutdown();
    }
  });

  it('refuses a mistake in the declaration, naming the record', () => {
    expect(() => models.Fanout('f', { links: Array(17).fill('x') })).toThrow(ModelDefinitionError);
    expect(() => models.Fanout('f', { links: Array(17).fill('x') })).toThrow(/record "f": 17 LNK links; a fanout has 16/);
    expect(() => models.Sub('s', { subroutine: () => 0 })).toThrow(/record "s": a subroutine needs the name it is registered as \(snam\)/);
    expect(() => models.Sel('s', { fields: { NOPE: 1 } })).toThrow(/unknown field NOPE for a sel record/);
    expect(() => models.SubArray('s', { type: 'bogus' as 'double' })).toThrow(/unknown array type "bogus"/);
  });
});
