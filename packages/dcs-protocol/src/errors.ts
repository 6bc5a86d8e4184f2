/**
 * Why a DCS byte stream or conversation was given up on. Every failure that closes a
 * connection carries one of these codes, so callers and logs can tell them apart.
 */
export type DcsErrorCode =
  /** A DCS2 header that is not two unsigned decimal integers. */
  | 'bad-header'
  /** A header announcing more bytes than the configured maximum. */
  | 'too-long'
  /** The peer closed with part of a message still buffered. */
  | 'truncated'
  /** The handshake did not go as the protocol requires. */
  | 'handshake';

export class DcsProtocolError extends Error {
  readonly code: DcsErrorCode;

  constructor(code: DcsErrorCode, message: string) {
    super(message);
    this.name = 'DcsProtocolError';
    this.code = code;
  }
}
