/**
 * Links read as EPICS' dbGetLink converts them, against softIoc doing the same
 * (fixtures/iocsh/softioc-link-conversions.txt, captured from softIoc 7.0.8.1 with
 * test/helpers/link-conversions-session.mjs): DB links from an int64 and a large double into
 * 32-bit integers (the C casts of dbConvert), printf's integer conversions, an lsi's UDF, text
 * that is no number into a subArray, a compress and an aao; CA links (dbCa: an ENUM read as
 * text fails once and then gives its state, numbers as text at precision 6, an int64 as a
 * double, text into a waveform ignored), a CP link to a record of the same IOC, which EPICS
 * makes a CA link, and output links (an int64out through a DB link; dbCaPutLink's conversions
 * on the writer's side, a put of no element, MSS handing the writer's status to the target).
 * Runs the built CLI, through its shell (dbpf, dbgf).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper, shared with the capture run against softIoc
import { linkConversionsSession } from './helpers/link-conversions-session.mjs';

const fixture = readFileSync(new URL('../fixtures/iocsh/softioc-link-conversions.txt', import.meta.url), 'utf8');

describe('devioc softioc: link conversions', () => {
  it('reads DB, CA and CP links into records of other types as softIoc does', async () => {
    const transcript: string = await linkConversionsSession({});
    expect(transcript).toBe(fixture);
  }, 180_000);
});
