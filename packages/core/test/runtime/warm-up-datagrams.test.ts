/**
 * The warm-up's name searches go through real UDP sockets on 127.0.0.1: each datagram reaches
 * the answering side as Node delivers one, and exchange() resolves once it is answered.
 */
import { describe, expect, it } from 'vitest';
import { WarmUpDatagrams } from '../../src/runtime/warm-up-datagrams.js';

describe('WarmUpDatagrams', () => {
  it('delivers each datagram, in order, as a Buffer; exchange() resolves whether it has replies or none', async () => {
    const seen: Buffer[] = [];
    const datagrams = await WarmUpDatagrams.open((d) => {
      seen.push(Buffer.from(d));
      return d[0] === 1 ? [Buffer.from('one'), Buffer.from('two'), Buffer.from('three')] : [];
    });
    try {
      await datagrams.exchange(Buffer.from([1, 2, 3]));
      await datagrams.exchange(Buffer.from([0]));
      expect(seen.map((d) => [...d])).toEqual([[1, 2, 3], [0]]);
      expect(seen.every((d) => Buffer.isBuffer(d))).toBe(true);
    } finally {
      datagrams.close();
    }
  });
});
