/**
 * Event names as eventNameToHandle (dbScan.c) reads them. Seen against softIoc 7.0.8.1: records
 * with SCAN Event and EVNT "3.7", "0.5", "255.9", "1e1", "0", " 7 ", "7abc", an event record
 * posting 3, 3.7, 0.5, 0, 255, 10, 7 and 7abc, and `postEvent 3.2`, `0.7`, `255.5` at the
 * shell: "3.7" is event 3 (both ways), "255.9" and "255.5" are 255, "1e1" is 10, " 7 " is 7,
 * "0", "0.5" and "0.7" are no event at all, "7abc" is a name of its own.
 */
import { describe, expect, it } from 'vitest';
import { RecordDatabase, instantiateDb } from '../../../src/records/index.js';
import { parseDb } from '../../../src/records/db-file/parse.js';
import { normaliseEventName } from '../../../src/records/scan/scanner.js';

describe('event names (eventNameToHandle)', () => {
  it('reads a number from 0 up to 256 as its integer part, and one below 1 as no event', () => {
    const cases: [string, string][] = [
      ['3.7', '3'], ['3', '3'], ['5.0', '5'], ['255.9', '255'], ['1e1', '10'], [' 7 ', '7'], ['0x10', '16'],
      ['0', ''], ['0.5', ''], ['', ''], ['   ', ''],
      ['7abc', '7abc'], ['256', '256'], ['-1', '-1'], ['go', 'go'], [' go ', 'go'],
    ];
    for (const [name, event] of cases) expect([name, normaliseEventName(name)]).toEqual([name, event]);
  });

  it('processes the records softIoc processes for each event posted', () => {
    const db = new RecordDatabase();
    const evnt = { a: '3.7', b: '0.5', c: '255.9', d: '1e1', e: '0', f: ' 7 ', g: '7abc' };
    instantiateDb(db, parseDb(Object.entries(evnt).map(([k, v]) => `record(calc, "E:${k}") { field(SCAN, "Event") field(EVNT, "${v}") field(CALC, "VAL+1") }\n`).join(''), { file: 'ev.db' }));
    try {
      const counts = (): number[] => Object.keys(evnt).map((k) => db.get(`E:${k}`)!.num('VAL'));
      for (const e of ['3', '3.7', '0.5', '0', '255', '10', '7', '7abc', '3.2', '0.7', '255.5']) db.postEvent(e);
      expect(counts()).toEqual([3, 0, 2, 1, 0, 1, 1]);
    } finally {
      db.close();
    }
  });
});
