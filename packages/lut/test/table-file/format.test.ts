import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FitType } from '../../src/interpolation/index.js';
import { formatTableFile, type LutFileData, parseTableFile, TableFileError } from '../../src/table-file/index.js';

const sample: LutFileData = {
  input: 'BL08:MONO:ENERGY',
  target: 'BL08:UND:GAP',
  readback: '',
  fit: FitType.SPLINE3,
  degree: 3,
  range: 'clamp',
  xoff: 0,
  yoff: 0.012,
  enable: true,
  table: { x: [4.5, 6, 8, 10, 11.5], y: [4.9, 7.1, 9.8, 12.6, 14.8] },
};

function refusal(text: string): TableFileError {
  try {
    parseTableFile(text, 'f.lut');
  } catch (err) {
    expect(err).toBeInstanceOf(TableFileError);
    return err as TableFileError;
  }
  throw new Error('expected the file to be refused');
}

describe('the table file format', () => {
  it('writes settings as key = value and one point per line, and reads it back exactly', () => {
    const text = formatTableFile(sample, { device: 'BL08:LUT' });
    expect(text).toMatch(/^# devioc LUT table/);
    expect(text).toContain('fit      = SPLINE3\n');
    expect(text).toContain('readback =\n');
    expect(text).toContain('range    = CLAMP\n');
    expect(text).toContain('enable   = ON\n');
    expect(text.split('\n').filter((l) => /^\s+4\.5\s+4\.9$/.test(l))).toHaveLength(1);
    expect(parseTableFile(text)).toEqual(sample);
  });

  it('is deterministic: the same state gives the same bytes (diffs show only real changes)', () => {
    expect(formatTableFile(sample)).toBe(formatTableFile({ ...sample, table: { x: [...sample.table.x], y: [...sample.table.y] } }));
  });

  it('round-trips any doubles bit for bit', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.uniqueArray(finite, { maxLength: 120, comparator: (a, b) => a === b }), fc.array(finite, { minLength: 120, maxLength: 120 }), finite, (xs, ys, yoff) => {
        const x = [...xs].sort((a, b) => a - b);
        const data: LutFileData = { yoff, table: { x, y: ys.slice(0, x.length) } };
        const back = parseTableFile(formatTableFile(data));
        expect(back.table.x.map((v) => (Object.is(v, -0) ? 0 : v))).toEqual(x.map((v) => (Object.is(v, -0) ? 0 : v)));
        expect(back.table.y).toEqual(data.table.y.map((v) => (Object.is(v, -0) ? 0 : v)));
        expect(back.yoff).toBe(Object.is(yoff, -0) ? 0 : yoff);
      }),
    );
  });

  it('reads a hand-written file: comments, any key case, commas or tabs, no settings at all', () => {
    const data = parseTableFile('# my table\nFit = linear   # by hand\n\n1, 10\n2\t20  # a comment\n  3 30\n');
    expect(data).toEqual({ fit: FitType.LINEAR, table: { x: [1, 2, 3], y: [10, 20, 30] } });
    expect(parseTableFile('')).toEqual({ table: { x: [], y: [] } });
    expect(parseTableFile('fit = 8\ndegree = 2\nrange = refuse\nenable = off\n').fit).toBe(FitType.POLY);
    expect(parseTableFile('range = Extrapolate').range).toBe('extrapolate');
    expect(parseTableFile('enable = 0').enable).toBe(false);
    expect(parseTableFile('xoff = -1.5e-3').xoff).toBe(-1.5e-3);
    expect(parseTableFile('1.5e3 -2\r\n.5E+4 +7\r\n').table).toEqual({ x: [1500, 5000], y: [-2, 7] });
  });

  it.each([
    ['2 20\n1 10\n', 2, /line 2: the point on line 2 = 1 is below the point on line 1 = 2; the points must be in increasing x/],
    ['1 10\n1 11\n', 2, /line 2: the point on line 2 = 1 repeats the point on line 1; each x may appear once/],
    ['1 10\n2 nan\n', 2, /line 2: y "nan" is NaN/],
    ['1 10\nNaN 3\n', 2, /line 2: x "NaN" is NaN/],
    ['1 inf\n', 1, /line 1: y "inf" is infinite/],
    ['1 0x10\n', 1, /line 1: y "0x10" is not a number/],
    ['1 2 3\n', 1, /a point is two numbers, x and y; found 3 fields/],
    ['12\n', 1, /found 1 field in "12"/],
    ['fit = CUBIC\n', 1, /line 1: unknown fit "CUBIC"; expected one of LINEAR, NEAREST/],
    ['degree = 2.5\n', 1, /degree "2.5" must be an integer from 0 to 119/],
    ['degree = 120\n', 1, /degree "120" must be an integer/],
    ['range = wrap\n', 1, /unknown out-of-range mode "wrap"; expected one of CLAMP, EXTRAPOLATE, REFUSE/],
    ['enable = maybe\n', 1, /enable "maybe" must be ON or OFF/],
    ['xoff = abc\n', 1, /xoff "abc" is not a finite number/],
    ['yof = 1\n', 1, /unknown setting "yof" \(known: format, input/],
    ['fit = LINEAR\n\nfit = SPLINE3\n', 3, /line 3: fit is set twice \(also on line 1\)/],
    ['format = 2\n', 1, /format 2 is not one this IOC reads/],
    ['target = A B\n', 1, /target "A B" is not a PV name/],
    [`input = ${'X'.repeat(40)}\n`, 1, /longer than 39 characters/],
  ])('refuses %j naming line %i', (text, line, message) => {
    const err = refusal(text);
    expect(err.line).toBe(line);
    expect(err.message).toMatch(/^f\.lut, line \d+: /);
    expect(err.message).toMatch(message);
  });

  it('refuses more than 120 points and binary junk', () => {
    const many = Array.from({ length: 121 }, (_, i) => `${i} ${i}`).join('\n');
    expect(refusal(many).message).toMatch(/line 121: the table has 121 points; it holds at most 120/);
    expect(refusal('\u0000\u0001\u0002').message).toMatch(/line 1: not a text file \(control character 0x00\)/);
    expect(refusal('1 2\nPK\u0003\u0004 garbage').message).toMatch(/line 2: not a text file \(control character 0x03\)/);
    expect(refusal('1 2\n<html>oops</html>').message).toMatch(/line 2: a point is two numbers, x and y; found 1 field/);
  });
});

describe('the JSON storage of spec section 4.4', () => {
  it('reads {x, y, fit, degree, xoff, yoff, target, input}, sorting the points as interp1d did', () => {
    const data = parseTableFile(JSON.stringify({ x: [3, 1, 2], y: [30, 10, 20], fit: 'SPLINE3', degree: 2, xoff: 0.5, yoff: -1, target: 'G', input: 'E' }));
    expect(data).toEqual({ fit: FitType.SPLINE3, degree: 2, xoff: 0.5, yoff: -1, target: 'G', input: 'E', table: { x: [1, 2, 3], y: [10, 20, 30] } });
    expect(parseTableFile('{"x": [], "y": [], "fit": 0}').fit).toBe(FitType.LINEAR);
  });

  it.each([
    ['{"x": [1, 2], "y": [1]', /not valid JSON/],
    ['[1, 2]', /must be an object with "x" and "y" arrays/],
    ['{"x": [1, 2], "y": [1]}', /"x" has 2 values but "y" has 1/],
    ['{"x": [1, null], "y": [1, 2]}', /x\[1\] is null; table values must be finite numbers/],
    ['{"x": [1, 1], "y": [1, 2]}', /repeats/],
    ['{"y": [1]}', /"x" must be an array of numbers/],
    ['{"x": [1], "y": [1], "fit": "CUBIC"}', /unknown fit "CUBIC"/],
    ['{"x": [1], "y": [1], "colour": "red"}', /unknown key "colour"/],
    ['{"x": [1], "y": [1], "xoff": [1]}', /"xoff" must be a string, a number or a boolean/],
  ])('refuses %s', (text, message) => {
    expect(refusal(text).message).toMatch(message);
  });
});
