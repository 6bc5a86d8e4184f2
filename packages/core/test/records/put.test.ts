/**
 * A put is an object handed to everything it sets off: the posts it causes name it, a forced
 * put posts an unchanged value, an alarm it asks for is raised, and nothing about it is left
 * on the record once the put returns (a nested put restores nothing by hand).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmSeverity, AlarmStatus, NativeType } from '../../src/ca/protocol/dbr/types.js';
import { RecordDatabase } from '../../src/records/database.js';
import { LINK_PUT, RecordPut } from '../../src/records/put.js';
import type { EpicsRecord } from '../../src/records/record.js';

let db: RecordDatabase;
afterEach(() => db?.close());

function load(...defs: [string, string, Record<string, string>][]): EpicsRecord[] {
  db = new RecordDatabase();
  const records = defs.map(([type, name, fields]) => {
    const r = db.create(type, name);
    for (const [k, v] of Object.entries(fields)) r.configure(k, v);
    return r;
  });
  db.initialise(records);
  return records;
}

const num = (v: number) => Float64Array.of(v);

/** Who caused each VAL post of a record ('db' when no put did). */
function causes(r: EpicsRecord): string[] {
  const out: string[] = [];
  r.subscribe('VAL', (_mask, _snap, put) => out.push(put?.source ?? 'db'));
  return out;
}

describe('RecordPut', () => {
  it('names its source in the posts it causes, and a link write in the target', () => {
    const [a, b] = load(['ao', 'P:a', { OUT: 'P:b PP', MDEL: '-1' }], ['ao', 'P:b', { MDEL: '-1' }]);
    const seenA = causes(a);
    const seenB = causes(b);
    a.put('VAL', num(1), NativeType.DOUBLE, RecordPut.client(false));
    a.putJs('VAL', 2, new RecordPut('app'));
    a.process();
    expect(seenA).toEqual(['client', 'app', 'db']);
    expect(seenB).toEqual(['link', 'link', 'link']);
  });

  it('a forced put posts an unchanged value once, naming the put', () => {
    const [lo] = load(['longout', 'P:l', { MDEL: '0' }]);
    lo.putJs('VAL', 3, new RecordPut('app'));
    const seen = causes(lo);
    lo.putJs('VAL', 3, new RecordPut('app'));
    expect(seen).toEqual([]);
    lo.putJs('VAL', 3, new RecordPut('app', { force: true }));
    expect(seen).toEqual(['app']);
  });

  it('a put made while another is processing leaves the outer put in charge of the rest', () => {
    const [a] = load(['longout', 'P:a', {}]);
    const seen: string[] = [];
    let nested = false;
    a.subscribe('VAL', (_m, _s, put) => {
      seen.push(put?.source ?? 'db');
      if (!nested) {
        nested = true;
        // A callback answering a client's put with a forced application put of the same value.
        a.putJs('VAL', a.num('VAL'), new RecordPut('app', { force: true }));
      }
    });
    const outer = RecordPut.client(false);
    a.put('VAL', num(7), NativeType.DOUBLE, outer);
    // After the nested put returns, a post of the outer put still names the client.
    a.subscribe('DESC', (_m, _s, put) => seen.push(`DESC:${put?.source ?? 'db'}`));
    a.put('DESC', ['x'], NativeType.STRING, outer);
    expect(seen).toEqual(['client', 'app', 'DESC:client']);
  });

  it('raises the alarm it asks for in the processing it starts', () => {
    const [a] = load(['ao', 'P:a', {}]);
    a.putJs('VAL', 1, new RecordPut('app', { alarm: { status: AlarmStatus.HWLIMIT, severity: AlarmSeverity.MAJOR } }));
    expect(a.snapshot('VAL').alarm).toEqual({ status: AlarmStatus.HWLIMIT, severity: AlarmSeverity.MAJOR });
    a.putJs('VAL', 2, new RecordPut('app'));
    expect(a.snapshot('VAL').alarm).toEqual({ status: 0, severity: 0 });
  });

  it('completes with what it was asked to wait for; nothing pending means no promise', async () => {
    const put = RecordPut.client(true);
    expect(put.completion()).toBeUndefined();
    let finished = false;
    put.waitFor(new Promise<void>((resolve) => setImmediate(() => { finished = true; resolve(); })));
    await put.completion();
    expect(finished).toBe(true);
    expect(LINK_PUT.wait || LINK_PUT.quiet || LINK_PUT.force).toBe(false);
  });
});
