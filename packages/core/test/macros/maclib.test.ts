/** macLibTest.c's expectations, run against MacroExpander in EPICS' lenient mode and in strict mode. */
import { describe, expect, it } from 'vitest';
import { MacroError, MacroExpander } from '../../src/macros/index.js';
import { MACLIB_TEST_STEPS } from './maclib-test-cases.js';

interface Check {
  text: string;
  expected: string;
  isError: boolean;
  quiet: boolean;
  defines: ReadonlyArray<readonly [string, string]>;
  index: number;
}

/** Flattens the steps into checks that each carry the definitions in force. */
function checks(): Check[] {
  const defines: Array<readonly [string, string]> = [];
  let quiet = false;
  const result: Check[] = [];
  MACLIB_TEST_STEPS.forEach((step, index) => {
    if (step[0] === 'define') defines.push([step[1], step[2]]);
    else if (step[0] === 'quiet') quiet = true;
    else result.push({ text: step[1], expected: step[2], isError: step[3], quiet, defines: [...defines], index });
  });
  return result;
}

const fresh = (check: Check, mode: 'error' | 'keep'): MacroExpander => {
  const expander = new MacroExpander({}, { undefined: mode, quiet: check.quiet, onWarning: () => {} });
  for (const [name, value] of check.defines) expander.define(name, value);
  return expander;
};

describe('macLibTest.c expectations', () => {
  it('gives every expected result on one shared context, as the C test does', () => {
    let expander = new MacroExpander({}, { undefined: 'keep', onWarning: () => {} });
    const defines: Array<[string, string]> = [];
    for (const step of MACLIB_TEST_STEPS) {
      if (step[0] === 'define') {
        expander.define(step[1], step[2]);
        defines.push([step[1], step[2]]);
      } else if (step[0] === 'quiet') {
        expander = new MacroExpander({}, { undefined: 'keep', quiet: true });
        for (const [name, value] of defines) expander.define(name, value);
      } else {
        const result = expander.expandDetailed(step[1]);
        expect({ text: step[1], out: result.text, error: result.problems.length > 0 }).toEqual({
          text: step[1],
          out: step[2],
          error: step[3],
        });
      }
    }
  });

  it.each(checks().map((c) => [c.index, c.text, c] as const))('step %i %s: same result on a fresh context', (_i, _t, check) => {
    const result = fresh(check, 'keep').expandDetailed(check.text);
    expect(result.text).toBe(check.expected);
    expect(result.problems.length > 0).toBe(check.isError);
  });

  it.each(checks().map((c) => [c.index, c.text, c] as const))('step %i %s: strict mode throws exactly for the errors', (_i, _t, check) => {
    const expander = fresh(check, 'error');
    if (check.isError) {
      const error = (() => {
        try {
          expander.expand(check.text);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(MacroError);
      const m = /^\$\(([^,)]*)(?:,(undefined|recursive))?\)/.exec(check.expected.replace(/^VAL2/, ''));
      expect((error as MacroError).macro).toBe(m?.[1]);
      if (m?.[2] !== undefined) expect((error as MacroError).kind).toBe(m[2]);
    } else {
      expect(expander.expand(check.text)).toBe(check.expected);
    }
  });
});
