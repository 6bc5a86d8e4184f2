/**
 * Values converted through DB links, both ways: each source record read by each kind of input
 * (INP, INPA, DOL), and each kind of output writing to each target field type. Shared by
 * capture-softioc.mjs (against EPICS softIoc) and link-conversions.test.ts (against devioc).
 */

/** Sources: numbers with and without precision, integers, states, text, arrays, a menu field. */
const SOURCES = {
  ao: 'record(ao, "$") { field(PREC, "2") field(VAL, "3.7") }',
  aoNeg: 'record(ao, "$") { field(VAL, "-2.5") }',
  aoBig: 'record(ao, "$") { field(VAL, "3000000000.7") }',
  li: 'record(longin, "$") { field(VAL, "42") }',
  mbbi: 'record(mbbi, "$") { field(VAL, "2") field(ZRST, "zero") field(ONST, "one") field(TWST, "two") }',
  mbbiNoStr: 'record(mbbi, "$") { field(VAL, "2") }',
  bo: 'record(bo, "$") { field(VAL, "1") field(ZNAM, "Off") field(ONAM, "On") }',
  siNum: 'record(stringin, "$") { field(VAL, "12.5") }',
  siTxt: 'record(stringin, "$") { field(VAL, "abc") }',
  siEmpty: 'record(stringin, "$") { }',
  calc: 'record(calc, "$") { field(CALC, "1e10") field(PINI, "YES") }',
  wf: 'record(waveform, "$") { field(NELM, "3") field(FTVL, "DOUBLE") field(INP, "[1.5, 2.5, 3.5]") }',
  wfChar: 'record(waveform, "$") { field(NELM, "8") field(FTVL, "CHAR") field(INP, "[104, 105, 0]") }',
  wfCharNeg: 'record(waveform, "$") { field(NELM, "4") field(FTVL, "CHAR") field(INP, "[-2, 200, 65, 0]") }',
  wfUchar: 'record(waveform, "$") { field(NELM, "4") field(FTVL, "UCHAR") field(INP, "[-2, 200, 65, 0]") }',
  wfStr: 'record(waveform, "$") { field(NELM, "2") field(FTVL, "STRING") field(INP, "[\\"7.5\\", \\"x\\"]") }',
  scan: 'record(ao, "$") { field(SCAN, "1 second") field(VAL, "0") }',
  i64: 'record(int64in, "$") { field(VAL, "-7") }',
};

/** Readers: [record type, fields, the link field]. */
const READERS = {
  li: ['longin', '', 'INP'],
  ai: ['ai', 'field(PREC, "3")', 'INP'],
  si: ['stringin', '', 'INP'],
  mbbi: ['mbbi', 'field(ZRST, "a") field(ONST, "b") field(TWST, "c") field(THST, "d")', 'INP'],
  bi: ['bi', 'field(ZNAM, "z") field(ONAM, "o")', 'INP'],
  calc: ['calc', 'field(CALC, "A")', 'INPA'],
  wfD: ['waveform', 'field(NELM, "4") field(FTVL, "DOUBLE")', 'INP'],
  wfS: ['waveform', 'field(NELM, "2") field(FTVL, "STRING")', 'INP'],
  wfL: ['waveform', 'field(NELM, "4") field(FTVL, "LONG")', 'INP'],
  lsi: ['lsi', 'field(SIZV, "40")', 'INP'],
  i64: ['int64in', '', 'INP'],
  so: ['stringout', 'field(OMSL, "closed_loop")', 'DOL'],
};

/** Writers: each writes its value through OUT (`%` is the target). */
const WRITERS = {
  ao: 'record(ao, "$") { field(PREC, "2") field(VAL, "3.7") field(OUT, "%") }',
  aoNeg: 'record(ao, "$") { field(VAL, "-2.5") field(OUT, "%") }',
  aoBig: 'record(ao, "$") { field(VAL, "3000000000.7") field(OUT, "%") }',
  lo: 'record(longout, "$") { field(VAL, "42") field(OUT, "%") }',
  bo: 'record(bo, "$") { field(VAL, "1") field(ZNAM, "Off") field(ONAM, "On") field(OUT, "%") }',
  mbbo: 'record(mbbo, "$") { field(VAL, "2") field(ZRST, "zero") field(ONST, "one") field(TWST, "two") field(OUT, "%") }',
  soNum: 'record(stringout, "$") { field(VAL, "12.5") field(OUT, "%") }',
  soTxt: 'record(stringout, "$") { field(VAL, "abc") field(OUT, "%") }',
  aao: 'record(aao, "$") { field(NELM, "3") field(FTVL, "DOUBLE") field(DOL, "[1.5, 2.5, 3.5]") field(OUT, "%") }',
  aaoLoop: 'record(aao, "$") { field(NELM, "3") field(FTVL, "DOUBLE") field(OMSL, "closed_loop") field(DOL, "[1.5, 2.5, 3.5]") field(OUT, "%") }',
  aaoChar: 'record(aao, "$") { field(NELM, "3") field(FTVL, "CHAR") field(OMSL, "closed_loop") field(DOL, "[-4, 140, 7]") field(OUT, "%") }',
  lsoTxt: 'record(lso, "$") { field(SIZV, "20") field(DOL, "hi") field(OUT, "%") }',
  lsoNum: 'record(lso, "$") { field(SIZV, "20") field(DOL, {const: "-3"}) field(OUT, "%") }',
  i64: 'record(int64out, "$") { field(VAL, "-7") field(OUT, "%") }',
  co: 'record(calcout, "$") { field(CALC, "2.25") field(OUT, "%") }',
};

/** Targets of the writers; calcA is a calc's A field. */
const TARGETS = {
  li: 'record(longin, "$") { }',
  ai: 'record(ai, "$") { field(PREC, "3") }',
  si: 'record(stringin, "$") { }',
  mbbi: 'record(mbbi, "$") { field(ZRST, "a") field(ONST, "b") field(TWST, "c") }',
  bi: 'record(bi, "$") { field(ZNAM, "z") field(ONAM, "o") }',
  wfD: 'record(waveform, "$") { field(NELM, "4") field(FTVL, "DOUBLE") }',
  wfS: 'record(waveform, "$") { field(NELM, "2") field(FTVL, "STRING") }',
  lsi: 'record(lsi, "$") { field(SIZV, "40") }',
  i64: 'record(int64in, "$") { }',
  calcA: 'record(calc, "$") { }',
  aoT: 'record(ao, "$") { field(PREC, "1") }',
  wfC: 'record(waveform, "$") { field(NELM, "4") field(FTVL, "CHAR") }',
  wfUC: 'record(waveform, "$") { field(NELM, "4") field(FTVL, "UCHAR") }',
};

/** The records to process and what to read after: [record processed, PV read, record whose alarm is read]. */
export function cases() {
  const out = [];
  for (const s of Object.keys(SOURCES)) for (const r of Object.keys(READERS)) out.push([`LC:${r}:${s}`, `LC:${r}:${s}`, `LC:${r}:${s}`]);
  for (const w of Object.keys(WRITERS)) {
    for (const t of Object.keys(TARGETS)) out.push([`LC:w:${w}:${t}`, `LC:${t}:${w}${t === 'calcA' ? '.A' : ''}`, `LC:w:${w}:${t}`]);
  }
  return out;
}

export function databaseText() {
  const lines = ['# Generated by link-conversions.mjs: sources read by inputs, outputs writing to targets.'];
  for (const [s, text] of Object.entries(SOURCES)) {
    lines.push(text.replace('$', `LC:s:${s}`));
    for (const [r, [type, fields, link]] of Object.entries(READERS)) {
      lines.push(`record(${type}, "LC:${r}:${s}") { ${fields} field(${link}, "LC:s:${s}${s === 'scan' ? '.SCAN' : ''}") }`);
    }
  }
  for (const [w, text] of Object.entries(WRITERS)) {
    for (const [t, target] of Object.entries(TARGETS)) {
      lines.push(target.replace('$', `LC:${t}:${w}`));
      lines.push(text.replace('$', `LC:w:${w}:${t}`).replace('%', `LC:${t}:${w}${t === 'calcA' ? '.A' : ''}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** DBR_STS_STRING: every element as text, with the alarm. */
const DBR_STS_STRING = 7;

/**
 * Processes every reader and writer (a put to PROC with completion), then reads each case's
 * value as DBR_STS_STRING (every element as text) and the processed record's alarm.
 */
export async function readConversions(client) {
  const answers = {};
  for (const [processed] of cases()) await client.put(`${processed}.PROC`, 1, { wait: true });
  for (const [processed, read, alarmOf] of cases()) {
    const reading = await client.get(read, { type: DBR_STS_STRING });
    const alarm = alarmOf === read ? reading.alarm : (await client.get(alarmOf, { type: DBR_STS_STRING })).alarm;
    answers[processed] = { read, value: Array.from(reading.elements), alarm };
  }
  return answers;
}
