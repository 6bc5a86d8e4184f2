/**
 * Substitutions files as dbLoadTemplate reads them (dbLoadTemplate.y, dbLoadTemplate_lex.l);
 * the whole behaviour is compared with softIoc by test/softioc-static-load.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseSubstitutions, readSubstitutions, SubstitutionsError, type SubstitutionsWarning, type TemplateLoad } from '../../src/iocsh/index.js';

const macros = (load: TemplateLoad): Record<string, string> => Object.fromEntries(load.macros);

describe('readSubstitutions', () => {
  it('hands each set over with the caller\'s macros, the globals so far and its own, values raw as macLib gets them', () => {
    const loads = parseSubstitutions('global { G=g1 }\nfile "a.db" { pattern { N, A } { 1, "x y" } global { G=g2 } { 2, \'s\' } }\nfile b.db { { N=3, A="a\\"b", B=w\\x } }\n', { macros: 'C=c,G=cmd' });
    expect(loads.map((l) => [l.file, l.line, macros(l)])).toEqual([
      ['a.db', 2, { C: 'c', G: 'g1', N: '1', A: '"x y"' }],
      ['a.db', 2, { C: 'c', G: 'g2', N: '2', A: '"s"' }],
      ['b.db', 3, { C: 'c', G: 'g2', N: '3', A: '"a\\"b"', B: 'w\\x' }],
    ]);
  });

  it('loads the sets before a syntax error, then throws naming its line', () => {
    const loaded: string[] = [];
    expect(() => readSubstitutions('file t.db { {N=1} {N=2} }\nfile t.db { {N=3 A} }\nfile t.db { {N=4} }\n', (l) => loaded.push(l.macros.get('N')!), { file: 's.substitutions' })).toThrow(
      new SubstitutionsError('s.substitutions', 2, "syntax error: expected '=' after A, found '}'"),
    );
    expect(loaded).toEqual(['1', '2']);
  });

  it('skips and reports characters its lexer does not know, a quote left open among them', () => {
    const warnings: SubstitutionsWarning[] = [];
    const loads = parseSubstitutions('file t.db { {N=1, A=$(P)} {N=2, B="abc} }\n', { file: 'x', onWarning: (w) => warnings.push(w) });
    expect(loads.map(macros)).toEqual([{ N: '1', A: 'P' }, { N: '2', B: 'abc' }]);
    expect(warnings.map((w) => w.message)).toEqual(["invalid character '$' (skipped)", "invalid character '(' (skipped)", "invalid character ')' (skipped)", 'invalid character \'"\' (skipped)']);
  });

  it('reports too many values and the deprecated word, and loads the set', () => {
    const warnings: string[] = [];
    const loads = parseSubstitutions('file t.db { pattern {N,A} name {1,a,b} }\n', { onWarning: (w) => warnings.push(w.message) });
    expect(loads.map(macros)).toEqual([{ N: '1', A: 'a' }]);
    expect(warnings).toEqual(["the string 'name' before '{' is deprecated syntax and is ignored; remove it", "too many values given (the pattern has 2); 'b' is ignored"]);
  });

  it('takes file, pattern and global as keywords, not values or names, and no comma before the first item', () => {
    for (const text of ['file t.db { {N=file} }', 'file t.db { {pattern=1} }', 'file t.db { pattern {N, global} {1} }', 'file t.db { {,N=1} }', 'file t.db { pattern {N} {,1} }', '', 'file t.db { {N=1} pattern {N} {2} }']) {
      expect(() => parseSubstitutions(text), text).toThrow(SubstitutionsError);
    }
  });

  it('loads an empty set with the globals only, and a file block with no set loads nothing', () => {
    expect(parseSubstitutions('global {G=1}\nfile t.db { }\nfile t.db { pattern {N} {} }\nfile t.db { {} }').map(macros)).toEqual([{ G: '1' }, { G: '1' }]);
  });
});
