/**
 * How the LUT's status board reaches the `status` and `message` records and the log, and the
 * cut of a text to what the message record holds.
 */
import type { Logger } from '@devioc/core';
import { type LutModel, MESSAGE_LENGTH } from '../model/lut-model.js';
import type { StatusView } from './status.js';

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Cuts a message to what the char waveform holds (bytes, with its NUL), marking the cut. */
export function fitMessage(text: string): string {
  if (Buffer.byteLength(text) < MESSAGE_LENGTH) return text;
  let cut = text;
  while (Buffer.byteLength(`${cut}…`) >= MESSAGE_LENGTH) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The StatusBoard's onChange: logs what happened, and shows the view once the records are served. */
export function showStatus(ioc: LutModel, log: Logger) {
  return (view: StatusView, cause: 'problem' | 'waiting' | 'clear' | 'info', text: string): void => {
    if (cause === 'problem') log.warn(text);
    else if (cause === 'info' || cause === 'waiting') log.info(text);
    if (!ioc.isStarted) return;
    const message = fitMessage(view.message);
    // The message first: a client that sees status change then reads message gets the right one.
    if (ioc.message.get() !== message) void ioc.message.put(message);
    if (ioc.status.get() !== view.status) void ioc.status.put(view.status);
  };
}
