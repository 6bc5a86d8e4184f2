/**
 * devioc's logging: named loggers on one winston root, with DevIOC's IMPORTANT level between
 * info and warning; coloured on a terminal, plain when piped, optionally to a rotating file.
 */
import winston from 'winston';
import { RotatingFileTransport } from './rotating-file.js';

export const LOG_LEVELS = { error: 0, warn: 1, important: 2, info: 3, debug: 4 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;

export type LogMeta = Record<string, unknown>;

export interface Logger {
  error(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  important(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
  isDebugEnabled(): boolean;
  child(name: string): Logger;
}

export interface LoggingOptions {
  /** Lowest level written; default from DEVIOC_LOG_LEVEL, else "info". */
  level?: LogLevel;
  /** ANSI colours: auto (only when stderr is a terminal and NO_COLOR is not set), always or never. */
  color?: 'auto' | boolean;
  /**
   * Also write to this file (plain text, its directory created), rotated before it would pass
   * `maxFileBytes` (default 1 MB), keeping `maxFiles` old files `FILE.1` … (default 10), as
   * DevIOC's log_to_file. Throws if the file cannot be opened.
   */
  file?: string;
  maxFileBytes?: number;
  maxFiles?: number;
}

const COLOURS = { error: 'red', warn: 'yellow', important: 'bold', info: 'reset', debug: 'blue' };
winston.addColors(COLOURS);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
/** DevIOC's time format, `%b/%d %H:%M:%S`. */
const stamp = (d: Date): string =>
  `${MONTHS[d.getMonth()]}/${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;

const lineFormat = winston.format.printf((info) => {
  const { level, message, name, ...rest } = info as winston.Logform.TransformableInfo & { name?: string };
  const extra = Object.keys(rest).filter((k) => typeof k === 'string' && !k.startsWith('Symbol'));
  const metaText = extra.length > 0 ? ` ${JSON.stringify(Object.fromEntries(extra.map((k) => [k, rest[k]])))}` : '';
  const tag = name ? ` [${name}]` : '';
  return `${stamp(new Date())}${tag} ${level}: ${String(message)}${metaText}`;
});

const envLevel = (): LogLevel => {
  const v = process.env.DEVIOC_LOG_LEVEL?.toLowerCase();
  return v !== undefined && v in LOG_LEVELS ? (v as LogLevel) : 'info';
};

/** Colours by default only on a terminal, and never with NO_COLOR set (https://no-color.org). */
const autoColor = (): boolean => process.stderr.isTTY === true && !process.env.NO_COLOR;

/** Runs one console line's write; see wrapConsoleLines. */
export type ConsoleLineWrapper = (write: () => void) => void;

let consoleWrapper: ConsoleLineWrapper | undefined;

/**
 * Has every line the console transport writes from now on written through `wrapper` (none:
 * `undefined`). The interactive shell clears its prompt before a line that comes while it
 * waits for input, and draws it again after, with what was typed so far.
 */
export function wrapConsoleLines(wrapper: ConsoleLineWrapper | undefined): void {
  consoleWrapper = wrapper;
}

/** winston's console transport, each write passed through the console wrapper when there is one. */
class WrappableConsole extends winston.transports.Console {
  override log(info: unknown, next: () => void): void {
    const wrapper = consoleWrapper;
    if (wrapper === undefined) super.log!(info, next);
    else wrapper(() => super.log!(info, next));
  }
}

const consoleTransport = (color: boolean): winston.transport =>
  new WrappableConsole({
    stderrLevels: Object.keys(LOG_LEVELS),
    format: color ? winston.format.combine(winston.format.colorize(), lineFormat) : lineFormat,
  });

const root = winston.createLogger({
  levels: LOG_LEVELS,
  level: envLevel(),
  transports: [consoleTransport(autoColor())],
});

/** Reconfigures the root: level, colours and an optional rotating file. Safe to call again. */
export function configureLogging(options: LoggingOptions = {}): void {
  const color = options.color === undefined || options.color === 'auto' ? autoColor() : options.color;
  root.clear();
  root.level = options.level ?? envLevel();
  root.add(consoleTransport(color));
  if (options.file !== undefined) {
    root.add(
      new RotatingFileTransport({
        filename: options.file,
        maxBytes: options.maxFileBytes ?? 1_000_000,
        maxFiles: options.maxFiles ?? 10,
        format: lineFormat,
      }),
    );
  }
}

class NamedLogger implements Logger {
  constructor(private readonly name: string) {}
  private log(level: LogLevel, message: string, meta?: LogMeta): void {
    if (LOG_LEVELS[level] > LOG_LEVELS[root.level as LogLevel]) return;
    root.log({ level, message, name: this.name, ...meta });
  }
  error(message: string, meta?: LogMeta): void { this.log('error', message, meta); }
  warn(message: string, meta?: LogMeta): void { this.log('warn', message, meta); }
  important(message: string, meta?: LogMeta): void { this.log('important', message, meta); }
  info(message: string, meta?: LogMeta): void { this.log('info', message, meta); }
  debug(message: string, meta?: LogMeta): void { this.log('debug', message, meta); }
  isDebugEnabled(): boolean { return LOG_LEVELS[root.level as LogLevel] >= LOG_LEVELS.debug; }
  child(name: string): Logger { return new NamedLogger(`${this.name}.${name}`); }
}

/** A logger tagged with `name` (e.g. "ca.server"); cheap to create, filtered by the root level. */
export const getLogger = (name: string): Logger => new NamedLogger(name);
