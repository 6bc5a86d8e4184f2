/**
 * dbGetView: dbGet's own rules for link fields, RTYP and a string field as chars (`FIELD$`),
 * with the answers softIoc 7.0.8.1 gave (caget -d TYPE [-# N], camonitor -# 4, pyepics) for
 * an ai with INP "D:x.VAL NPP NMS" and DESC "hello there". The behaviour scenario
 * (test/records/behaviour, step "links, RTYP and a string as chars") checks the same over CA
 * against softIoc's captured answers.
 */
import { describe, expect, it } from 'vitest';
import { dbGetView } from '../../../src/ca/protocol/dbr/db-get-rules.js';
import { DbrType, NativeType, type PvSnapshot, emptyMetadata } from '../../../src/ca/protocol/dbr/types.js';

const base = { alarm: { status: 17, severity: 3 }, timestamp: { secPastEpoch: 0, nsec: 0 }, meta: emptyMetadata() };
const link: PvSnapshot = { ...base, nativeType: NativeType.STRING, value: ['D:x.VAL NPP NMS'], dbGetRule: 'link', dbGetText: 'D:x.VAL NPP NMS' };
const rtyp: PvSnapshot = { ...link, value: ['ai'], dbGetRule: 'attribute', dbGetText: 'ai' };
const hello = Int8Array.from([...'hello there'].map((c) => c.charCodeAt(0)).concat(0));
const desc: PvSnapshot = { ...base, nativeType: NativeType.CHAR, value: hello, dbGetRule: 'string' };
const values = (v: ReturnType<typeof dbGetView>): unknown[] => Array.from(v!.snapshot.value as ArrayLike<unknown>);

describe('dbGetView', () => {
  it('serves a link as its text, NaN or its characters, and refuses other types', () => {
    expect(values(dbGetView(link, DbrType.STRING, 0, 1))).toEqual(['D:x.VAL NPP NMS']);
    expect(dbGetView(link, DbrType.TIME_STRING, 0, 1)!.count).toBe(1);
    expect(values(dbGetView(link, DbrType.CTRL_DOUBLE, 0, 1))).toEqual([Number.NaN]);
    // Plain INP (one element): DBR_CHAR is "" ; INP$ (1024): the text and its NUL.
    expect(dbGetView(link, DbrType.CHAR, 0, 1)).toMatchObject({ count: 1 });
    expect(values(dbGetView(link, DbrType.CHAR, 0, 1))).toEqual([0]);
    expect(dbGetView(link, DbrType.CHAR, 0, 1024)!.count).toBe(16);
    // -# 5: "D:x." and the NUL.
    expect(values(dbGetView(link, DbrType.CHAR, 5, 1024))).toEqual([68, 58, 120, 46, 0]);
    for (const t of [DbrType.SHORT, DbrType.FLOAT, DbrType.ENUM, DbrType.LONG, DbrType.CTRL_LONG]) expect(dbGetView(link, t, 0, 1024)).toBeUndefined();
  });

  it('serves RTYP as a link, but without NaN', () => {
    expect(values(dbGetView(rtyp, DbrType.STRING, 0, 1))).toEqual(['ai']);
    expect(dbGetView(rtyp, DbrType.DOUBLE, 0, 1)).toBeUndefined();
    expect(values(dbGetView(rtyp, DbrType.CHAR, 0, 128))).toEqual([97, 105, 0]);
  });

  it('serves a string field as its whole buffer, and cuts a DBR_CHAR read at its NUL or the count', () => {
    const asString = dbGetView(desc, DbrType.STRING, 0, 41)!;
    expect(asString.count).toBe(41);
    expect(values(asString).slice(10)).toEqual([101, ...Array(30).fill(0)]);
    expect(dbGetView(desc, DbrType.CHAR, 0, 41)!.count).toBe(12);
    // caget -# 3: "he" and a NUL; camonitor -# 4: "hel" and a NUL.
    expect(values(dbGetView(desc, DbrType.CHAR, 3, 41))).toEqual([104, 101, 0]);
    expect(values(dbGetView(desc, DbrType.TIME_CHAR, 4, 41))).toEqual([104, 101, 108, 0]);
    expect(dbGetView(desc, DbrType.CHAR, 60, 41)!.count).toBe(60);
  });
});
