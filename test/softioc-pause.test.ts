/**
 * iocPause and iocRun in `devioc softioc`, against what EPICS R7.0.8.1's softIoc does for the
 * same client and the same shell commands (fixtures/iocsh/softioc-pause.txt, captured with
 * test/helpers/pause-session.mjs): a paused IOC answers no search and drops a connected client
 * at its next request (whose reply never comes), scans stop, PINI PAUSE/PAUSED and RUN/RUNNING
 * records process at their steps, clients come back after iocRun, and the shell's words and
 * refusals are softIoc's. The client is pyepics on libca. Runs the built CLI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
// @ts-expect-error: a plain .mjs helper, shared with the capture run against softIoc
import { pauseSession } from './helpers/pause-session.mjs';

const fixture = readFileSync(new URL('../fixtures/iocsh/softioc-pause.txt', import.meta.url), 'utf8');

describe('devioc softioc: iocPause and iocRun', () => {
  it('a client and the shell see what softIoc showed them', async () => {
    const transcript: string = await pauseSession({ port: await freePort() });
    expect(transcript).toBe(fixture);
  }, 180_000);
});
