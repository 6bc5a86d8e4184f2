/**
 * fast-check of the printf record's formatting (printfRecord.c hands each conversion to the C
 * library's snprintf) against Python's `%` operator, which follows C printf for these
 * conversions: random directives (flags, width, precision; d i u x X o c e E f g G s) with a
 * random value from INP0, for hundreds of cases at once (one python3 process answers them all).
 * Values are kept where C and Python agree by definition: integers that fit an epicsInt32 (and
 * not negative for u/x/X/o, which C prints as unsigned), no `#` with o (Python writes 0o), no
 * `+`/` ` on unsigned conversions and no `0` with an integer precision (C ignores both, Python
 * does not).
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordDatabase } from '../../../src/records/database.js';
import { RecordPut } from '../../../src/records/put.js';

interface Case {
  fmt: string;
  value: number | string;
}

const directive = fc
  .record({
    flags: fc.subarray(['-', '+', ' ', '0', '#'], { maxLength: 3 }),
    width: fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined }),
    precision: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
    conv: fc.constantFrom('d', 'i', 'u', 'x', 'X', 'o', 'c', 'e', 'E', 'f', 'g', 'G', 's'),
  })
  .chain(({ flags, width, precision, conv }) => {
    // '+' and ' ' belong to signed conversions (glibc ignores them for u, x, X, o; Python does not).
    // C ignores '0' for an integer conversion with a precision; Python pads with zeros.
    const f = flags.filter(
      (x) => !(x === '#' && 'ocsdiu'.includes(conv)) && !((x === '+' || x === ' ') && 'uxXocs'.includes(conv)) && !(x === '0' && precision !== undefined && 'diuxXo'.includes(conv)),
    );
    const spec = `%${f.join('')}${width ?? ''}${precision === undefined || conv === 'c' ? '' : `.${precision}`}${conv}`;
    const value: fc.Arbitrary<number | string> =
      conv === 's'
        ? fc.string({ unit: fc.constantFrom(...'abcXYZ 019_-'), maxLength: 12 })
        : conv === 'c'
          ? fc.integer({ min: 33, max: 126 })
          : 'diu'.includes(conv) || 'xXo'.includes(conv)
            ? 'uxXo'.includes(conv)
              ? fc.integer({ min: 0, max: 2 ** 31 - 1 })
              : fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })
            : fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 1024) / 1024);
    return value.map((v): Case => ({ fmt: `<${spec}>`, value: v }));
  });

/** Python's answers for every case, one process. */
function pythonFormats(cases: readonly Case[]): string[] {
  const script = 'import json,sys\ncases=json.load(sys.stdin)\nprint(json.dumps([c["fmt"] % (chr(c["value"]) if c["fmt"][-2]=="c" else c["value"]) for c in cases]))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' })) as string[];
}

function deviocFormat(c: Case): string {
  const db = new RecordDatabase();
  try {
    // A string comes from a stringin (a constant INP0 would name a PV); numbers are constants.
    const s = db.create('stringin', 'S');
    if (typeof c.value === 'string') s.configure('VAL', c.value);
    const r = db.create('printf', 'P');
    r.configure('FMT', c.fmt);
    r.configure('SIZV', '200');
    r.configure('INP0', typeof c.value === 'string' ? 'S' : String(c.value));
    db.initialise([s, r]);
    r.putJs('PROC', 1, new RecordPut('app'));
    return r.str('VAL');
  } finally {
    db.close();
  }
}

describe('printf (fast-check against C printf, as Python formats it)', () => {
  it('formats each directive as snprintf does', () => {
    const cases = fc.sample(directive, { numRuns: 400, seed: 20261203 });
    const want = pythonFormats(cases);
    const wrong = cases.map((c, i) => ({ ...c, want: want[i], got: deviocFormat(c) })).filter((r) => r.got !== r.want);
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
