/**
 * Link text as dbParseLink reads it (dbStaticLib.c), as softIoc 7.0.8.1 showed it: `dbgf` of
 * INP, OUT and FLNK set to 24 texts each (these cases among them) gave these answers.
 */
import { describe, expect, it } from 'vitest';
import { linkFieldText, parseLink } from '../../src/records/links/parse-link.js';

describe('parseLink', () => {
  it('finds the options anywhere after the name, as substrings, the first of each kind, case mattering', () => {
    expect(linkFieldText('A QQCPPXMSITT', 'in')).toBe('A CPP MSI');
    expect(linkFieldText('A PP NMS extra', 'in')).toBe('A PP NMS');
    expect(linkFieldText('A NPPX', 'in')).toBe('A NPP NMS');
    expect(linkFieldText('A CAP', 'in')).toBe('A CA NMS');
    expect(linkFieldText('A pp', 'in')).toBe('A NPP NMS');
    expect(linkFieldText('A CA PP', 'in')).toBe('A PP NMS');
    expect(linkFieldText('A PP CA', 'in')).toBe('A PP NMS');
  });

  it('keeps the options a link type has: no CPP for an output, only CA for a forward link', () => {
    expect(linkFieldText('A CPP', 'out')).toBe('A NPP NMS');
    expect(linkFieldText('A QQCPPXMSITT', 'out')).toBe('A NPP MSI');
    expect(linkFieldText('A CA PP', 'fwd')).toBe('A');
    expect(linkFieldText('A CAP', 'fwd')).toBe('A CA');
    expect(parseLink('A PP MS', 'PP', 'fwd')).toMatchObject({ process: 'PP', severity: 'NMS', forceCa: false });
  });

  it('ends the name at the first space only; JSON only between braces, an array only between brackets', () => {
    expect(linkFieldText('A,PP', 'in')).toBe('A,PP NPP NMS');
    expect(linkFieldText('{bad json', 'in')).toBe('{bad NPP NMS');
    expect(linkFieldText('[1, 2', 'out')).toBe('[1, NPP NMS');
    expect(parseLink('[1, 2]')).toEqual({ kind: 'constant', value: [1, 2] });
  });
});
