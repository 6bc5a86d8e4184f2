import { putU16, putU32 } from './bytes.js';
import { EXTENDED_HEADER_SIZE, HEADER_SIZE } from './constants.js';

/** A decoded CA message header; sizes are the real ones even for the extended form. */
export interface CaHeader {
  command: number;
  payloadSize: number;
  dataType: number;
  dataCount: number;
  parameter1: number;
  parameter2: number;
}

/** Payloads are padded to a multiple of 8 bytes. */
export const padTo8 = (n: number): number => (n + 7) & ~7;

/**
 * rsrv switches to the extended header when the padded payload or the element count does not
 * fit 16 bits, even for an empty payload (CREATE_CHAN of a 1M-element waveform).
 */
export const needsExtendedHeader = (payloadSize: number, dataCount: number): boolean =>
  payloadSize >= 0xffff || dataCount >= 0xffff;

export const headerSizeFor = (payloadSize: number, dataCount: number): number =>
  needsExtendedHeader(payloadSize, dataCount) ? EXTENDED_HEADER_SIZE : HEADER_SIZE;

const isU16 = (v: number): boolean => v >= 0 && v <= 0xffff;
const isU32 = (v: number): boolean => v >= 0 && v <= 0xffffffff;

/**
 * Writes a header at `offset` and returns its size (16 or 24). `payloadSize` must already be
 * padded. The caller guarantees room.
 */
export function writeHeader(
  buf: Buffer,
  offset: number,
  command: number,
  payloadSize: number,
  dataType: number,
  dataCount: number,
  parameter1: number,
  parameter2: number,
): number {
  const extended = needsExtendedHeader(payloadSize, dataCount);
  const size = extended ? EXTENDED_HEADER_SIZE : HEADER_SIZE;
  // Every message goes through here: with the room and the field values checked once, plain
  // byte stores (bytes.ts). Anything out of range takes the Buffer methods and their errors.
  const valid = Number.isInteger(offset) && offset >= 0 && offset + size <= buf.length && isU16(command) && isU16(dataType)
    && (extended ? isU32(payloadSize) && isU32(dataCount) : payloadSize >= 0 && dataCount >= 0);
  if (!valid) return writeHeaderChecked(buf, offset, command, payloadSize, dataType, dataCount, parameter1, parameter2);
  putU16(buf, offset, command);
  putU16(buf, offset + 4, dataType);
  putU32(buf, offset + 8, parameter1 >>> 0);
  putU32(buf, offset + 12, parameter2 >>> 0);
  if (extended) {
    putU16(buf, offset + 2, 0xffff);
    putU16(buf, offset + 6, 0);
    putU32(buf, offset + 16, payloadSize);
    putU32(buf, offset + 20, dataCount);
    return EXTENDED_HEADER_SIZE;
  }
  putU16(buf, offset + 2, payloadSize);
  putU16(buf, offset + 6, dataCount);
  return HEADER_SIZE;
}

/** writeHeader through the Buffer methods, which throw for a bad offset or value. */
function writeHeaderChecked(
  buf: Buffer,
  offset: number,
  command: number,
  payloadSize: number,
  dataType: number,
  dataCount: number,
  parameter1: number,
  parameter2: number,
): number {
  buf.writeUInt16BE(command, offset);
  buf.writeUInt16BE(dataType, offset + 4);
  buf.writeUInt32BE(parameter1 >>> 0, offset + 8);
  buf.writeUInt32BE(parameter2 >>> 0, offset + 12);
  if (needsExtendedHeader(payloadSize, dataCount)) {
    buf.writeUInt16BE(0xffff, offset + 2);
    buf.writeUInt16BE(0, offset + 6);
    buf.writeUInt32BE(payloadSize, offset + 16);
    buf.writeUInt32BE(dataCount, offset + 20);
    return EXTENDED_HEADER_SIZE;
  }
  buf.writeUInt16BE(payloadSize, offset + 2);
  buf.writeUInt16BE(dataCount, offset + 6);
  return HEADER_SIZE;
}
