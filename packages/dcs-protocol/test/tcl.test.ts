import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { braceTclElement, formatTclElement, formatTclList, parseTclList, splitTclWords, TclListError } from '../src/index.js';

describe('Tcl lists', () => {
  it('splits on whitespace, groups braces, keeps nesting, reads {} as empty', () => {
    expect(parseTclList('a {b c} {}')).toEqual(['a', 'b c', '']);
    expect(parseTclList('  state: {idle}  warning: {} ')).toEqual(['state:', 'idle', 'warning:', '']);
    expect(parseTclList('{a {b {c d}}} e')).toEqual(['a {b {c d}}', 'e']);
    expect(parseTclList('mounted: {l 4 A}')).toEqual(['mounted:', 'l 4 A']);
    expect(parseTclList('"a b" c\\ d \\{')).toEqual(['a b', 'c d', '{']);
    expect(parseTclList('')).toEqual([]);
  });

  it('rejects unmatched braces and quotes with a position', () => {
    expect(() => parseTclList('a {b')).toThrow(TclListError);
    expect(() => parseTclList('{a}b')).toThrow(/instead of space/);
    expect(() => parseTclList('"abc')).toThrow(/unmatched open quote/);
  });

  it('formats like Tcl', () => {
    expect(formatTclElement('')).toBe('{}');
    expect(formatTclElement('idle')).toBe('idle');
    expect(formatTclElement('on gonio')).toBe('{on gonio}');
    expect(formatTclElement('a}b')).toBe('a\\}b');
    expect(braceTclElement('idle')).toBe('{idle}');
    expect(braceTclElement('')).toBe('{}');
    expect(formatTclList(['a', 'b c', ''])).toBe('a {b c} {}');
  });

  it('splitTclWords keeps the free-text tail exactly as sent', () => {
    expect(splitTclWords('htos_operation_update op 1.2 OK to {prepare', 3)).toEqual({
      words: ['htos_operation_update', 'op', '1.2'],
      rest: 'OK to {prepare',
    });
    expect(splitTclWords('a', 3)).toEqual({ words: ['a'], rest: '' });
  });

  it('round-trips any list of any strings', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 10 }), (items) => {
        expect(parseTclList(formatTclList(items))).toEqual(items);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips tricky strings made of Tcl-special characters', () => {
    const special = fc.string({ unit: fc.constantFrom('{', '}', '\\', '"', ' ', '\t', '\n', 'a', '[', '$', ';', 'x', 'u', '0'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(special, { maxLength: 6 }), (items) => {
        expect(parseTclList(formatTclList(items))).toEqual(items);
      }),
      { numRuns: 3000 },
    );
  });

  it('any text parses or throws TclListError, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '\\', '"', ' ', 'a', '\n', 'x', '7'), maxLength: 30 }), (text) => {
        try {
          parseTclList(text);
        } catch (error) {
          expect(error).toBeInstanceOf(TclListError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
