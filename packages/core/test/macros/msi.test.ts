/** Expansions and definition strings as EPICS msi (macLib) produced them; see msi-cases.ts. */
import { describe, expect, it } from 'vitest';
import { MacroExpander } from '../../src/macros/index.js';
import { MSI_CASES } from './msi-cases.js';

describe('expansions recorded from msi -V', () => {
  it.each(MSI_CASES.map(([defs, line, expected], i) => [i, defs, line, expected] as const))(
    '%i: -M %j on %j',
    (_i, defs, line, expected) => {
      const expander = new MacroExpander(defs, { undefined: 'keep', onWarning: () => {} });
      expect(expander.expand(line)).toBe(expected);
    },
  );
});
