/**
 * Every field of every record type, through the real libca: each channel must connect with
 * the native DBF type, element count and access rights that EPICS softIoc 7.0.8 serves for
 * the same record (captured in packages/core/test/records/fields/fixtures/record-fields.json),
 * and every readable field must read without error.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaServer } from '@devioc/core/ca';
import { RecordDatabase } from '@devioc/core/records';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

interface FieldFact {
  name: string;
  dbf: string;
  ca?: { connected: boolean; nativeType?: string; count?: number; access?: string };
}
interface Fixture {
  records: Record<string, { record: string; dbFields: Record<string, string>; fields: FieldFact[] }>;
  variants: { type: string; record: string; dbFields: Record<string, string>; ca: Record<string, { nativeType: string; count: number; access: string }> }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../packages/core/test/records/fields/fixtures/record-fields.json', import.meta.url), 'utf8'),
) as Fixture;

const DBF_NAMES = ['DBF_STRING', 'DBF_SHORT', 'DBF_FLOAT', 'DBF_ENUM', 'DBF_CHAR', 'DBF_LONG', 'DBF_DOUBLE'];

let db: RecordDatabase;
let server: CaServer;
let py: PyEpics;

beforeAll(async () => {
  db = new RecordDatabase();
  const records = [];
  for (const r of [...Object.values(fixture.records), ...fixture.variants]) {
    const rec = db.create(r === undefined ? 'ai' : 'type' in r ? (r as { type: string }).type : Object.entries(fixture.records).find(([, v]) => v === r)![0], r.record);
    for (const [k, v] of Object.entries(r.dbFields)) rec.configure(k, v);
    records.push(rec);
  }
  db.initialise(records);
  const port = await freePort();
  server = new CaServer({ port, providers: [db], autoBeaconAddresses: false, beaconAddresses: [] });
  await server.start();
  py = new PyEpics({ serverPort: port });
});

afterAll(async () => {
  await py?.close();
  await server?.stop();
  db?.close();
});

/** Connects every channel at once in libca and reports type, count, access and a read. */
const PROBE = `
names = args['names']
refused = set(args.get('refused', []))
chids = {n: ca.create_channel(n, connect=False, auto_cb=False) for n in names}
ca.pend_event(0.2)
deadline = time.time() + 20
out = {}
for n, c in chids.items():
    # Channels softIoc refuses get a short wait: they should never connect.
    ok = ca.connect_channel(c, timeout=0.05 if n in refused else max(0.1, deadline - time.time()))
    if not ok:
        out[n] = {'connected': False}
        continue
    info = {'connected': True, 'ftype': ca.field_type(c), 'count': ca.element_count(c),
            'read': bool(ca.read_access(c)), 'write': bool(ca.write_access(c))}
    if info['read']:
        try:
            ca.get(c, wait=True, timeout=5)
            info['readOk'] = True
        except Exception as e:
            info['readOk'] = str(e)
    out[n] = info
result = out
`;

const accessOf = (text: string): { read: boolean; write: boolean } => ({ read: !text.startsWith('no read'), write: !text.includes('no write') });

describe('every field of every record type, through pyepics, as softIoc serves it', () => {
  it.each(Object.keys(fixture.records))('%s', async (type) => {
    const r = fixture.records[type];
    const served = r.fields.filter((f) => f.ca?.connected);
    const refused = r.fields.filter((f) => f.ca !== undefined && !f.ca.connected);
    const names = [...served, ...refused].map((f) => `${r.record}.${f.name}`);
    const { result } = await py.call<{ result: Record<string, { connected: boolean; ftype: number; count: number; read: boolean; write: boolean; readOk?: true | string }> }>(
      'exec',
      { code: PROBE, args: { names, refused: refused.map((f) => `${r.record}.${f.name}`) } },
      60_000,
    );
    const mismatches: string[] = [];
    for (const f of served) {
      const got = result[`${r.record}.${f.name}`];
      const want = f.ca!;
      if (!got?.connected) {
        mismatches.push(`${f.name}: not connected`);
        continue;
      }
      if (DBF_NAMES[got.ftype] !== want.nativeType) mismatches.push(`${f.name}: type ${DBF_NAMES[got.ftype]}, softIoc ${want.nativeType}`);
      if (got.count !== want.count) mismatches.push(`${f.name}: count ${got.count}, softIoc ${want.count}`);
      const access = accessOf(want.access ?? 'read, write');
      if (got.read !== access.read || got.write !== access.write) mismatches.push(`${f.name}: access ${got.read}/${got.write}, softIoc ${want.access}`);
      if (got.read && got.readOk !== true) mismatches.push(`${f.name}: read failed ${String(got.readOk)}`);
    }
    for (const f of refused) {
      if (result[`${r.record}.${f.name}`]?.connected) mismatches.push(`${f.name}: served, but softIoc refuses it`);
    }
    expect(mismatches).toEqual([]);
  }, 90_000);

  it('configured variants (mbbo with states, CHAR waveform, long lsi) serve VAL like softIoc', async () => {
    const names = fixture.variants.flatMap((v) => Object.keys(v.ca).map((f) => `${v.record}.${f}`));
    const { result } = await py.call<{ result: Record<string, { connected: boolean; ftype: number; count: number }> }>('exec', { code: PROBE, args: { names } }, 60_000);
    for (const v of fixture.variants) {
      for (const [field, want] of Object.entries(v.ca)) {
        const got = result[`${v.record}.${field}`];
        expect({ type: DBF_NAMES[got.ftype], count: got.count }, `${v.record}.${field}`).toEqual({ type: want.nativeType, count: want.count });
      }
    }
  });
});
