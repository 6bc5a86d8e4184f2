import { describe, expect, it } from 'vitest';
import { FIT_TYPE_NAMES, FitType, fitTypeName, isFitType, parseFitType, splineDegree } from '../../src/interpolation/index.js';

describe('FitType', () => {
  it('has the record’s names and numbers', () => {
    expect(FitType).toEqual({
      LINEAR: 0,
      NEAREST: 1,
      NEXT: 2,
      PREVIOUS: 3,
      SPLINE0: 4,
      SPLINE1: 5,
      SPLINE2: 6,
      SPLINE3: 7,
      POLY: 8,
    });
    FIT_TYPE_NAMES.forEach((name, i) => {
      expect(FitType[name]).toBe(i);
      expect(fitTypeName(FitType[name])).toBe(name);
    });
  });

  it('parses names in any case and numbers, and refuses anything else', () => {
    expect(parseFitType('spline3')).toBe(FitType.SPLINE3);
    expect(parseFitType(' POLY ')).toBe(FitType.POLY);
    expect(parseFitType(2)).toBe(FitType.NEXT);
    expect(() => parseFitType('cubic')).toThrow(/unknown fit type "cubic"/);
    expect(() => parseFitType(9)).toThrow(TypeError);
    expect(() => parseFitType('toString')).toThrow(TypeError);
    expect(isFitType(1.5)).toBe(false);
  });

  it('maps SPLINEk to degree k', () => {
    expect([4, 5, 6, 7].map((f) => splineDegree(f as FitType))).toEqual([0, 1, 2, 3]);
    expect(splineDegree(FitType.LINEAR)).toBeUndefined();
  });
});
