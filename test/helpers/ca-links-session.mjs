/**
 * CA links between two IOCs, through their shells: IOC A (fixtures/iocsh/ca-links-a.db) writes
 * over CA links to IOC B (ca-links-b.db). A forward link over CA processes its target only when
 * it names a PROC field (and iocInit says so otherwise); while A is paused (iocPause) its CA
 * links' writes wait, the latest per link, and go out at iocRun. Values are read with B's dbgf.
 * Returns the transcript.
 *
 * Used by test/softioc-ca-links.test.ts for `devioc softioc`; run by hand against softIoc to
 * capture fixtures/iocsh/softioc-ca-links.txt:
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node test/helpers/ca-links-session.mjs > fixtures/iocsh/softioc-ca-links.txt
 */
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';
import { plain, sleep, startIoc, until } from './ioc-process.mjs';
import { loopbackIocEnv } from './loopback-env.mjs';

const FIXTURES = fileURLToPath(new URL('../../fixtures/iocsh/', import.meta.url));

/** An IOC with its shell on a pipe; `own`: its CA server port, `peer`: the port its CA links search. */
const iocOn = (softIoc, db, own, peer) => startIoc({ softIoc, args: ['-d', db], cwd: FIXTURES, env: loopbackIocEnv(own, { peerPort: peer }) });

/** @param {{ softIoc?: string }} options `softIoc`: EPICS' softIoc (else `devioc softioc`). */
export async function caLinksSession({ softIoc } = {}) {
  const [portA, portB] = [await freePort(), await freePort()];
  const b = iocOn(softIoc, 'ca-links-b.db', portB, portA);
  const a = iocOn(softIoc, 'ca-links-a.db', portA, portB);
  const both = [a, b];
  const lines = (ioc, re) => plain(ioc.out).split('\n').filter((l) => re.test(l));
  /** Types a line at an IOC's shell and waits for its answer (dbgf's value, iocPause's/iocRun's words, dbpf's echo). */
  const type = async (ioc, line) => {
    const re = line.startsWith('dbgf') || line.startsWith('dbpf') ? /^DBF_\w+:\s/ : null;
    const before = re ? lines(ioc, re).length : plain(ioc.err).split('\n').filter((l) => /^ioc(Pause|Run): /.test(l)).length;
    ioc.type(`${line}\n`);
    if (re) {
      await until(`the answer to ${line}`, () => lines(ioc, re).length > before, both);
      return lines(ioc, re).at(-1).replace(/^DBF_\w+:\s+/, '').trim();
    }
    await until(`the answer to ${line}`, () => plain(ioc.err).split('\n').filter((l) => /^ioc(Pause|Run): /.test(l)).length > before, both);
    return '';
  };
  const onB = (field) => type(b, `dbgf ${field}`);
  /**
   * A dbpf at A whose CA link may not have connected yet: CA links connect in the background
   * after iocInit, in softIoc as in devioc (a devioc IOC warms up meanwhile), and a put through
   * a link not yet connected is lost (the record alarms; dbpf prints the field all the same).
   * Typed again each second until B has the value (within until()'s time limit).
   */
  const putThrough = (line, field, value) =>
    until(`${field} ${value} after ${line}`, async () => {
      await type(a, line);
      const end = Date.now() + 1000;
      while (Date.now() < end) {
        if ((await onB(field)) === value) return true;
        await sleep(50);
      }
      return false;
    }, both);
  const transcript = [];
  try {
    await until('both IOCs', () => both.every((i) => plain(i.err).includes('iocRun: All initialization complete')), both);
    const init = plain(a.out + a.err);
    transcript.push(`iocInit says a CA forward link not to PROC processes nothing: ${init.includes('Forward-link uses Channel Access without pointing to PROC field') && init.includes('A:fl.FLNK => B:n')}`);
    transcript.push(`iocInit says so of the link to B:p.PROC: ${init.includes('A:fp.FLNK')}`);
    // The links connect: a put goes through.
    await putThrough('dbpf A:out 1', 'B:x', '1');
    await type(a, 'dbpf A:fl.PROC 1');
    await type(a, 'dbpf A:fp.PROC 1');
    await until('B:p processed', async () => (await onB('B:p')) === '1', both);
    // B:n's put, had there been one, came before B:p's on the same circuit.
    transcript.push(`after A:fl and A:fp processed: B:n ${await onB('B:n')}, B:p ${await onB('B:p')}`);
    await type(a, 'iocPause');
    await type(a, 'dbpf A:out 5');
    await type(a, 'dbpf A:out 6');
    await type(a, 'dbpf A:fp.PROC 1');
    await sleep(600);
    transcript.push(`while A is paused, after A:out 5, A:out 6 and A:fp: B:x ${await onB('B:x')}, B:p ${await onB('B:p')}`);
    await type(a, 'iocRun');
    await until('B:x 6', async () => (await onB('B:x')) === '6', both);
    await until('B:p 2', async () => (await onB('B:p')) === '2', both);
    await sleep(300);
    // B:cnt counts B:x's processings: the two waiting puts went out as one.
    transcript.push(`after iocRun: B:x ${await onB('B:x')}, B:cnt ${await onB('B:cnt')}, B:p ${await onB('B:p')}, B:n ${await onB('B:n')}`);
    return `${transcript.join('\n')}\n`;
  } finally {
    for (const ioc of both) ioc.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = process.env.EPICS_BASE_BIN;
  process.stdout.write(await caLinksSession({ softIoc: bin ? `${bin}/softIoc` : undefined }));
}
