import { DcsProtocolError } from '../errors.js';
import { DCS2_HEADER_SIZE, DEFAULT_MAX_BINARY_LENGTH, DEFAULT_MAX_TEXT_LENGTH } from './constants.js';
import { decodeText, encodeText } from './text.js';

/**
 * The DCS2 header layouts seen in the field (dcs-protocol.md §1.3). Only `xos` is
 * canonical; the others exist so tests and simulators can speak like each writer.
 *
 * - `xos`: DCSS and the C DHSs. `%12d %12d ` and the text's NUL is sent and counted.
 * - `dcs-message-handler`: the C++ framework the RobotDHS uses. `%12d %12d` then NUL.
 * - `mx`: MX's Blu-ICE driver. `%12d%13d` then NUL.
 * - `pydhsfw`: `%12d%13d ` and the text is followed by " \0", both counted.
 * - `pydcss`: the xos layout, but the length omits the NUL and no NUL is sent.
 */
export type Dcs2HeaderStyle = 'xos' | 'dcs-message-handler' | 'mx' | 'pydhsfw' | 'pydcss';

export const DCS2_HEADER_STYLES: readonly Dcs2HeaderStyle[] = ['xos', 'dcs-message-handler', 'mx', 'pydhsfw', 'pydcss'];

export interface Dcs2Header {
  /** Bytes of the text section that follow the header. */
  textLength: number;
  /** Bytes of the binary section that follow the text section. */
  binaryLength: number;
}

export interface Dcs2Limits {
  maxTextLength?: number;
  maxBinaryLength?: number;
}

export interface Dcs2EncodeOptions {
  /** Header layout; default `xos`, the one every reader accepts. */
  style?: Dcs2HeaderStyle;
  /** Binary section; DCSS ignores binary from a DHS, so this is for completeness. */
  binary?: Uint8Array;
}

const pad = (value: number, width: number): string => String(value).padStart(width, ' ');

/** Build the text section and the 26 header bytes for one writer style. */
function layout(text: Buffer, binaryLength: number, style: Dcs2HeaderStyle): { header: string; body: Buffer } {
  const nul = Buffer.from([0]);
  switch (style) {
    case 'xos': {
      const body = Buffer.concat([text, nul]);
      return { header: `${pad(body.length, 12)} ${pad(binaryLength, 12)} `, body };
    }
    case 'dcs-message-handler': {
      const body = Buffer.concat([text, nul]);
      return { header: `${pad(body.length, 12)} ${pad(binaryLength, 12)}\0`, body };
    }
    case 'mx': {
      const body = Buffer.concat([text, nul]);
      return { header: `${pad(body.length, 12)}${pad(binaryLength, 13)}\0`, body };
    }
    case 'pydhsfw': {
      const body = Buffer.concat([text, Buffer.from(' \0', 'latin1')]);
      return { header: `${pad(body.length, 12)}${pad(binaryLength, 13)} `, body };
    }
    case 'pydcss':
      return { header: `${pad(text.length, 12)} ${pad(binaryLength, 12)} `, body: text };
  }
}

/** Encode one DCS2 message (header, text section, binary section). */
export function encodeDcs2(text: string, options: Dcs2EncodeOptions = {}): Buffer {
  const binary = options.binary ?? new Uint8Array(0);
  const { header, body } = layout(encodeText(text), binary.length, options.style ?? 'xos');
  const headerBytes = Buffer.from(header, 'latin1');
  if (headerBytes.length !== DCS2_HEADER_SIZE) {
    throw new RangeError(`message too long for a DCS2 header (${body.length} text bytes)`);
  }
  return Buffer.concat([headerBytes, body, binary]);
}

// Two unsigned decimal integers, NULs already turned into spaces; nothing else but spaces.
const HEADER_PATTERN = /^[\t\n\v\f\r ]*(\d+)[\t\n\v\f\r ]+(\d+)[\t\n\v\f\r ]*$/;

/**
 * Parse a 26-byte DCS2 header in any of the writer layouts: NUL counts as whitespace,
 * and the first two integers are the text and binary lengths. Anything else, or a length
 * above the limits, throws a DcsProtocolError before a single body byte is buffered.
 */
export function parseDcs2Header(header: Uint8Array, limits: Dcs2Limits = {}): Dcs2Header {
  if (header.length !== DCS2_HEADER_SIZE) {
    throw new RangeError(`a DCS2 header is ${DCS2_HEADER_SIZE} bytes, got ${header.length}`);
  }
  const text = Buffer.from(header.buffer, header.byteOffset, header.byteLength).toString('latin1').replace(/\0/g, ' ');
  const match = HEADER_PATTERN.exec(text);
  if (!match) {
    throw new DcsProtocolError('bad-header', `DCS2 header does not parse: ${JSON.stringify(text)}`);
  }
  const textLength = Number(match[1]);
  const binaryLength = Number(match[2]);
  const maxText = limits.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  const maxBinary = limits.maxBinaryLength ?? DEFAULT_MAX_BINARY_LENGTH;
  if (textLength > maxText) {
    throw new DcsProtocolError('too-long', `DCS2 text length ${match[1]} exceeds the maximum of ${maxText} bytes`);
  }
  if (binaryLength > maxBinary) {
    throw new DcsProtocolError('too-long', `DCS2 binary length ${match[2]} exceeds the maximum of ${maxBinary} bytes`);
  }
  return { textLength, binaryLength };
}

/** The text of a DCS2 text section: before the first NUL, trimmed. */
export function decodeDcs2Text(section: Uint8Array): string {
  return decodeText(section);
}
