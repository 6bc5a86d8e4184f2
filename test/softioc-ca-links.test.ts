/**
 * CA links from one `devioc softioc` to another, against two softIocs doing the same
 * (fixtures/iocsh/softioc-ca-links.txt, captured with test/helpers/ca-links-session.mjs): a
 * forward link over CA processes its target only when it names a PROC field, and iocInit says
 * so otherwise (dbLink.c); while the IOC is paused its CA links' writes wait, the latest per
 * link, and go out at iocRun (dbCaPause, dbCaRun). Runs the built CLI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper, shared with the capture run against softIoc
import { caLinksSession } from './helpers/ca-links-session.mjs';

const fixture = readFileSync(new URL('../fixtures/iocsh/softioc-ca-links.txt', import.meta.url), 'utf8');

describe('devioc softioc: CA links to another IOC', () => {
  it('forward links and writes across iocPause as softIoc does them', async () => {
    const transcript: string = await caLinksSession({});
    expect(transcript).toBe(fixture);
  }, 180_000);
});
