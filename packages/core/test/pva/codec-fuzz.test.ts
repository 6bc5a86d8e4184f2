/**
 * The pvAccess codec under fast-check: any type and value survive a round trip, full and
 * partial; random and mutated bytes fail only with PvaDecodeError; and a live server fed
 * mutated versions of real pvxs conversations stays up, keeps memory bounded, and keeps
 * answering a well-behaved client.
 */
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@devioc/core';
import { instantiateDb, loadDbFile } from '@devioc/core/records';
import { freePort } from '../../../../test/helpers/ports.js';
import { BitSet } from '../../src/pva/protocol/bitset.js';
import { PvaReader, PvaWriter } from '../../src/pva/protocol/buffer.js';
import { PvaDecodeError } from '../../src/pva/protocol/errors.js';
import { type FieldDesc, type ScalarName, type TypeCache, fieldCount, readFieldDesc, writeFieldDesc } from '../../src/pva/protocol/field-desc.js';
import { PvaFrameReader } from '../../src/pva/protocol/framing.js';
import { type PvaStruct, type PvaValue, defaultValue, readPartial, readValue, writePartial, writeValue } from '../../src/pva/protocol/value.js';
import { PvaClient } from '../../src/pva/client/client.js';

const SCALARS: ScalarName[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'string'];
const name = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,7}$/);

const typeArb: fc.Arbitrary<FieldDesc> = fc.letrec<{ t: FieldDesc }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS).map((type): FieldDesc => ({ kind: 'scalar', type })),
    fc.constantFrom(...SCALARS).map((type): FieldDesc => ({ kind: 'scalarArray', type })),
    fc
      .tuple(fc.string({ maxLength: 12 }), fc.uniqueArray(fc.tuple(name, tie('t')), { maxLength: 4, selector: ([n]) => n }))
      .map(([id, fields]): FieldDesc => ({ kind: 'struct', id, fields })),
    fc
      .tuple(fc.string({ maxLength: 8 }), fc.uniqueArray(fc.tuple(name, tie('t')), { minLength: 1, maxLength: 3, selector: ([n]) => n }))
      .map(([id, fields]): FieldDesc => ({ kind: 'union', id, fields })),
  ),
})).t;

function scalarArb(type: ScalarName): fc.Arbitrary<PvaValue> {
  switch (type) {
    case 'bool': return fc.boolean();
    case 'int8': return fc.integer({ min: -128, max: 127 });
    case 'uint8': return fc.integer({ min: 0, max: 255 });
    case 'int16': return fc.integer({ min: -32768, max: 32767 });
    case 'uint16': return fc.integer({ min: 0, max: 65535 });
    case 'int32': return fc.integer();
    case 'uint32': return fc.integer({ min: 0, max: 0xffffffff });
    case 'int64': return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'uint64': return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'float32': return fc.float({ noNaN: true });
    case 'float64': return fc.double({ noNaN: true });
    case 'string': return fc.string({ maxLength: 300, unit: 'grapheme' });
  }
}

function valueArb(desc: FieldDesc): fc.Arbitrary<PvaValue> {
  switch (desc.kind) {
    case 'scalar':
      return scalarArb(desc.type);
    case 'scalarArray': {
      const items = fc.array(scalarArb(desc.type), { maxLength: 6 });
      const t = desc.type;
      return items.map((xs) => {
        const d = defaultValue({ kind: 'scalarArray', type: t });
        if (Array.isArray(d)) return xs as string[];
        const ctor = (d as unknown as { constructor: { from(x: unknown[]): PvaValue } }).constructor;
        return ctor.from(xs);
      });
    }
    case 'struct':
      return fc.record(Object.fromEntries(desc.fields.map(([n, f]) => [n, valueArb(f)]))) as fc.Arbitrary<PvaValue>;
    case 'union':
      return fc.oneof(
        fc.constant(null),
        fc.integer({ min: 0, max: desc.fields.length - 1 }).chain((i) => valueArb(desc.fields[i]![1]).map((value) => ({ selector: i, value }))),
      );
    default:
      return fc.constant(null);
  }
}

const roundTrip = (desc: FieldDesc, v: PvaValue, littleEndian: boolean): { type: FieldDesc | undefined; value: PvaValue } => {
  const w = new PvaWriter(littleEndian);
  writeFieldDesc(w, desc);
  writeValue(w, desc, v);
  const r = new PvaReader(w.finish(), littleEndian);
  const cache: TypeCache = new Map();
  const type = readFieldDesc(r, cache)!;
  const value = readValue(r, type, cache);
  expect(r.remaining).toBe(0);
  return { type, value };
};

describe('pvAccess codec properties', () => {
  it('any type and value survive a round trip, in both byte orders', () => {
    fc.assert(
      fc.property(typeArb.chain((t) => fc.tuple(fc.constant(t), valueArb(t), fc.boolean())), ([t, v, le]) => {
        const back = roundTrip(t, v, le);
        expect(back.type).toEqual(t);
        expect(back.value).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('a partial value carries exactly the fields whose bits are set', () => {
    const structs = typeArb.filter((t) => t.kind === 'struct' && t.fields.length > 0);
    fc.assert(
      fc.property(
        structs.chain((t) => fc.tuple(fc.constant(t), valueArb(t), fc.uniqueArray(fc.nat(fieldCount(t) - 1), { maxLength: 6 }))),
        ([t, v, bits]) => {
          const set = BitSet.of(...bits);
          const w = new PvaWriter(true);
          writePartial(w, t, v, set);
          const target = defaultValue(t) as PvaStruct;
          const r = new PvaReader(w.finish(), true);
          readPartial(r, t, target, set, new Map());
          expect(r.remaining).toBe(0);
          // Writing the decoded value partially again gives the same bytes.
          const again = new PvaWriter(true);
          writePartial(again, t, target, set);
          const first = new PvaWriter(true);
          writePartial(first, t, v, set);
          expect(Buffer.from(again.finish())).toEqual(Buffer.from(first.finish()));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random bytes fail as PvaDecodeError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, le) => {
        const cache: TypeCache = new Map([[1, { kind: 'scalar', type: 'int32' }]]);
        for (const attempt of [
          () => {
            const r = new PvaReader(bytes, le);
            const t = readFieldDesc(r, cache);
            if (t !== undefined) readValue(r, t, cache);
          },
          () => new PvaFrameReader(1 << 16).push(bytes),
          () => BitSet.read(new PvaReader(bytes, le)),
        ]) {
          try {
            attempt();
          } catch (err) {
            expect(err).toBeInstanceOf(PvaDecodeError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

interface Fixture {
  scenarios: { events: { dir: string; hex?: string }[] }[];
}

describe('a live pvAccess server fed mutated conversations', () => {
  let runtime: Runtime;
  let client: PvaClient;

  beforeAll(async () => {
    runtime = new Runtime({
      port: await freePort(),
      interfaces: ['127.0.0.1'],
      autoBeaconAddresses: false,
      beaconAddresses: [],
      pva: { port: await freePort(), broadcastPort: await freePort(), interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], maxMessageBytes: 1 << 20 },
    });
    instantiateDb(runtime.db, loadDbFile(fileURLToPath(new URL('./pva-records.db', import.meta.url))));
    await runtime.attach({});
    client = new PvaClient({ addressList: [`127.0.0.1:${runtime.pvaServer!.udpPort}`], autoAddressList: false, timeout: 5 });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await runtime?.close();
  });

  it('stays up, bounded, and answers a well-behaved client while 300 connections send garbage', async () => {
    const fixture = JSON.parse(readFileSync(new URL('./pvxs-conversations.json', import.meta.url), 'utf8')) as Fixture;
    const clientMessages = fixture.scenarios.flatMap((s) => s.events.filter((e) => e.dir === 'c2s').map((e) => Buffer.from(e.hex!, 'hex')));
    const port = runtime.pvaTcpPort;
    const rssBefore = process.memoryUsage().rss;
    const seeds = fc.sample(
      fc.tuple(
        fc.array(fc.constantFrom(...clientMessages), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.boolean(),
      ),
      { numRuns: 300, seed: 1234 },
    );
    let index = 0;
    const worker = async (): Promise<void> => {
      while (index < seeds.length) {
        const [messages, flips, tail, huge] = seeds[index++]!;
        const bytes = Buffer.concat(messages.map((m) => Buffer.from(m)));
        for (const [at, b] of flips) if (bytes.length > 0) bytes[at % bytes.length] = b;
        const extra = huge ? Buffer.from([0xca, 2, 0, 10, 0xff, 0xff, 0xff, 0x7f]) : Buffer.alloc(0);
        await new Promise<void>((resolve) => {
          const s = net.connect(port, '127.0.0.1', () => {
            s.write(Buffer.concat([bytes, Buffer.from(tail), extra]));
            setTimeout(() => s.destroy(), 20);
          });
          s.on('error', () => undefined);
          s.on('close', () => resolve());
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const got = await client.get('P:lo');
    expect(typeof (got.value.value as number)).toBe('number');
    await client.put('P:ao', 1.25);
    expect((await client.get('P:ao')).value.value).toBe(1.25);
    // A header claiming 2 GiB buffered nothing: memory stays within a few tens of MiB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    expect(runtime.pvaServer!.isRunning).toBe(true);
  }, 120_000);
});
