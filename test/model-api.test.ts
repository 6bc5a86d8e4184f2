/**
 * The model API's first five minutes: records named after their attribute, callbacks given
 * where the record is declared (typed from its value), and every mistake refused with a
 * message that names it; streams that complete when the model shuts down. A client's put
 * goes through the real CA server and client.
 */
import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Model, ModelDefinitionError, type RecordPut, Runtime, models } from '@devioc/core';
import { freePort } from './helpers/ports.js';

const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});

/** A runtime serving on a free loopback port (CA traffic to 127.0.0.1 only). */
async function runtime(): Promise<Runtime> {
  const port = await freePort();
  const repeaterPort = await freePort();
  // Its own client searches its own server, so model.pv() puts as a CA client does.
  const client = { addressList: [`127.0.0.1:${port}`], autoAddressList: false, repeaterPort };
  const r = new Runtime({ port, autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], client });
  runtimes.push(r);
  return r;
}

class Counter extends Model {
  readonly seen: [number, string][] = [];
  toggle = models.Toggle({ desc: 'press' });
  count = models.Integer({
    maxVal: 100,
    // `value` is a number: typed from the record, no annotation.
    onUpdate: (value, put) => {
      this.seen.push([value, put?.source ?? 'db']);
    },
  });
  note = models.String({ maxLength: 10 });
  long = models.String({ maxLength: 60 });
  legacy = models.Integer('legacy_name');

  do_toggle(_record: unknown, pressed: number): void {
    if (pressed === 1) void this.count.put(this.count.value + 1);
  }
}

describe('the model API', () => {
  it('names records after their attributes, runs onUpdate and do_<attr> callbacks with the put', async () => {
    const ioc = await new Counter('API1', { runtime: await runtime(), skipInitial: true }).start();
    try {
      expect(ioc.toggle.pvName).toBe('API1:toggle');
      expect(ioc.count.pvName).toBe('API1:count');
      expect(ioc.legacy.pvName).toBe('API1:legacy_name');
      // A Toggle's zero state defaults to its name, as DevIOC's did, also when named late.
      expect(ioc.toggle.field('ZNAM')).toBe('toggle');
      await ioc.pv('API1:toggle').put(1, { wait: true });
      await expect.poll(() => ioc.seen).toEqual([[1, 'app']]);
      await ioc.pv('API1:count').put(7, { wait: true });
      await expect.poll(() => ioc.seen.at(-1)).toEqual([7, 'client']);
    } finally {
      await ioc.shutdown();
    }
  });

  it('refuses text longer than maxLength from the application and from a client, naming it', async () => {
    const ioc = await new Counter('API2', { runtime: await runtime() }).start();
    try {
      await ioc.note.put('short');
      expect(() => ioc.note.put('much too long for ten')).toThrow(/API2:note: "much too long for ten" is 21 characters; maxLength is 10/);
      expect(() => ioc.long.put('x'.repeat(61))).toThrow(/API2:long: .* is 61 characters; maxLength is 60/);
      // A client's put-callback fails (CA carries the status, not the text).
      await expect(ioc.pv('API2:note').put('much too long for ten', { wait: true })).rejects.toThrow(/write request failed/i);
      expect(ioc.note.value).toBe('short');
      expect(() => models.String('s', { maxLength: 10, default: 'x'.repeat(30) })).toThrow(/record "s": default .* is 30 characters; maxLength is 10/);
    } finally {
      await ioc.shutdown();
    }
  });

  it('refuses a do_ method that matches no record, and a record given both callback styles', async () => {
    class Typo extends Model {
      toggle = models.Toggle();
      do_tgogle(): void {}
    }
    await expect(new Typo('API3', { runtime: await runtime() }).start()).rejects.toThrow(/do_tgogle\(\) matches no record \(records: toggle\)/);
    class Both extends Model {
      toggle = models.Toggle({ onUpdate: () => {} });
      do_toggle(): void {}
    }
    await expect(new Both('API4', { runtime: await runtime() }).start()).rejects.toThrow(ModelDefinitionError);
    await expect(new Both('API4', { runtime: await runtime() }).start()).rejects.toThrow(/record "toggle" has both onUpdate and do_toggle\(\)/);
  });

  it('checks a record named after its attribute under that name, at start', async () => {
    class LongDesc extends Model {
      ok = models.Float();
      heater = models.Float({ desc: 'x'.repeat(41) });
    }
    await expect(new LongDesc('API6', { runtime: await runtime() }).start()).rejects.toThrow(/record "heater" \(ao\): DESC is 41 characters; EPICS allows 40/);
    class BadCalc extends Model {
      sum = models.Calc({ calc: 'A+' });
    }
    await expect(new BadCalc('API7', { runtime: await runtime() }).start()).rejects.toThrow(/record "sum" \(calc\): bad CALC expression "A\+"/);
  });

  it('runs a validator given where the record is declared, typed from its value, for client puts', async () => {
    class Limited extends Model {
      level = models.Float({
        validate: (v) => {
          if (v > 10) throw new RangeError(`${v} is above 10`);
        },
      });
    }
    const ioc = await new Limited('API8', { runtime: await runtime() }).start();
    try {
      await ioc.pv('API8:level').put(5, { wait: true });
      await expect(ioc.pv('API8:level').put(11, { wait: true })).rejects.toThrow(/write request failed/i);
      expect(ioc.level.value).toBe(5);
    } finally {
      await ioc.shutdown();
    }
  });

  it('refuses an invalid device name', () => {
    expect(() => new Counter('bad name')).toThrow(/Counter: invalid device name "bad name"/);
    expect(() => new Counter('')).toThrow(ModelDefinitionError);
    expect(() => new Counter('A.B')).toThrow(/invalid device name "A.B"/);
  });

  it('completes the streams on shutdown; a later subscription completes at once', async () => {
    const ioc = await new Counter('API5', { runtime: await runtime(), skipInitial: true }).start();
    const values = firstValueFrom(ioc.count.value$.pipe(toArray()));
    await ioc.count.put(3);
    await ioc.shutdown();
    await expect(values).resolves.toEqual([0, 3]);
    await expect(firstValueFrom(ioc.count.value$.pipe(toArray()))).resolves.toEqual([]);
    await expect(firstValueFrom(ioc.count.updates$.pipe(toArray()))).resolves.toEqual([]);
  });
});

// The onUpdate parameter types come from the record: a wrong one does not compile.
// @ts-expect-error a String record's value is a string, not a number
models.String({ onUpdate: (value: number) => value });
// @ts-expect-error an Enum's validator gets its state index, a number
models.Enum({ validate: (value: string) => value });
const typed: (value: number, put: RecordPut | undefined) => unknown = (value) => value;
models.Float({ onUpdate: typed });
