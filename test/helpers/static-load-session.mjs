/**
 * What an IOC makes of a .db file's field() text and of substitutions files
 * (fixtures/iocsh/static-load/): st.cmd loads fields.db (684 records, each setting one field of
 * one type to one text: C bases, signs, trailing text, overflow, menus by index, ENUMs by
 * number, strings too long, a "$(" left in) and 32 substitutions files through dbLoadTemplate
 * (globals, patterns, quotes and escapes, too many values, the deprecated word, syntax errors
 * and characters the lexer does not know), then reads every field back with dbgf and the
 * templates' records with dbl; then st-strict.cmd loads fields.db again in a second IOC, with
 * var dbConvertStrict 1 (integers outside their field's range refused, not truncated). Returns
 * a transcript: each dbgf's answer, the dbl lines sorted, and the fields the loads refused
 * (record.FIELD, sorted); not the messages, which are each IOC's own words.
 *
 * Used by test/softioc-static-load.test.ts for `devioc softioc`; run by hand against softIoc
 * to capture fixtures/iocsh/softioc-static-load.txt:
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node test/helpers/static-load-session.mjs > fixtures/iocsh/softioc-static-load.txt
 */
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';
import { startIoc } from './ioc-process.mjs';
import { loopbackIocEnv } from './loopback-env.mjs';

const DIR = fileURLToPath(new URL('../../fixtures/iocsh/static-load/', import.meta.url));

/** @param {{ softIoc?: string }} options `softIoc`: EPICS' softIoc (else `devioc softioc`). */
export async function staticLoadSession({ softIoc } = {}) {
  const loose = await scriptTranscript('st.cmd', softIoc);
  const strict = await scriptTranscript('st-strict.cmd', softIoc);
  return `${loose}--- var dbConvertStrict 1\n${strict}`;
}

/** Runs one script of fixtures/iocsh/static-load/ to its exit, and reads its answers. */
async function scriptTranscript(script, softIoc) {
  const port = await freePort();
  const ioc = startIoc({ softIoc, args: [script], cwd: DIR, env: loopbackIocEnv(port) });
  // The script ends with exit; stdin closed as well, for an IOC that would wait at its prompt.
  ioc.child.stdin.end();
  const code = await ioc.closedWithin(120_000);
  const lines = ioc.plainOut().split('\n');
  const transcript = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(?:epics> )?dbgf (\S+)$/.exec(lines[i]);
    if (m) transcript.push(`${m[1]} ${(lines[i + 1] ?? '').trim().replace(/\s+/g, ' ')}`);
  }
  transcript.push(...lines.filter((l) => /^(?:sub|ld):\S+, "/.test(l)).sort());
  const refused = new Set();
  for (const line of ioc.plainErr().split('\n')) {
    // softIoc: Can't set "fv:4.VAL" to …, fv:9.DESC Has unexpanded macro; devioc: …db:2: fv:4.VAL: …
    const m = /((?:fv|sub|ld):[\w:]*?\.[A-Z0-9]+)\b/.exec(line);
    if (m && /Can't set|Has unexpanded|ERROR/.test(line)) refused.add(m[1]);
    // softIoc: stringin Record "ld:on:a" does not have a field "NOSUCH"
    const field = /Record "([^"]+)" does not have a field "([^"]+)"/.exec(line);
    if (field) refused.add(`${field[1]}.${field[2]}`);
  }
  transcript.push(`refused: ${[...refused].sort().join(' ')}`);
  transcript.push(`exit ${code}`);
  return `${transcript.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = process.env.EPICS_BASE_BIN;
  process.stdout.write(await staticLoadSession(bin ? { softIoc: `${bin}/softIoc` } : {}));
}
