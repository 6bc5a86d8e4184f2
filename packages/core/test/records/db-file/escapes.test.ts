/** String escapes: epicsStrnRawFromEscaped() for reading, and formatDb()'s writing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeDbString, translateEscapes } from '../../../src/records/db-file/index.js';

describe('translateEscapes (epicsStrnRawFromEscaped)', () => {
  it.each([
    ['plain', 'plain'],
    ['\\a\\b\\f\\n\\r\\t\\v', '\x07\b\f\n\r\t\v'],
    ['\\\\ \\" \\\'', '\\ " \''],
    // Any other escaped character is itself: "\u" is not Unicode to EPICS.
    ['\\q\\$\\?\\u0041', 'q$?u0041'],
    ['\\x41\\x7e', 'A~'],
    ['\\x4g', '\x04g'],
    ['\\xg', 'g'],
    // \0 (and \x00) end the C string.
    ['ab\\0cd', 'ab'],
    ['ab\\x00cd', 'ab'],
    ['end\\', 'end'],
    // Bytes that form UTF-8 make their character; others stay bytes (U+0000..U+00FF).
    ['caf\\xc3\\xa9', 'café'],
    ['\\xe2\\x82\\xac', '€'],
    ['\\xf0\\x9f\\x98\\x80', '😀'],
    ['\\x85\\xff\\xc3', '\x85\xff\xc3'],
    ['\\xc3A', '\xc3A'],
    ['\\xed\\xa0\\x80', '\xed\xa0\x80'], // a UTF-8 surrogate is not well-formed
  ])('%j', (escaped, raw) => {
    expect(translateEscapes(escaped)).toBe(raw);
  });
});

describe('escapeDbString', () => {
  it('uses the short escapes, escapes $ against macro expansion, and hex for other controls', () => {
    expect(escapeDbString('a"b\\c\n\t$(P) \x01\x7f\x85 é')).toBe('a\\"b\\\\c\\n\\t\\$(P) \\x01\\x7f\\x85 é');
  });

  it('refuses a NUL character', () => {
    expect(() => escapeDbString('a\0b')).toThrow(RangeError);
  });

  it('reads back unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
        (s) => translateEscapes(escapeDbString(s)) === s,
      ),
      { numRuns: 2000 },
    );
  });
});
