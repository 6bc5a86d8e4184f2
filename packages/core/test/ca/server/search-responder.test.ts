import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { SearchReply } from '../../../src/ca/protocol/constants.js';
import { writeSearchRequest, writeSearchRequestVersion } from '../../../src/ca/protocol/messages.js';
import { answerSearchDatagram } from '../../../src/ca/server/search-responder.js';

const request = (names: string[], seq: number, cid0 = 1): Buffer => {
  const w = new ByteWriter();
  writeSearchRequestVersion(w, seq);
  names.forEach((n, i) => writeSearchRequest(w, n, cid0 + i, SearchReply.DONT_REPLY));
  return w.take();
};

describe('UDP search responder', () => {
  it('answers a hit byte for byte as rsrv does (spec appendix B)', () => {
    const replies = answerSearchDatagram(request(['HIT'], 0xabcd, 77), { has: (n) => n === 'HIT' }, 15064);
    expect(replies).toHaveLength(1);
    expect(replies[0].toString('hex')).toBe(
      '00000000000' + '1000d0000abcd00000000' + '00060008' + '3ad80000ffffffff0000004d' + '000d000000000000',
    );
  });

  it('never answers a miss over UDP, even with DO_REPLY', () => {
    const w = new ByteWriter();
    writeSearchRequestVersion(w, 1);
    w.stringMessage(6, 'NOPE', SearchReply.DO_REPLY, 13, 5, 5);
    expect(answerSearchDatagram(w.take(), { has: () => false }, 5064)).toEqual([]);
  });

  it('answers only the names it has among many, splitting replies into datagrams <= 1472 bytes', () => {
    const names = Array.from({ length: 100 }, (_, i) => `PV${i}`);
    const replies = answerSearchDatagram(request(names, 9), { has: (n) => Number(n.slice(2)) % 2 === 0 }, 5064);
    const hits = replies.reduce((sum, d) => sum + (d.length - 16) / 24, 0);
    expect(hits).toBe(50);
    for (const d of replies) {
      expect(d.length).toBeLessThanOrEqual(1472);
      expect(d.readUInt32BE(8)).toBe(9);
    }
  });

  it('ignores garbage and truncated datagrams without throwing', () => {
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.from(Array.from({ length: (i * 7) % 90 }, (_, j) => (i * 31 + j * 17) & 255));
      expect(() => answerSearchDatagram(junk, { has: () => true }, 5064)).not.toThrow();
    }
  });
});
