/** Where the PVs a browser asks for come from: the IOC's own records, or Channel Access. */
import type { WebValue } from './web-value.js';

/** One PV as pvws sees it upstream, opened once and shared by every browser that watches it. */
export interface UpstreamPv {
  /** Starts delivering values (the current one first, when known). */
  start(listener: (value: WebValue) => void): void;
  /** Writes a browser's value: a JSON number as a double, an array of numbers as doubles, anything else as text. */
  write(value: WebWriteValue): Promise<void>;
  close(): void;
}

export interface PvSource {
  /** The PV called `name` (protocol prefix already removed), or undefined when not served here. */
  open(name: string): UpstreamPv | undefined;
}

/**
 * What a browser may write: pvws's number or text, and (a devioc extension: pvws writes an
 * array's text, which no record takes) an array of numbers, for waveforms such as a LUT table.
 */
export type WebWriteValue = number | string | readonly number[];

export class WebWriteError extends Error {
  override name = 'WebWriteError';
}

/** Removes a `ca://` prefix (pvws accepts `ca://`, `pva://`, `sim://`, `loc://`). */
export function stripProtocol(name: string): { protocol: string; name: string } {
  const m = /^([a-z]+):\/\/(.*)$/.exec(name);
  return m === null ? { protocol: 'ca', name } : { protocol: m[1]!, name: m[2]! };
}
