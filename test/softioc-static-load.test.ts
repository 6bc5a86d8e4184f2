/**
 * A .db file's field() text and substitutions files, loaded as softIoc loads them
 * (fixtures/iocsh/softioc-static-load.txt, captured from softIoc 7.0.8.1 with
 * test/helpers/static-load-session.mjs): dbStatic's conversions of 36 texts into 19 fields of
 * 12 types, with and without iocsh's var dbConvertStrict (integers in any C base truncated to
 * the field, or refused when strict; nothing after a number, an ENUM by number only, menus by
 * choice or index, strings no longer than their field, a "$(" left in), the refused fields left
 * as they were while the rest loads, loads that a syntax error or an unknown record type stops
 * (what came before kept) or that go on after an alias to an unknown record, an unknown field
 * or an undefined macro, and dbLoadTemplate's reading of 32 substitutions files (the sets
 * before a syntax error loaded, characters the lexer does not know skipped, too many values and
 * the deprecated word reported, quotes and escapes handed to macLib as dbLoadTemplate hands
 * them). Runs the built CLI on two scripts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper, shared with the capture run against softIoc
import { staticLoadSession } from './helpers/static-load-session.mjs';

const fixture = readFileSync(new URL('../fixtures/iocsh/softioc-static-load.txt', import.meta.url), 'utf8');

describe('devioc softioc: loading .db fields and substitutions files', () => {
  it('stores, refuses and expands what softIoc stores, refuses and expands', async () => {
    const transcript: string = await staticLoadSession({});
    expect(transcript).toBe(fixture);
  }, 180_000);
});
