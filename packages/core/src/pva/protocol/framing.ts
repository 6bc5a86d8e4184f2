/**
 * pvAccess framing: the 8-byte header, control messages, and reassembly of segmented
 * application messages. Pure: bytes in, messages out; no sockets.
 */
import { PvaWriter } from './buffer.js';
import { PVA_HEADER_SIZE, PVA_MAGIC, PVA_VERSION, PvaFlag } from './constants.js';
import { PvaDecodeError } from './errors.js';

export interface PvaMessage {
  command: number;
  flags: number;
  /** From this message's own header (bit 7 of flags clear). */
  littleEndian: boolean;
  payload: Uint8Array;
}

export interface PvaControlMessage {
  control: true;
  command: number;
  /** The header's size field, which carries a control message's data. */
  value: number;
}

/** Splits a TCP byte stream into messages; `maxPayload` bounds what one message may buffer. */
export class PvaFrameReader {
  private pending: Uint8Array = new Uint8Array(0);
  private segments: Uint8Array[] = [];
  private segmentBytes = 0;
  private segmentCommand = -1;

  constructor(private readonly maxPayload = 64 * 1024 * 1024) {}

  /** Feeds bytes; returns the complete messages they finish. Throws PvaDecodeError on garbage. */
  push(chunk: Uint8Array): (PvaMessage | PvaControlMessage)[] {
    const data = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const out: (PvaMessage | PvaControlMessage)[] = [];
    let at = 0;
    while (data.length - at >= PVA_HEADER_SIZE) {
      if (data[at] !== PVA_MAGIC) throw new PvaDecodeError(`bad magic 0x${data[at]!.toString(16)}`);
      if (data[at + 1] === 0) throw new PvaDecodeError('protocol version 0');
      const flags = data[at + 2]!;
      const command = data[at + 3]!;
      const littleEndian = (flags & PvaFlag.BIG_ENDIAN) === 0;
      const view = new DataView(data.buffer, data.byteOffset + at + 4, 4);
      const size = view.getUint32(0, littleEndian);
      if (flags & PvaFlag.CONTROL) {
        out.push({ control: true, command, value: size });
        at += PVA_HEADER_SIZE;
        continue;
      }
      if (size > this.maxPayload || this.segmentBytes + size > this.maxPayload) {
        throw new PvaDecodeError(`message of ${size} bytes exceeds the limit of ${this.maxPayload}`);
      }
      if (data.length - at < PVA_HEADER_SIZE + size) break;
      const payload = data.slice(at + PVA_HEADER_SIZE, at + PVA_HEADER_SIZE + size);
      at += PVA_HEADER_SIZE + size;
      const seg = flags & PvaFlag.SEGMENT_MASK;
      if (seg === 0) {
        if (this.segmentCommand >= 0) throw new PvaDecodeError('unsegmented message inside a segmented one');
        out.push({ command, flags, littleEndian, payload });
      } else if (seg === PvaFlag.SEGMENT_FIRST) {
        if (this.segmentCommand >= 0) throw new PvaDecodeError('second first segment');
        this.segmentCommand = command;
        this.segments = [payload];
        this.segmentBytes = payload.length;
      } else {
        if (this.segmentCommand !== command) throw new PvaDecodeError('segment of another command');
        this.segments.push(payload);
        this.segmentBytes += payload.length;
        if (seg === PvaFlag.SEGMENT_LAST) {
          const whole = concat(...this.segments);
          out.push({ command, flags: flags & ~PvaFlag.SEGMENT_MASK, littleEndian, payload: whole });
          this.segments = [];
          this.segmentBytes = 0;
          this.segmentCommand = -1;
        }
      }
    }
    this.pending = at === data.length ? new Uint8Array(0) : data.slice(at);
    return out;
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Starts an application message: writes its header with a size patched by `endMessage`. */
export function beginMessage(w: PvaWriter, command: number, fromServer: boolean): number {
  const start = w.offset;
  w.u8(PVA_MAGIC).u8(PVA_VERSION);
  w.u8((fromServer ? PvaFlag.SERVER : 0) | (w.littleEndian ? 0 : PvaFlag.BIG_ENDIAN));
  w.u8(command);
  w.u32(0);
  return start;
}

export function endMessage(w: PvaWriter, start: number): void {
  w.patchU32(start + 4, w.offset - start - PVA_HEADER_SIZE);
}

/** A control message (8 bytes): SET_BYTE_ORDER, markers. */
export function writeControl(w: PvaWriter, command: number, value: number, fromServer: boolean): void {
  w.u8(PVA_MAGIC).u8(PVA_VERSION);
  w.u8(PvaFlag.CONTROL | (fromServer ? PvaFlag.SERVER : 0) | (w.littleEndian ? 0 : PvaFlag.BIG_ENDIAN));
  w.u8(command);
  w.u32(value);
}
