import { describe, expect, it } from 'vitest';
import {
  DCS2_HEADER_STYLES,
  DcsProtocolError,
  decodeDcs1,
  detectFraming,
  encodeDcs1,
  encodeDcs2,
  FrameDecoder,
  parseDcs2Header,
} from '../src/index.js';

const text = 'htos_note hi'; // 12 bytes
const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('DCS1', () => {
  it('is the text, a NUL and NUL padding to 200 bytes', () => {
    const frame = encodeDcs1('stoc_send_client_type');
    expect(frame.length).toBe(200);
    expect(frame.subarray(0, 21).toString('latin1')).toBe('stoc_send_client_type');
    expect([...frame.subarray(21)].every((b) => b === 0)).toBe(true);
  });

  it('truncates long texts and keeps a terminator', () => {
    const frame = encodeDcs1('x'.repeat(300));
    expect(frame.length).toBe(200);
    expect(frame[199]).toBe(0);
    expect(decodeDcs1(frame)).toBe('x'.repeat(199));
  });

  it('reads every padding seen in the field', () => {
    const reply = 'htos_client_is_hardware robot';
    const nul = encodeDcs1(reply);
    const trailingSpaces = bytes(reply.padEnd(200, ' '));
    const leadingSpaces = bytes(reply.padStart(200, ' ')); // pydcss's right-justified quirk
    const noTerminator = bytes('y'.repeat(200));
    expect(decodeDcs1(nul)).toBe(reply);
    expect(decodeDcs1(trailingSpaces)).toBe(reply);
    expect(decodeDcs1(leadingSpaces)).toBe(reply);
    expect(decodeDcs1(noTerminator)).toBe('y'.repeat(200));
  });
});

describe('DCS2 writers, byte for byte', () => {
  const n = (value: number, width: number) => String(value).padStart(width, ' ');
  const expected: Record<string, string> = {
    // %12d %12d + space; text length counts the NUL
    xos: `${n(13, 12)} ${n(0, 12)} htos_note hi\0`,
    // same, header ends with NUL (the RobotDHS's DcsMessageHandler)
    'dcs-message-handler': `${n(13, 12)} ${n(0, 12)}\0htos_note hi\0`,
    // %12lu%13lu then NUL
    mx: `${n(13, 12)}${n(0, 13)}\0htos_note hi\0`,
    // %12d%13d + space; " \0" appended to the text and counted
    pydhsfw: `${n(14, 12)}${n(0, 13)} htos_note hi \0`,
    // xos layout, length of the text only, no NUL sent
    pydcss: `${n(12, 12)} ${n(0, 12)} htos_note hi`,
  };

  it('the literal xos header', () => {
    expect(encodeDcs2(text).subarray(0, 26).toString('latin1')).toBe('          13            0 ');
  });

  for (const style of DCS2_HEADER_STYLES) {
    it(`${style}`, () => {
      const frame = encodeDcs2(text, { style });
      expect(frame.toString('latin1')).toBe(expected[style]);
      expect(frame.subarray(0, 26).length).toBe(26);
    });

    it(`${style} is read back by the tolerant reader`, () => {
      const decoder = new FrameDecoder({ framing: 'dcs2' });
      const frames = decoder.decode(encodeDcs2(text, { style }));
      expect(frames.map((f) => f.text)).toEqual([text]);
      expect(decoder.buffered).toBe(0);
    });
  }

  it('the canonical form is xos (no NUL in the header, so pydcss can read it)', () => {
    expect(encodeDcs2(text)).toEqual(encodeDcs2(text, { style: 'xos' }));
    expect(encodeDcs2(text).subarray(0, 26).includes(0)).toBe(false);
  });

  it('carries a binary section', () => {
    const frame = encodeDcs2('stog_x', { binary: Buffer.from([1, 2, 3]) });
    const [decoded] = new FrameDecoder().decode(frame);
    expect(decoded?.text).toBe('stog_x');
    expect([...(decoded?.binary ?? [])]).toEqual([1, 2, 3]);
  });
});

describe('DCS2 header parsing', () => {
  it('accepts the spec variants, NUL as whitespace', () => {
    expect(parseDcs2Header(bytes('          13            0 '))).toEqual({ textLength: 13, binaryLength: 0 });
    expect(parseDcs2Header(bytes(`${'13'.padStart(12)}${'0'.padStart(13)}\0`))).toEqual({ textLength: 13, binaryLength: 0 });
    expect(parseDcs2Header(bytes('13 0'.padEnd(26, '\0')))).toEqual({ textLength: 13, binaryLength: 0 });
  });

  it('rejects a header that does not parse', () => {
    for (const bad of ['GARBAGE GARBAGE GARBAGE!!!', '          -1            0 ', '          13', '12 0 extra'.padEnd(26)]) {
      expect(() => parseDcs2Header(bytes(bad.padEnd(26, ' ').slice(0, 26)))).toThrow(DcsProtocolError);
    }
  });

  it('rejects lengths above the limit', () => {
    const header = bytes('  5000000000            0 ');
    try {
      parseDcs2Header(header);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DcsProtocolError);
      expect((error as DcsProtocolError).code).toBe('too-long');
    }
    expect(() => parseDcs2Header(bytes('          10           11 '), { maxBinaryLength: 10 })).toThrow(/binary length/);
  });
});

describe('FrameDecoder', () => {
  it('fails on a lying header at once, without waiting for (or buffering) the body', () => {
    const decoder = new FrameDecoder({ maxTextLength: 1000 });
    decoder.push(bytes('        1001            0 '));
    expect(() => decoder.next()).toThrow(/exceeds the maximum/);
    // The error is final: the stream cannot be re-synchronised.
    expect(() => decoder.push(bytes('x'))).toThrow(/exceeds the maximum/);
  });

  it('reports a peer that closes mid-message', () => {
    const decoder = new FrameDecoder();
    const frame = encodeDcs2(text);
    expect(decoder.decode(frame.subarray(0, 30))).toEqual([]);
    expect(() => decoder.end()).toThrow(expect.objectContaining({ code: 'truncated' }));
  });

  it('ends cleanly between messages', () => {
    const decoder = new FrameDecoder();
    decoder.decode(encodeDcs2(text));
    expect(() => decoder.end()).not.toThrow();
  });

  it('switches framing between two messages of the same chunk (handshake, then DCS2)', () => {
    const decoder = new FrameDecoder({ framing: 'dcs1' });
    decoder.push(Buffer.concat([encodeDcs1('htos_client_is_hardware robot'), encodeDcs2('htos_note a'), encodeDcs2('htos_note b')]));
    expect(decoder.next()?.text).toBe('htos_client_is_hardware robot');
    decoder.setFraming('dcs2');
    expect(decoder.next()?.text).toBe('htos_note a');
    expect(decoder.next()?.text).toBe('htos_note b');
    expect(decoder.next()).toBeUndefined();
  });

  it('detects DCS2 or DCS1 in auto mode and sticks to it', () => {
    const two = new FrameDecoder({ framing: 'auto' });
    expect(two.decode(encodeDcs2('htos_note a', { style: 'mx' }))[0]?.framing).toBe('dcs2');
    expect(two.framing).toBe('dcs2');
    const one = new FrameDecoder({ framing: 'auto' });
    expect(one.decode(Buffer.concat([encodeDcs1('htos_note a'), encodeDcs1('htos_note b')])).map((f) => f.text)).toEqual([
      'htos_note a',
      'htos_note b',
    ]);
    expect(one.framing).toBe('dcs1');
  });

  it('waits for 26 bytes before detecting', () => {
    expect(detectFraming(bytes('   12'))).toBeUndefined();
    expect(detectFraming(encodeDcs2('x'))).toBe('dcs2');
    expect(detectFraming(encodeDcs1('htos_note x'))).toBe('dcs1');
  });
});
