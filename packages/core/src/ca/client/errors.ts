/**
 * Errors of the CA client. Every failure a caller can see is one of these, so that code can tell
 * "not found" (a timeout while searching), "the server went away" and "the server said no" apart.
 */
import { Eca } from '../protocol/eca.js';
import { caMessage } from './ca-message.js';

/** Base class of every CA client error; `pv` names the channel when there is one. */
export class CaError extends Error {
  override name = 'CaError';
  constructor(
    message: string,
    readonly pv?: string,
  ) {
    super(message);
  }
}

/** An operation (connect, get, put) did not complete within its timeout. */
export class CaTimeoutError extends CaError {
  override name = 'CaTimeoutError';
  constructor(
    message: string,
    pv: string | undefined,
    readonly timeoutMs: number,
    /** What was still missing: the channel never connected, or the reply never came. */
    readonly phase: 'connect' | 'reply',
  ) {
    super(message, pv);
  }
}

/** The channel or its circuit went away while an operation was in flight, or the client was closed. */
export class CaDisconnectedError extends CaError {
  override name = 'CaDisconnectedError';
}

/** The server (or libca-equivalent checks in this client) refused an operation with an ECA status. */
export class CaStatusError extends CaError {
  override name = 'CaStatusError';
  readonly ecaMessage: string;
  constructor(
    readonly eca: number,
    pv: string | undefined,
    detail?: string,
  ) {
    const text = caMessage(eca);
    super(`${pv !== undefined ? `${pv}: ` : ''}${text}${detail ? ` (${detail})` : ''}`, pv);
    this.ecaMessage = text;
  }
}

/** Read or write access denied (ECA_NORDACCESS, ECA_NOWTACCESS). */
export class CaAccessError extends CaStatusError {
  override name = 'CaAccessError';
}

/** The right error class for a failed status. */
export const statusError = (eca: number, pv: string | undefined, detail?: string): CaStatusError =>
  eca === Eca.NORDACCESS || eca === Eca.NOWTACCESS ? new CaAccessError(eca, pv, detail) : new CaStatusError(eca, pv, detail);
