/** The fit and the output through it: pure functions, checked with their messages. */
import { describe, expect, it } from 'vitest';
import { describeCurve, describeTable, fitTable } from '../../src/app/fit.js';
import { fitMessage } from '../../src/app/message.js';
import { outputAt } from '../../src/app/output.js';
import { FitType } from '../../src/interpolation/fit-types.js';
import { createInterpolator } from '../../src/interpolation/interpolator.js';
import { MESSAGE_LENGTH } from '../../src/model/lut-model.js';

const line = { x: [0, 1, 2], y: [0, 10, 20] };

describe('fitTable', () => {
  it('fits the table with the settings and gives the fine curve over its range', () => {
    const r = fitTable(line, { fit: FitType.LINEAR, degree: 3, range: 'clamp' }, undefined);
    if (!r.ok) throw new Error(r.message);
    expect(r.curve.evaluate(1.5)).toBe(15);
    expect(r.fine.x.length).toBe(r.fine.y.length);
    expect([r.fine.x[0], r.fine.x[r.fine.x.length - 1]]).toEqual([0, 2]);
  });

  it('a table that cannot be fitted is a message: why, and what stays in use', () => {
    expect(fitTable({ x: [], y: [] }, { fit: FitType.SPLINE3, degree: 3, range: 'clamp' }, undefined)).toEqual({
      ok: false,
      message: 'the table is empty: add points with new, or write xtable, ytable and count; no curve, the target is not written',
    });
    const previous = createInterpolator(line, FitType.LINEAR, { outOfRange: 'clamp' });
    const r = fitTable({ x: [0, 1], y: [0, 1] }, { fit: FitType.SPLINE3, degree: 3, range: 'clamp' }, previous);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/; still using the previous curve \(LINEAR on 3 points\)$/);
  });

  it('describes curve and table', () => {
    const poly = createInterpolator(line, FitType.POLY, { degree: 1, outOfRange: 'clamp' });
    expect(describeCurve(poly)).toBe('POLY of degree 1 on 3 points');
    expect(describeTable({ x: [1], y: [2] }, undefined)).toBe('1 point, no curve');
    expect(describeTable(line, poly)).toBe('3 points, POLY of degree 1 on 3 points');
  });
});

describe('outputAt', () => {
  it('y = f(x + xoff) + yoff', () => {
    const f = createInterpolator(line, FitType.LINEAR, { outOfRange: 'clamp' });
    expect(outputAt(f, 1, 0.5, 2, 0)).toEqual({ ok: true, y: 17 });
    expect(outputAt(f, 5, 0, 0, 0)).toEqual({ ok: true, y: 20 }); // CLAMP
  });

  it('outside the table with REFUSE, or no number: why, and the target is not written', () => {
    const refuse = createInterpolator(line, FitType.LINEAR, { outOfRange: 'refuse' });
    expect(outputAt(refuse, 2, 1, 0, 2)).toEqual({ ok: false, message: 'x + xoff = 3 is outside the table [0, 2] (range REFUSE): the target is not written' });
    const extrapolate = createInterpolator(line, FitType.LINEAR, { outOfRange: 'extrapolate' });
    expect(outputAt(extrapolate, 1e308, 0, 0, 1)).toEqual({
      ok: false,
      message: 'f(x + xoff) + yoff is Infinity at x + xoff = 1e+308 (LINEAR on 3 points, range EXTRAPOLATE): the target is not written',
    });
  });
});

describe('fitMessage', () => {
  it('keeps a message that fits, and cuts a longer one to the record, marking the cut', () => {
    expect(fitMessage('short')).toBe('short');
    const cut = fitMessage('é'.repeat(200));
    expect(Buffer.byteLength(cut)).toBeLessThan(MESSAGE_LENGTH);
    expect(cut.endsWith('…')).toBe(true);
  });
});
