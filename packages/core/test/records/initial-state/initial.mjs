/**
 * Every record type devioc has, loaded four ways (VAL given or not, PINI YES or NO), and the
 * reads that show its initial state: the value in every DBR family (native, STS, TIME, GR,
 * CTRL: value, alarm, units, precision, limits, state strings) and UDF. Shared by
 * capture-softioc.mjs (against EPICS softIoc) and initial-state.test.ts (against devioc).
 */
export const RECORD_TYPES = [
  'ai', 'ao', 'longin', 'longout', 'int64in', 'int64out', 'bi', 'bo', 'mbbi', 'mbbo', 'mbbiDirect', 'mbboDirect',
  'stringin', 'stringout', 'lsi', 'lso', 'waveform', 'aai', 'aao', 'calc', 'calcout', 'fanout', 'dfanout', 'seq',
  'sel', 'compress', 'histogram', 'subArray', 'printf', 'permissive', 'state', 'event', 'sub', 'aSub',
];

/** The VAL a .db file gives each type (none where VAL cannot be set from a .db file). */
const VAL_TEXT = {
  ai: '2.5', ao: '1.5', longin: '3', longout: '-4', int64in: '5', int64out: '6', bi: '1', bo: '1', mbbi: '1', mbbo: '2',
  mbbiDirect: '3', mbboDirect: '5', stringin: 'abc', stringout: 'def', calc: '7.25', calcout: '8.5', fanout: '1',
  dfanout: '9.5', seq: '2', sel: '10.5', permissive: '1', state: 'idle', event: 'ev1', sub: '11.5', aSub: '12',
};

/** Fields each record gets so that enums and arrays have something to show. */
const EXTRA = {
  bi: 'field(ZNAM, "off") field(ONAM, "on")',
  bo: 'field(ZNAM, "off") field(ONAM, "on")',
  mbbi: 'field(ZRST, "zero") field(ONST, "one") field(TWST, "two")',
  mbbo: 'field(ZRST, "zero") field(ONST, "one") field(TWST, "two")',
  waveform: 'field(FTVL, "DOUBLE") field(NELM, "4")',
  aai: 'field(FTVL, "LONG") field(NELM, "4")',
  aao: 'field(FTVL, "SHORT") field(NELM, "4")',
  compress: 'field(NSAM, "4")',
  histogram: 'field(NELM, "4")',
  subArray: 'field(FTVL, "DOUBLE") field(MALM, "4") field(NELM, "2")',
  calc: 'field(CALC, "A+1")',
  calcout: 'field(CALC, "A+1")',
  sub: 'field(SNAM, "")',
  aSub: 'field(SNAM, "")',
};

/** The record names: I:<type>:<v|n>:<p|n> (VAL given or not, PINI YES or NO). */
export function recordNames() {
  const names = [];
  for (const type of RECORD_TYPES) {
    for (const val of VAL_TEXT[type] !== undefined ? ['v', 'n'] : ['n']) for (const pini of ['p', 'n']) names.push([type, `I:${type}:${val}:${pini}`, val === 'v', pini === 'p']);
  }
  return names;
}

/** The .db text both servers load. */
export function databaseText() {
  return recordNames()
    .map(([type, name, withVal, pini]) => {
      const fields = [withVal ? `field(VAL, "${VAL_TEXT[type]}")` : '', pini ? 'field(PINI, "YES")' : '', EXTRA[type] ?? ''].filter(Boolean);
      return `record(${type}, "${name}") { ${fields.join(' ')} }`;
    })
    .join('\n')
    .concat('\n');
}

const FAMILIES = ['native', 'sts', 'time', 'gr', 'ctrl'];

/** A reading without what differs between runs (the time itself). */
export function normalise(r) {
  const plain = (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? String(v) : v);
  const out = { dbrType: r.dbrType, count: r.count, value: Array.from(r.elements, plain) };
  if (r.alarm) out.alarm = r.alarm;
  if (r.epicsTimestamp) out.stamped = r.epicsTimestamp.secPastEpoch !== 0;
  if (r.units !== undefined) out.units = r.units;
  if (r.precision !== undefined) out.precision = r.precision;
  if (r.limits) out.limits = Object.fromEntries(Object.entries(r.limits).map(([k, v]) => [k, plain(v)]));
  if (r.enumStrings) out.enumStrings = [...r.enumStrings];
  return JSON.parse(JSON.stringify(out));
}

/** Reads every record's VAL in every family and its UDF with `client` (a devioc CaClient). */
export async function readInitialState(client) {
  const answers = {};
  for (const [, name] of recordNames()) {
    const reads = {};
    for (const family of FAMILIES) {
      try {
        reads[family] = normalise(await client.get(name, { type: family }));
      } catch (err) {
        reads[family] = { error: String(err.message) };
      }
    }
    try {
      reads.UDF = normalise(await client.get(`${name}.UDF`, { type: 'native' })).value;
    } catch (err) {
      reads.UDF = { error: String(err.message) };
    }
    answers[name] = reads;
  }
  return answers;
}
