/** Expansion always ends, and fails only with a MacroError, whatever the text and definitions. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandMacros, MacroError, MacroExpander, parseMacroDefinitions } from '../../src/macros/index.js';

const piece = fc.constantFrom('$(', '${', ')', '}', '=', ',', '"', "'", '\\', 'A', 'B', 'x', ' ', '$', '\n', '$(A)', '${B=}', ',A=');
const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

describe('robustness', () => {
  it('terminates on references EPICS loops forever on', () => {
    // macLib steps back onto the ',' at the end of the string and scans it again, forever.
    expect(expandMacros('$(A\\,', {}, { undefined: 'keep', onWarning: () => {} })).toBe('$(A,,undefined)');
    expect(expandMacros('x', { X: '$(A\\,' })).toBe('x');
    expect(() => expandMacros('$(X)', { X: '$(A\\,' })).toThrow(MacroError);
    expect(expandMacros('${A=,', {}, { undefined: 'keep' })).toBe('');
  });

  it('never throws anything but a MacroError', () => {
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), text), { maxLength: 3 }), (t, defs) => {
        for (const mode of ['error', 'keep'] as const) {
          try {
            const out = new MacroExpander(new Map(defs), { undefined: mode, onWarning: () => {} }).expand(t);
            expect(typeof out).toBe('string');
          } catch (e) {
            if (!(e instanceof MacroError)) throw e;
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('strict mode returns exactly what keep mode returns when there is no problem', () => {
    fc.assert(
      fc.property(text, (t) => {
        const macros = parseMacroDefinitions('A=a,B=$(A)b');
        const detailed = new MacroExpander(macros).expandDetailed(t);
        if (detailed.problems.length === 0) expect(expandMacros(t, macros)).toBe(detailed.text);
        else expect(() => expandMacros(t, macros)).toThrow(MacroError);
      }),
      { numRuns: 2000 },
    );
  });
});
