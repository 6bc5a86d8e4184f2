/** Sanity check that million-element arrays go through the codec (no timing assertion). */
import { describe, expect, it } from 'vitest';
import {
  DbrType, NativeType, dbrPayloadSize, decodeDbr, emptyMetadata, encodeDbr,
} from '../../../src/ca/protocol/dbr/index.js';
import type { PvSnapshot } from '../../../src/ca/protocol/dbr/index.js';
import { Eca } from '../../../src/ca/protocol/eca.js';

const N = 1_000_000;

describe('a 1e6-element DOUBLE waveform', () => {
  const value = new Float64Array(N);
  for (let i = 0; i < N; i++) value[i] = i * 0.5 - 1000;
  const snap: PvSnapshot = {
    nativeType: NativeType.DOUBLE, value, alarm: { status: 0, severity: 0 }, timestamp: { secPastEpoch: 1, nsec: 2 }, meta: emptyMetadata(),
  };

  it('encodes and decodes as TIME_DOUBLE', () => {
    const out = Buffer.alloc(dbrPayloadSize(DbrType.TIME_DOUBLE, N));
    const t0 = performance.now();
    expect(encodeDbr(out, 0, DbrType.TIME_DOUBLE, snap, N)).toBe(Eca.NORMAL);
    const t1 = performance.now();
    expect(out.readDoubleBE(16)).toBe(-1000);
    expect(out.readDoubleBE(16 + 8 * (N - 1))).toBe((N - 1) * 0.5 - 1000);
    const d = decodeDbr(DbrType.TIME_DOUBLE, out, N);
    const t2 = performance.now();
    expect((d.value as Float64Array)[N - 1]).toBe(value[N - 1]);
    expect((d.value as Float64Array)[12345]).toBe(value[12345]);
    console.info(`1e6 doubles: encode ${(t1 - t0).toFixed(1)} ms, decode ${(t2 - t1).toFixed(1)} ms`);
  });

  it('converts to LONG and FLOAT', () => {
    const out = Buffer.alloc(dbrPayloadSize(DbrType.LONG, N));
    expect(encodeDbr(out, 0, DbrType.LONG, snap, N)).toBe(Eca.NORMAL);
    expect(out.readInt32BE(4 * 3)).toBe(-998);
    const f = Buffer.alloc(dbrPayloadSize(DbrType.FLOAT, N));
    expect(encodeDbr(f, 0, DbrType.FLOAT, snap, N)).toBe(Eca.NORMAL);
    expect(f.readFloatBE(4 * (N - 1))).toBe(Math.fround((N - 1) * 0.5 - 1000));
  });
});
