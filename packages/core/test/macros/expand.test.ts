/** expandMacros() and MacroExpander beyond macLibTest.c: strict errors, warnings, limits, inputs. */
import { describe, expect, it } from 'vitest';
import { escapeMacroValue, expandMacros, MacroError, MacroExpander, type MacroWarning } from '../../src/macros/index.js';

const errorOf = (action: () => unknown): MacroError => {
  try {
    action();
  } catch (e) {
    if (e instanceof MacroError) return e;
    throw e;
  }
  throw new Error('expected a MacroError');
};

describe('expandMacros', () => {
  it('expands both bracket styles, defaults and nesting', () => {
    const macros = { P: 'IOC:', R: 'temp', N: 'R', AR: 'nested' };
    expect(expandMacros('$(P)${R}', macros)).toBe('IOC:temp');
    expect(expandMacros('$(X=dflt) ${Y=}|', macros)).toBe('dflt |');
    expect(expandMacros('$($(N)) $(A$(N))', macros)).toBe('temp nested');
    expect(expandMacros('$(X=$(P)$(R))', macros)).toBe('IOC:temp');
  });

  it('accepts a Map, a plain object or a definition string', () => {
    expect(expandMacros('$(A)', new Map([['A', '1']]))).toBe('1');
    expect(expandMacros('$(A)', { A: '2' })).toBe('2');
    expect(expandMacros('$(A)$(B)', 'A=3,B="4,5"')).toBe('34,5');
  });

  it('treats values as raw macLib text: quotes and escapes go, references expand', () => {
    expect(expandMacros('$(V)', { V: '"quoted" \\"escaped\\" $(W)', W: 'w' })).toBe('quoted "escaped" w');
  });

  it('escapeMacroValue() makes a value expand to itself', () => {
    const literal = `a "b" 'c' \\d $(e) \${f}`;
    expect(expandMacros('$(V)', { V: escapeMacroValue(literal) })).toBe(literal);
  });

  it('leaves the text outside references alone, quotes and escapes included', () => {
    const text = `record(ai, "x") { field(DESC, "a \\"b\\" \\\\ it's") }`;
    expect(expandMacros(text, {})).toBe(text);
  });

  it('does not expand inside single quotes, after a backslash, or "$" alone', () => {
    expect(expandMacros(`'$(P)' \\$(P) $$(P) $ (P)`, { P: 'x' })).toBe(`'$(P)' \\$(P) $x $ (P)`);
  });
});

describe('strict mode (the default)', () => {
  it('names an undefined macro and where its reference is', () => {
    const e = errorOf(() => expandMacros('ok $(P)\n  $(MISSING)', { P: 'p' }));
    expect(e).toMatchObject({ kind: 'undefined', macro: 'MISSING', position: 10, line: 2, column: 3, via: [] });
    expect(e.message).toBe('macro "MISSING" is undefined at line 2, column 3');
  });

  it('places an undefined macro inside a value at the reference that pulled it in', () => {
    const e = errorOf(() => expandMacros('x $(A)', { A: '$(B)', B: '$(C)' }));
    expect(e).toMatchObject({ kind: 'undefined', macro: 'C', position: 2, via: ['A', 'B'] });
    expect(e.message).toContain('(expanding $(A) -> $(B))');
  });

  it('reports a recursive macro', () => {
    expect(errorOf(() => expandMacros('$(A)', { A: 'x$(A)' }))).toMatchObject({ kind: 'recursive', macro: 'A' });
  });

  it('reports the first problem, not a later one', () => {
    expect(errorOf(() => expandMacros('$(Y) $(X)', {})).macro).toBe('Y');
  });

  it('reports an unterminated reference (EPICS does not)', () => {
    expect(errorOf(() => expandMacros('abc $(P', { P: 'p' }))).toMatchObject({ kind: 'unterminated', macro: 'P', position: 4 });
  });

  it('does not complain about undefined macros in a default it does not use', () => {
    expect(expandMacros('$(P=$(NOPE))', { P: 'p' })).toBe('p');
  });

  it('does not complain about a bad value that is never used', () => {
    expect(expandMacros('$(P)', { P: 'p', BAD: '$(NOPE)' })).toBe('p');
  });
});

describe("'keep' mode (EPICS' behaviour)", () => {
  it('leaves $(name,undefined) and warns with the position', () => {
    const warnings: MacroWarning[] = [];
    const out = expandMacros('a $(X) b ${Y}', {}, { undefined: 'keep', onWarning: (w) => warnings.push(w) });
    expect(out).toBe('a $(X,undefined) b $(Y,undefined)');
    expect(warnings.map((w) => [w.macro, w.position, w.column, w.message])).toEqual([
      ['X', 2, 3, 'macro "X" is undefined at line 1, column 3'],
      ['Y', 9, 10, 'macro "Y" is undefined at line 1, column 10'],
    ]);
  });

  it('with quiet, leaves $(name) and does not warn (dbQuietMacroWarnings)', () => {
    const warnings: MacroWarning[] = [];
    expect(expandMacros('$(X)', {}, { undefined: 'keep', quiet: true, onWarning: (w) => warnings.push(w) })).toBe('$(X)');
    expect(warnings).toEqual([]);
  });

  it('expandDetailed() returns the problems without throwing', () => {
    const result = new MacroExpander({ A: '$(A)' }).expandDetailed('$(A) $(B)');
    expect(result.text).toBe('$(A,recursive) $(B,undefined)');
    expect(result.problems.map((p) => [p.kind, p.macro])).toEqual([
      ['recursive', 'A'],
      ['undefined', 'B'],
    ]);
  });
});

describe('MacroExpander', () => {
  it('keeps definitions across expansions and sees changes', () => {
    const expander = new MacroExpander({ A: '$(B)', B: '1' });
    expect(expander.expand('$(A)')).toBe('1');
    expander.define('B', '2');
    expect(expander.expand('$(A)')).toBe('2');
    expander.undefine('B');
    expect(expander.has('B')).toBe(false);
    expect(() => expander.expand('$(A)')).toThrow(MacroError);
  });

  it('scoped definitions last only for their reference', () => {
    const expander = new MacroExpander({ P: 'p' });
    expect(expander.expand('$(X,X=$(P)1)-$(P,P=q)-$(P)')).toBe('p1-q-p');
  });
});

describe('limits', () => {
  it('refuses exponential expansion instead of exhausting memory', () => {
    const macros: Record<string, string> = { M0: 'xxxxxxxxxx' };
    for (let i = 1; i <= 30; i++) macros[`M${i}`] = `$(M${i - 1})$(M${i - 1})`;
    expect(errorOf(() => expandMacros('$(M30)', macros)).kind).toBe('too-long');
    expect(errorOf(() => expandMacros('$(M30)', macros, { undefined: 'keep' })).kind).toBe('too-long');
  });

  it('refuses references nested deeper than maxDepth', () => {
    const deep = `${'$('.repeat(500)}X${')'.repeat(500)}`;
    expect(errorOf(() => expandMacros(deep, {}, { undefined: 'keep' })).kind).toBe('too-deep');
    const chain: Record<string, string> = {};
    for (let i = 0; i < 300; i++) chain[`M${i}`] = `$(M${i + 1})`;
    chain.M300 = 'end';
    expect(errorOf(() => expandMacros('$(M0)', chain)).kind).toBe('too-deep');
    expect(expandMacros('$(M0)', chain, { maxDepth: 1000 })).toBe('end');
  });

  it('honours a smaller maxLength', () => {
    expect(errorOf(() => expandMacros('$(A)', { A: 'x'.repeat(100) }, { maxLength: 50 })).kind).toBe('too-long');
  });
});
