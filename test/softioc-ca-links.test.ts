/**
 * CA links from one `devioc softioc` to another, against two softIocs doing the same
 * (fixtures/iocsh/softioc-ca-links.txt, captured with test/helpers/ca-links-session.mjs): a
 * forward link over CA processes its target only when it names a PROC field, and iocInit says
 * so otherwise (dbLink.c); while the IOC is paused its CA links' writes wait, the latest per
 * link, and go out at iocRun (dbCaPause, dbCaRun). Runs the built CLI.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
// @ts-expect-error: a plain .mjs helper
import { loopbackIocEnv } from './helpers/loopback-env.mjs';
// @ts-expect-error: a plain .mjs helper, shared with the capture run against softIoc
import { caLinksSession } from './helpers/ca-links-session.mjs';

const fixture = readFileSync(new URL('../fixtures/iocsh/softioc-ca-links.txt', import.meta.url), 'utf8');

describe('devioc softioc: CA links to another IOC', () => {
  it('forward links and writes across iocPause as softIoc does them', async () => {
    const transcript: string = await caLinksSession({});
    expect(transcript).toBe(fixture);
  }, 180_000);

  it('dbpf through a CA link that has not connected prints the field, as softIoc does (the put fails, the alarm says so)', async () => {
    // softIoc R7.0.8.1 with ca-links-a.db alone, typed `dbpf A:out 1` and `dbgf A:out.SEVR`: EPICS'
    // dbpf prints the field whatever dbPutField returned (dbTest.c).
    const softIoc = 'epics> dbpf A:out 1\nDBF_DOUBLE:         1         \nepics> dbgf A:out.SEVR\nDBF_STRING:         "INVALID" \n';
    const [own, peer] = [await freePort(), await freePort()];
    const cli = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
    const child = spawn(process.execPath, [cli, 'softioc', '--no-history', '--no-pva', '-d', 'ca-links-a.db'], {
      cwd: fileURLToPath(new URL('../fixtures/iocsh/', import.meta.url)),
      env: { ...loopbackIocEnv(own, { peerPort: peer }), DEVIOC_LOG_LEVEL: 'error' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 3000 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      await until(/iocRun: All initialization complete/);
      child.stdin.write('dbpf A:out 1\ndbgf A:out.SEVR\n');
      await until(/"INVALID"/);
      const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
      expect(plain.slice(plain.indexOf('epics> dbpf'), plain.indexOf('"INVALID" ') + 11), plain).toBe(softIoc);
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
