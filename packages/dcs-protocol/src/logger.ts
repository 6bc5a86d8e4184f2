/** Where the package reports what happens on the wire; pass your own, or get silence. */
export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

const nothing = (): void => {};

/** The default: a library should not write to the console unless asked to. */
export const silentLogger: Logger = { debug: nothing, info: nothing, warn: nothing, error: nothing };
