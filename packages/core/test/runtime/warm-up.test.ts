/**
 * The warm-up (runtime/warm-up.ts): copies of the IOC's own records, shaped as they are and cut
 * off from everything, answer every request it sends (none refused), and the records copied,
 * the runtime's database and its log are left as they were. Once per process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log/index.js';
import { Model, models } from '../../src/model/index.js';
import { Runtime } from '../../src/runtime/index.js';
import { RecordDatabase } from '../../src/records/database.js';
import type { EpicsRecord } from '../../src/records/record.js';
import { resolveServerConfig } from '../../src/ca/server/config.js';
import { getLogger } from '../../src/log/index.js';
import { freePort } from '../../../../test/helpers/ports.js';
import { WARMABLE_TYPES, parkedWarmUpCircuit, warmUpCopy, warmUpSamples, warmUpServing } from '../../src/runtime/warm-up.js';

let db: RecordDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** Records of every warmable type, with the fields IOCs give them, links among them included. */
function typicalRecords(target: RecordDatabase): EpicsRecord[] {
  const fields: Record<string, [string, string][]> = {
    ao: [['DESC', 'setpoint'], ['PREC', '3'], ['EGU', 'mm'], ['DRVH', '10'], ['DRVL', '-10'], ['HOPR', '10'], ['LOPR', '-10'], ['OUT', 'T:longout']],
    ai: [['DESC', 'readback'], ['PREC', '2'], ['INP', 'T:ao'], ['HIGH', '5'], ['HSV', 'MINOR'], ['SCAN', '.1 second']],
    bo: [['ZNAM', 'Off'], ['ONAM', 'On'], ['FLNK', 'T:calc']],
    bi: [['ZNAM', 'Closed'], ['ONAM', 'Open'], ['PINI', 'YES']],
    mbbo: [['ZRST', 'zero'], ['ONST', 'one'], ['TWST', 'two']],
    mbbi: [['ZRST', 'A'], ['ONST', 'B']],
    calc: [['CALC', 'A+B'], ['INPA', 'T:ao CP'], ['INPB', 'T:ai']],
    calcout: [['CALC', 'A*2'], ['INPA', 'T:ao'], ['OUT', 'T:ao'], ['OOPT', 'Every Time']],
    stringout: [['VAL', 'hello'], ['DESC', 'text']],
  };
  const records = WARMABLE_TYPES.map((type) => {
    const record = target.create(type, `T:${type}`);
    for (const [field, value] of fields[type] ?? [['DESC', type]]) record.configure(field, value);
    return record;
  });
  target.initialise(records);
  return records;
}

/** Every field value a record holds of its own, as text (what a change would show in). */
const ownValues = (record: EpicsRecord): string => JSON.stringify(Object.entries(record.v), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

const host = (samples: readonly EpicsRecord[]) => ({
  config: resolveServerConfig({}),
  samples,
  makeDatabase: () => new RecordDatabase({ logger: getLogger('db') }),
  log: getLogger('ca.server'),
});

describe('warmUpSamples', () => {
  it('takes up to 64 of the records, spread over the database, of the types it can copy', () => {
    db = new RecordDatabase();
    const records: EpicsRecord[] = [];
    for (let i = 0; i < 300; i++) records.push(db.create(i % 3 === 0 ? 'waveform' : i % 3 === 1 ? 'ao' : 'bo', `R:${i}`));
    records.push(db.create('sub', 'R:sub'));
    const samples = warmUpSamples(db);
    expect(samples).toHaveLength(64);
    expect(new Set(samples.map((r) => r.typeName))).toEqual(new Set(['ao', 'bo']));
    // Spread: from the start of the database to its end, not its first 64.
    expect(samples[0]!.name).toBe('R:1');
    expect(Number(samples[63]!.name.slice(2))).toBeGreaterThan(280);
  });

  it('takes them all when there are fewer, and none from a database without warmable records', () => {
    db = new RecordDatabase();
    db.create('ao', 'A');
    db.create('sub', 'S');
    expect(warmUpSamples(db).map((r) => r.name)).toEqual(['A']);
    db.close();
    db = new RecordDatabase();
    db.create('waveform', 'W');
    expect(warmUpSamples(db)).toEqual([]);
  });
});

describe('warmUpCopy', () => {
  it('has the record’s fields in the record’s order, its plain values, and no link, scan or device support', () => {
    db = new RecordDatabase();
    const [ao] = typicalRecords(db).filter((r) => r.typeName === 'ao');
    const copies = new RecordDatabase();
    try {
      const copy = warmUpCopy(copies, ao!, 'COPY');
      expect(Object.keys(copy.v)).toEqual(Object.keys(ao!.v));
      expect(copy.str('NAME')).toBe('COPY');
      for (const field of ['DESC', 'PREC', 'EGU', 'DRVH', 'DRVL']) expect(copy.v[field], field).toEqual(ao!.v[field]);
      expect(ao!.str('OUT')).toBe('T:longout');
      expect(copy.str('OUT')).toBe('');
      const ai = db.get('T:ai');
      const aiCopy = warmUpCopy(copies, ai!, 'COPY:ai');
      expect(ai!.num('SCAN')).not.toBe(0);
      expect(aiCopy.num('SCAN')).toBe(0);
      expect(aiCopy.str('INP')).toBe('');
    } finally {
      copies.close();
    }
  });
});

describe('warmUpServing', () => {
  it('gets every request answered by copies of every warmable type, and leaves the records it copied as they were', async () => {
    db = new RecordDatabase();
    const records = typicalRecords(db);
    // What the database does by itself first: the periodic ai processes, and the CP link's
    // first update processes the calc.
    const settled = (): boolean => db!.get('T:ai')!.num('UDF') === 0 && db!.get('T:calc')!.num('UDF') === 0;
    for (const deadline = Date.now() + 10_000; !settled() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(settled()).toBe(true);
    const before = records.map(ownValues);
    const report = await warmUpServing(host(records));
    expect(report.refused).toBe(0);
    expect(report.requests).toBeGreaterThan(20_000);
    expect(records.map(ownValues)).toEqual(before);
    expect([...db.names()]).toEqual(records.map((r) => r.name));
  });

  it('writes nothing that shows to stdout or stderr (its writes there are empty: they only acquaint V8 with those streams)', async () => {
    const written: string[] = [];
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((stream) => stream.write);
    streams.forEach((stream, i) => {
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return (originals[i] as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as typeof stream.write;
    });
    try {
      await warmUpServing(host([]));
    } finally {
      streams.forEach((stream, i) => (stream.write = originals[i]!));
    }
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((chunk) => chunk.length > 0)).toEqual([]);
  });

  it('warms with ao records of their defaults when it has nothing to copy', async () => {
    const report = await warmUpServing(host([]));
    expect(report.refused).toBe(0);
    expect(report.requests).toBeGreaterThan(20_000);
  });

  it('leaves its circuit open with its channels and monitors (their shapes keep V8’s code), only the last warm-up’s', async () => {
    await warmUpServing(host([]));
    const first = parkedWarmUpCircuit();
    expect(first?.isClosed).toBe(false);
    expect(first?.channelCount).toBe(64);
    expect(first?.subscriptionCount).toBe(64);
    await warmUpServing(host([]));
    const second = parkedWarmUpCircuit();
    expect(second).not.toBe(first);
    expect(second?.isClosed).toBe(false);
    for (const deadline = Date.now() + 10_000; first?.isClosed !== true && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(first?.isClosed).toBe(true);
  });
});

describe('the runtime’s warm-up', () => {
  /** A logger that keeps its lines (the runtime says at info when its warm-up is done). */
  function keepingLogger(lines: string[]): Logger {
    const log = (m: string): void => void lines.push(m);
    const logger: Logger = { error: log, warn: log, important: log, info: log, debug: log, isDebugEnabled: () => true, child: () => logger };
    return logger;
  }
  class Small extends Model {
    req = models.Float({ prec: 2, desc: 'request' });
    resp = models.Float({ prec: 2 });
  }
  const runtimes: Runtime[] = [];
  afterEach(async () => {
    for (const r of runtimes.splice(0)) await r.close();
  });
  const start = async (options: { warmUp?: boolean }, lines: string[]): Promise<Runtime> => {
    const runtime = new Runtime({ port: await freePort(), interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false, logger: keepingLogger(lines), ...options });
    runtimes.push(runtime);
    const model = await new Small('WU', { runtime }).start();
    // The warm-up runs in the background: start() resolves before it has ended (it waits on
    // sockets), warmedUp() after.
    expect(lines.filter((l) => l.startsWith('warm-up'))).toEqual([]);
    await model.warmedUp();
    return runtime;
  };

  it('runs once per process, after a model has made its records, unless switched off; the runtime serves only its own records', async () => {
    const off: string[] = [];
    await start({ warmUp: false }, off);
    expect(off.filter((l) => l.startsWith('warm-up'))).toEqual([]);

    const on: string[] = [];
    const runtime = await start({}, on);
    const warm = on.filter((l) => l.startsWith('warm-up'));
    expect(warm).toHaveLength(1);
    expect(warm[0]).toMatch(/^warm-up done: \d+ requests in \d+ ms \(\d+ ms of it waiting for compiles\), the serving code is compiled$/);
    expect([...runtime.db.names()].sort()).toEqual(['WU:req', 'WU:resp']);

    const again: string[] = [];
    await start({}, again);
    expect(again.filter((l) => l.startsWith('warm-up'))).toEqual([]);
  });
});
