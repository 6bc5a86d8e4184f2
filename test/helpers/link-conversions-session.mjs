/**
 * Links read as EPICS' dbGetLink converts them, through an IOC's shell
 * (fixtures/iocsh/link-conversions.db): DB links from an int64 and a large double into 32-bit
 * integers, printf's integer conversions, an lsi's UDF, text that is no number into a subArray,
 * a compress and an aao; CA links (an ENUM read as text, a double as text, an int64 as a long,
 * text into a waveform) and a CP link to a record of the same IOC; output links through DB
 * (an int64out's integer beyond 32 bits) and CA (dbCaPutLink's conversions on the writer's
 * side). Each record is processed with dbpf and its fields read with dbgf. Returns the
 * transcript.
 *
 * Used by test/softioc-link-conversions.test.ts for `devioc softioc`; run by hand against softIoc
 * to capture fixtures/iocsh/softioc-link-conversions.txt:
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node test/helpers/link-conversions-session.mjs > fixtures/iocsh/softioc-link-conversions.txt
 */
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';
import { sleep, startIoc, until } from './ioc-process.mjs';
import { loopbackIocEnv } from './loopback-env.mjs';

const FIXTURES = fileURLToPath(new URL('../../fixtures/iocsh/', import.meta.url));

/** @param {{ softIoc?: string }} options `softIoc`: EPICS' softIoc (else `devioc softioc`). */
export async function linkConversionsSession({ softIoc } = {}) {
  const port = await freePort();
  const ioc = startIoc({ softIoc, args: ['-d', 'link-conversions.db'], cwd: FIXTURES, env: loopbackIocEnv(port) });
  const ready = (what, check) => until(what, check, [ioc]);
  const answers = () => ioc.plainOut().split("\n").filter((l) => /^DBF_\w+(\[\d+\])?:\s/.test(l));
  /** Types dbpf or dbgf and returns the value it printed. */
  const type = async (line) => {
    const before = answers().length;
    ioc.type(`${line}\n`);
    await ready(`the answer to ${line}`, () => answers().length > before);
    return answers().at(-1).replace(/^DBF_\w+(\[\d+\])?:\s+/, "").trim();
  };
  const proc = (pv) => type(`dbpf ${pv}.PROC 1`);
  const fields = async (pv, names) => {
    const got = [];
    for (const name of names) got.push(`${name} ${await type(`dbgf ${name === 'VAL' ? pv : `${pv}.${name}`}`)}`);
    return `${pv}: ${got.join(', ')}`;
  };
  /** Processes `pv` until `done(fields)` (a CA link connects in the background after iocInit). */
  const procUntil = async (pv, names, done) => {
    let last = '';
    await ready(`${pv} ready`, async () => {
      await proc(pv);
      last = await fields(pv, names);
      if (done(last)) return true;
      await sleep(50);
      return false;
    });
    return last;
  };
  const transcript = [];
  const ALARM = ['VAL', 'SEVR', 'STAT', 'AMSG', 'UDF'];
  try {
    await ready('iocInit', () => (ioc.plainErr() + ioc.plainOut()).includes('iocRun: All initialization complete'));
    for (const pv of ['L:li', 'L:bi', 'L:mbbid', 'L:mbbod', 'L:pf', 'L:lsi']) {
      await proc(pv);
      transcript.push(await fields(pv, ALARM));
    }
    for (const pv of ['L:sa', 'L:cmp', 'L:aao']) {
      await proc(pv);
      transcript.push(await fields(pv, pv === 'L:cmp' ? [...ALARM, 'NUSE'] : [...ALARM, 'NORD']));
    }
    // The CA links: a numeric one first, until it has connected (STAT no longer LINK).
    transcript.push(await procUntil('L:caL', ALARM, (f) => !f.includes('STAT LINK')));
    transcript.push(await procUntil('L:caF', ALARM, (f) => !f.includes('STAT LINK')));
    transcript.push(await procUntil('L:caW', [...ALARM, 'NORD'], (f) => !f.includes('STAT LINK') && !f.includes('STAT UDF')));
    // An ENUM as text: the first read fails (with a link alarm), the next ones give the state.
    await proc('L:caS');
    transcript.push(`first: ${await fields('L:caS', ALARM)}`);
    transcript.push(`then: ${await procUntil('L:caS', ALARM, (f) => f.includes('VAL "two"'))}`);
    await ready('L:cpF from its CP link', async () => (await type('dbgf L:cpF')) !== '""');
    transcript.push(await fields('L:cpF', ALARM));
    // Outputs through DB links.
    for (const [writer, target] of [['L:o:i64', 'L:o:li'], ['L:o:i64s', 'L:o:si'], ['L:o:mss', 'L:o:mssT']]) {
      await proc(writer);
      transcript.push(await fields(target, ALARM));
    }
    // Outputs through CA links: each writer processed until its target has taken a put.
    for (const [writer, target] of [['L:o:ao', 'L:o:wfs'], ['L:o:so', 'L:o:ai'], ['L:o:aao', 'L:o:ai2']]) {
      await ready(`${target} written by ${writer}`, async () => {
        await proc(writer);
        if ((await type(`dbgf ${target}.UDF`)) !== '1 = 0x1') return true;
        await sleep(50);
        return false;
      });
      transcript.push(`${await fields(writer, ['SEVR', 'STAT', 'AMSG'])}; ${await fields(target, target === 'L:o:wfs' ? ['VAL', 'SEVR', 'STAT', 'NORD'] : ALARM)}`);
    }
    return `${transcript.join('\n')}\n`;
  } finally {
    ioc.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = process.env.EPICS_BASE_BIN;
  process.stdout.write(await linkConversionsSession({ softIoc: bin ? `${bin}/softIoc` : undefined }));
}
