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
