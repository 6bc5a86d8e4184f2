/**
 * dbcar and the tuning commands of softIoc's startup scripts, against softIoc doing the same
 * (fixtures/iocsh/softioc-ca-link-report.txt, captured from softIoc 7.0.8.1 with
 * test/helpers/ca-link-report-session.mjs): callbackSetQueueSize, errlogInit, iocLogInit and
 * the others accepted (the callback queue's size refused once iocInit has run), and dbcar at
 * levels 0 to 2, of every record and of one: CA links to PVs nobody serves, one to a record of
 * this IOC, a CP link (a CA link in EPICS) and a DB link (none). Runs the built CLI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper, shared with the capture run against softIoc
import { caLinkReportSession } from './helpers/ca-link-report-session.mjs';

const fixture = readFileSync(new URL('../fixtures/iocsh/softioc-ca-link-report.txt', import.meta.url), 'utf8');

describe('devioc softioc: dbcar and tuning commands', () => {
  it('reports CA links and accepts the tuning commands as softIoc does', async () => {
    const transcript: string = await caLinkReportSession({});
    expect(transcript).toBe(fixture);
  }, 120_000);
});
