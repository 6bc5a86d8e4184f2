import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dcs2HeaderStyle, Frame } from '../src/index.js';
import { DCS2_HEADER_STYLES, DcsProtocolError, encodeDcs1, encodeDcs2, FrameDecoder } from '../src/index.js';

/** Texts as they come out of a decoder: no NUL, no whitespace at either end. */
const messageText = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_ {}:0123456789.\t'.split('')), maxLength: 300 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

/** Split a buffer at the given (sorted, deduplicated) cut points. */
function rechunk(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

function decodeChunks(chunks: Buffer[], framing: 'dcs1' | 'dcs2' | 'auto'): Frame[] {
  const decoder = new FrameDecoder({ framing });
  const frames = chunks.flatMap((chunk) => decoder.decode(chunk));
  decoder.end(); // nothing may be left over
  return frames;
}

describe('the splitter yields the same messages whatever the chunking', () => {
  it('DCS2, every writer style mixed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(messageText, fc.constantFrom<Dcs2HeaderStyle>(...DCS2_HEADER_STYLES)), { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map(([text, style]) => encodeDcs2(text, { style })));
          const frames = decodeChunks(rechunk(stream, cuts), 'dcs2');
          expect(frames.map((f) => f.text)).toEqual(messages.map(([text]) => text));
        },
      ),
    );
  });

  it('DCS1', () => {
    fc.assert(
      fc.property(fc.array(messageText.map((t) => t.slice(0, 199).trim()).filter((t) => t !== ''), { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 40 }), (texts, cuts) => {
        const stream = Buffer.concat(texts.map((t) => encodeDcs1(t)));
        expect(decodeChunks(rechunk(stream, cuts), 'dcs1').map((f) => f.text)).toEqual(texts);
      }),
    );
  });

  it('auto-detection gives the same answer as the right explicit framing', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(messageText.map((t) => `htos_${t}`.slice(0, 150)), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (dcs2, texts, cuts) => {
        const stream = Buffer.concat(texts.map((t) => (dcs2 ? encodeDcs2(t) : encodeDcs1(t))));
        const frames = decodeChunks(rechunk(stream, cuts), 'auto');
        expect(frames.map((f) => f.text)).toEqual(texts.map((t) => t.trim()));
        expect(new Set(frames.map((f) => f.framing))).toEqual(new Set([dcs2 ? 'dcs2' : 'dcs1']));
      }),
    );
  });

  it('one byte at a time is the same as all at once', () => {
    fc.assert(
      fc.property(fc.array(messageText, { minLength: 1, maxLength: 5 }), (texts) => {
        const stream = Buffer.concat(texts.map((t) => encodeDcs2(t)));
        const bytewise = [...stream].map((b) => Buffer.from([b]));
        expect(decodeChunks(bytewise, 'dcs2')).toEqual(decodeChunks([stream], 'dcs2'));
      }),
      { numRuns: 50 },
    );
  });
});

describe('garbage never crashes the splitter', () => {
  it('random bytes give messages or a DcsProtocolError, never anything else, and never buffer past the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 10 }), (garbage, cuts) => {
        const decoder = new FrameDecoder({ framing: 'dcs2', maxTextLength: 4096, maxBinaryLength: 4096 });
        try {
          for (const chunk of rechunk(Buffer.from(garbage), cuts)) decoder.decode(chunk);
          decoder.end();
        } catch (error) {
          expect(error).toBeInstanceOf(DcsProtocolError);
        }
        expect(decoder.buffered).toBeLessThanOrEqual(26 + 4096 + 4096);
      }),
    );
  });
});
