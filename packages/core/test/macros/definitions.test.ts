/** macParseDefns() rules (EPICS base libCom/macLib/macUtil.c) for "A=1,B=2" strings. */
import { describe, expect, it } from 'vitest';
import { parseMacroDefinitionList, parseMacroDefinitions } from '../../src/macros/index.js';

describe('parseMacroDefinitionList', () => {
  it.each([
    ['P=IOC:,R=temp', [['P', 'IOC:'], ['R', 'temp']]],
    ['', []],
    ['  ,, ', []],
    // White space around names and values goes; inside it stays.
    ['  A = a b  ,  B=c ', [['A', 'a b'], ['B', 'c']]],
    // Quotes protect commas and '='; values keep them (macLib removes them when expanding).
    ['Q="a,b",S=\'x=y\'', [['Q', '"a,b"'], ['S', "'x=y'"]]],
    // ...and protect white space at the ends.
    ['B= "  kept  " ', [['B', '"  kept  "']]],
    // An escape protects one character and stays in the value.
    ['E=a\\,b\\=c', [['E', 'a\\,b\\=c']]],
    // Names lose their quotes and escapes.
    ['"my name"=v,\\x\\=y=w', [['my name', 'v'], ['x=y', 'w']]],
    // A name without '=' undefines; "A=" is the empty string.
    ['A,B=', [['A', null], ['B', '']]],
    ['A', [['A', null]]],
    ['A=', [['A', '']]],
    ['A=,B=1', [['A', ''], ['B', '1']]],
    ['=x', [['', 'x']]],
    // A second '=' belongs to the value.
    ['A=b=c', [['A', 'b=c']]],
    // An unclosed quote runs to the end.
    ['A="x,y', [['A', '"x,y']]],
    // A trailing backslash is an ordinary character.
    ['A=x\\', [['A', 'x\\']]],
    // Trailing white space is trimmed even when escaped (macParseDefns trims after the scan).
    ['A=x\\ ', [['A', 'x\\']]],
  ] as const)('%j', (text, expected) => {
    expect(parseMacroDefinitionList(text).map((d) => [d.name, d.value])).toEqual(expected);
  });
});

describe('parseMacroDefinitions', () => {
  it('applies definitions in order: later ones win, a bare name removes', () => {
    expect([...parseMacroDefinitions('A=1,B=2,A=3,B')]).toEqual([['A', '3']]);
  });

  it('keeps raw values, which expansion later unquotes', () => {
    expect(parseMacroDefinitions('Q="a,b"').get('Q')).toBe('"a,b"');
  });
});
