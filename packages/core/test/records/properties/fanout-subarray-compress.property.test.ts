/**
 * fast-check of fanout, subArray and compress against their C code in EPICS 7.0.8.1, transcribed
 * below as small models (each function names what it transcribes):
 * - fanoutRecord.c process(): SELM All / Specified (SELN + OFFS, out of 0…15 is SOFT/INVALID) /
 *   Mask (SELN shifted by SHFT as an epicsUInt16, |SHFT| > 15 is SOFT/INVALID), LNK0…LNKF.
 * - dfanoutRecord.c push_values(): All / Specified (SELN 1…8 picks OUTA…OUTH, 0 none, above 8
 *   SOFT/INVALID) / Mask (bits 0…7), VAL written to each.
 * - seqRecord.c process(): the same selection over the 16 link groups (SELM All, Specified with
 *   OFFS, Mask with SHFT), each selected group's DOLn copied to DOn and written to LNKn.
 * - devSASoft.c read_sa() + subset(): INDX + NELM (at most MALM) elements read, NELM kept from
 *   INDX on, NORD how many.
 * - compressRecord.c compress_scalar(), compress_array(), put_value() and get_array_info(): the
 *   N-to-1 algorithms on scalar and array inputs, the circular buffer, FIFO and LIFO, and the
 *   elements a client reads (oldest first for FIFO, newest first for LIFO).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmSeverity, AlarmStatus } from '../../../src/ca/protocol/dbr/types.js';
import { RecordDatabase } from '../../../src/records/database.js';
import type { EpicsRecord } from '../../../src/records/record.js';
import { RecordPut } from '../../../src/records/put.js';

let db: RecordDatabase | undefined;
afterEach(() => db?.close());

const HEX = '0123456789ABCDEF';
const process = (r: EpicsRecord): void => void r.putJs('PROC', 1, new RecordPut('app'));
const values = (r: EpicsRecord, field = 'VAL'): number[] => Array.from(r.snapshot(field).value as ArrayLike<number>);

// ------------------------------------------------------------------ fanout

/** fanoutRecord.c process(): the links processed, or undefined for SOFT/INVALID. */
function fanoutLinks(selm: number, seln: number, offs: number, shft: number): number[] | undefined {
  if (selm === 0) return [...Array(16).keys()];
  if (selm === 1) {
    const i = seln + offs;
    return i < 0 || i >= 16 ? undefined : [i];
  }
  if (shft < -15 || shft > 15) return undefined;
  const mask = (shft >= 0 ? seln >> shft : seln << -shft) & 0xffff; // assigned to an epicsUInt16
  return [...Array(16).keys()].filter((i) => (mask >> i) & 1);
}

describe('fanout (fast-check against fanoutRecord.c)', () => {
  it('processes the links process() picks for every SELM, SELN, OFFS and SHFT', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2),
        // Small selections (Specified picks 0…15) as often as any 16-bit word (Mask).
        fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 0xffff })),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -18, max: 18 }),
        (selm, seln, offs, shft) => {
          db?.close();
          db = new RecordDatabase();
          const targets = [...Array(16).keys()].map((i) => {
            const t = db!.create('calc', `T${i}`);
            t.configure('INPA', `T${i}`);
            t.configure('CALC', 'A+1');
            return t;
          });
          const f = db.create('fanout', 'F');
          f.configure('SELM', ['All', 'Specified', 'Mask'][selm]!);
          f.configure('SELN', String(seln));
          f.configure('OFFS', String(offs));
          f.configure('SHFT', String(shft));
          targets.forEach((_, i) => f.configure(`LNK${HEX[i]}`, `T${i}`));
          db.initialise([...targets, f]);
          process(f);
          const want = fanoutLinks(selm, seln, offs, shft);
          const processed = targets.map((t, i) => (t.num('VAL') === 1 ? i : -1)).filter((i) => i >= 0);
          expect(processed).toEqual(want ?? []);
          expect(f.snapshot('VAL').alarm).toEqual(
            want === undefined ? { status: AlarmStatus.SOFT, severity: AlarmSeverity.INVALID } : { status: AlarmStatus.NO_ALARM, severity: AlarmSeverity.NO_ALARM },
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------ dfanout

/** dfanoutRecord.c push_values(): the outputs written, or undefined for SOFT/INVALID. */
function dfanoutOutputs(selm: number, seln: number): number[] | undefined {
  if (selm === 0) return [...Array(8).keys()];
  if (selm === 1) return seln > 8 ? undefined : seln === 0 ? [] : [seln - 1];
  return [...Array(8).keys()].filter((i) => (seln >> i) & 1);
}

describe('dfanout (fast-check against dfanoutRecord.c)', () => {
  it('writes VAL to the outputs push_values() picks for every SELM and SELN', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 0xffff })), fc.integer({ min: -1000, max: 1000 }), (selm, seln, value) => {
        db?.close();
        db = new RecordDatabase();
        const targets = [...Array(8).keys()].map((i) => db!.create('ao', `D${i}`));
        const d = db.create('dfanout', 'DF');
        d.configure('SELM', ['All', 'Specified', 'Mask'][selm]!);
        d.configure('SELN', String(seln));
        d.configure('VAL', String(value + 0.5));
        targets.forEach((_, i) => d.configure(`OUT${'ABCDEFGH'[i]}`, `D${i} PP`));
        db.initialise([...targets, d]);
        process(d);
        const want = dfanoutOutputs(selm, seln);
        const written = targets.map((t, i) => (t.num('VAL') === value + 0.5 ? i : -1)).filter((i) => i >= 0);
        expect(written).toEqual(want ?? []);
        if (want === undefined) expect(d.snapshot('VAL').alarm).toEqual({ status: AlarmStatus.SOFT, severity: AlarmSeverity.INVALID });
      }),
      { numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------ seq

describe('seq (fast-check against seqRecord.c)', () => {
  it('writes DOLn to LNKn for exactly the groups process() selects', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 2),
        fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 0xffff })),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -18, max: 18 }),
        async (selm, seln, offs, shft) => {
          db?.close();
          db = new RecordDatabase();
          const targets = [...Array(16).keys()].map((i) => db!.create('ao', `O${i}`));
          const q = db.create('seq', 'Q');
          q.configure('SELM', ['All', 'Specified', 'Mask'][selm]!);
          q.configure('SELN', String(seln));
          q.configure('OFFS', String(offs));
          q.configure('SHFT', String(shft));
          targets.forEach((_, i) => {
            q.configure(`DOL${HEX[i]}`, String(i + 100));
            q.configure(`LNK${HEX[i]}`, `O${i} PP`);
          });
          db.initialise([...targets, q]);
          process(q);
          // The groups run from callbacks (DLYn 0 here): wait until the record has finished.
          for (let spins = 0; q.num('PACT') !== 0 && spins < 1000; spins++) await new Promise((resolve) => setImmediate(resolve));
          expect(q.num('PACT')).toBe(0);
          const want = fanoutLinks(selm, seln, offs, shft);
          const written = targets.map((t, i) => (t.num('VAL') === i + 100 ? i : -1)).filter((i) => i >= 0);
          expect(written).toEqual(want ?? []);
          if (want === undefined) expect(q.snapshot('VAL').alarm).toEqual({ status: AlarmStatus.SOFT, severity: AlarmSeverity.INVALID });
        },
      ),
      { numRuns: 150 },
    );
  });
});

// ------------------------------------------------------------------ subArray

/** devSASoft.c read_sa() and subset(): the elements kept from a source of `n` elements. */
function subArray(source: readonly number[], malm: number, nelm: number, indx: number): number[] {
  // init_record / special: NELM at most MALM, INDX below MALM.
  const nelmC = Math.min(nelm, malm);
  const indxC = Math.min(indx, malm - 1);
  const nRequest = Math.min(indxC + nelmC, malm, source.length);
  const ecount = Math.max(0, Math.min(nRequest - indxC, nelmC));
  return source.slice(indxC, indxC + ecount);
}

describe('subArray (fast-check against devSASoft.c)', () => {
  it('keeps NELM elements from INDX of what it reads, NORD their count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 26 }),
        (source, malm, nelm, indx) => {
          db?.close();
          db = new RecordDatabase();
          const w = db.create('waveform', 'W');
          w.configure('NELM', '20');
          w.configure('FTVL', 'DOUBLE');
          const s = db.create('subArray', 'S');
          s.configure('FTVL', 'DOUBLE');
          s.configure('MALM', String(malm));
          s.configure('NELM', String(nelm));
          s.configure('INDX', String(indx));
          s.configure('INP', 'W');
          db.initialise([w, s]);
          w.putJs('VAL', source, new RecordPut('app'));
          process(s);
          const want = subArray(source, malm, nelm, indx);
          expect(s.num('NORD')).toBe(want.length);
          if (want.length > 0) expect(values(s)).toEqual(want);
          // No element read is readValue's failure: UDF and a UDF alarm (UDFS, INVALID by default).
          expect(s.snapshot('VAL').alarm.status).toBe(want.length > 0 ? AlarmStatus.NO_ALARM : AlarmStatus.UDF);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ------------------------------------------------------------------ compress

interface CompressModel {
  buffer: number[];
  off: number;
  nuse: number;
  inx: number;
  cvb: number;
}

const ALGS = ['N to 1 Low Value', 'N to 1 High Value', 'N to 1 Average', 'Circular Buffer', 'N to 1 Median'] as const;

/** put_value(). */
function putValue(m: CompressModel, nsam: number, fifo: boolean, source: readonly number[]): void {
  m.nuse = Math.min(nsam, m.nuse + source.length);
  for (const v of source) {
    if (!fifo) m.off = (m.off + nsam - 1) % nsam;
    m.buffer[m.off] = v;
    if (fifo) m.off = (m.off + 1) % nsam;
  }
}

/** compress_scalar(). */
function compressScalar(m: CompressModel, alg: number, n: number, pbuf: boolean, nsam: number, fifo: boolean, value: number): void {
  if (alg === 0) m.cvb = value < m.cvb || m.inx === 0 ? value : m.cvb;
  else if (alg === 1) m.cvb = value > m.cvb || m.inx === 0 ? value : m.cvb;
  else m.cvb = (m.inx * m.cvb + value) / (m.inx + 1);
  m.inx++;
  if (m.inx >= n || pbuf) {
    putValue(m, nsam, fifo, [m.cvb]);
    m.inx = m.inx >= n ? 0 : m.inx;
  }
}

/** compress_array() (no ILIL/IHIL limits). */
function compressArray(m: CompressModel, alg: number, nIn: number, pbuf: boolean, nsam: number, fifo: boolean, source: number[]): void {
  let n = Math.max(1, nIn);
  let nnew = Math.min(source.length, nsam * n);
  let at = 0;
  while (nnew > 0) {
    if (nnew < n && !pbuf) break;
    n = Math.min(n, nnew);
    const chunk = source.slice(at, at + n);
    at += n;
    let value: number;
    if (alg === 0) value = Math.min(...chunk);
    else if (alg === 1) value = Math.max(...chunk);
    else if (alg === 2) value = chunk.reduce((a, b) => a + b, 0) / n;
    else value = [...chunk].sort((a, b) => a - b)[Math.floor(n / 2)]!;
    nnew -= n;
    putValue(m, nsam, fifo, [value]);
  }
}

/** get_array_info(): what a client reads, from the first valid element on. */
function readBack(m: CompressModel, nsam: number, fifo: boolean): number[] {
  const first = fifo ? (m.off + nsam - m.nuse) % nsam : m.off;
  return [...Array(m.nuse).keys()].map((i) => m.buffer[(first + i) % nsam]!);
}

describe('compress (fast-check against compressRecord.c)', () => {
  it('compresses scalar and array inputs, N to 1 and circular, FIFO and LIFO, as process() does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 3, 4),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(1, 3, 5),
        fc.array(fc.array(fc.integer({ min: -500, max: 500 }).map((x) => x / 4), { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        (algIndex, nsam, n, fifo, pbuf, width, batches) => {
          db?.close();
          db = new RecordDatabase();
          const w = db.create('waveform', 'SRC');
          w.configure('NELM', String(width));
          w.configure('FTVL', 'DOUBLE');
          const c = db.create('compress', 'C');
          c.configure('ALG', ALGS[algIndex]!);
          c.configure('NSAM', String(nsam));
          c.configure('N', String(n));
          c.configure('BALG', fifo ? 'FIFO Buffer' : 'LIFO Buffer');
          c.configure('PBUF', pbuf ? 'YES' : 'NO');
          c.configure('INP', 'SRC');
          db.initialise([w, c]);
          const m: CompressModel = { buffer: Array(nsam).fill(0), off: 0, nuse: 0, inx: 0, cvb: 0 };
          // ALG index 3 here is the record's menu index 4 ("Circular Buffer"); Median is 5.
          const alg = [0, 1, 2, 4, 5][algIndex]!;
          for (const batch of batches) {
            const input = batch.slice(0, width);
            w.putJs('VAL', input, new RecordPut('app'));
            process(c);
            if (alg === 4) putValue(m, nsam, fifo, input);
            else if (input.length > 1) compressArray(m, alg === 5 ? 3 : alg, n, pbuf, nsam, fifo, input);
            else compressScalar(m, alg, n, pbuf, nsam, fifo, input[0]!);
          }
          expect(c.num('NUSE')).toBe(m.nuse);
          expect(c.num('OFF')).toBe(m.off);
          const got = values(c);
          const want = readBack(m, nsam, fifo);
          expect(got.length).toBe(want.length);
          got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 9));
        },
      ),
      { numRuns: 300 },
    );
  });
});
