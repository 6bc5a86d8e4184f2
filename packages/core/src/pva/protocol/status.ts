/** The pvAccess Status: 0xFF for OK, else a code, a message and a stack trace. */
import type { PvaReader, PvaWriter } from './buffer.js';
import { PvaStatusCode } from './constants.js';

export interface PvaStatus {
  code: number;
  message: string;
  trace?: string;
}

export const STATUS_OK: PvaStatus = { code: PvaStatusCode.OK, message: '' };

export const statusError = (message: string): PvaStatus => ({ code: PvaStatusCode.ERROR, message });

export function writeStatus(w: PvaWriter, s: PvaStatus): void {
  if (s.code === PvaStatusCode.OK && s.message === '' && !s.trace) {
    w.u8(0xff);
    return;
  }
  w.u8(s.code);
  w.string(s.message);
  w.string(s.trace ?? '');
}

export function readStatus(r: PvaReader): PvaStatus {
  const code = r.u8();
  if (code === 0xff) return STATUS_OK;
  return { code, message: r.string(), trace: r.string() };
}

export const isSuccess = (s: PvaStatus): boolean => s.code === PvaStatusCode.OK || s.code === PvaStatusCode.WARNING;
