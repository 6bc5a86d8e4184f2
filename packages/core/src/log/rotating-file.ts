/**
 * A log file rotated by size, as DevIOC's `log_to_file` did with Python's RotatingFileHandler:
 * `ioc.log` always holds the newest lines, the older ones are `ioc.log.1` (newest) …
 * `ioc.log.N`; when the file would grow past `maxBytes` it is renamed to `.1` (the others move
 * up one, the oldest is deleted) and a new one is started. A single line longer than `maxBytes`
 * gets a file of its own.
 *
 * Writes are synchronous, like Python's handler: nothing is lost at a rotation, at exit or on a
 * crash. (winston's own File transport drops the lines written in a burst around a rotation,
 * winstonjs/winston#1655, and stops writing for good after a line longer than `maxsize`, #2354.)
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import winston from 'winston';

const MESSAGE = Symbol.for('message');

/** winston's Transport base class: typed as `winston.transport`, exported at run time as `Transport`. */
type TransportClass = new (options?: { format?: winston.Logform.Format }) => winston.transport;
const TransportBase = (winston as unknown as { Transport: TransportClass }).Transport;

export interface RotatingFileOptions {
  filename: string;
  /** Rotate before a write would take the file past this size. */
  maxBytes: number;
  /** Old files kept (`.1` … `.maxFiles`); 0 starts the file afresh instead of keeping any. */
  maxFiles: number;
  format?: winston.Logform.Format;
}

export class RotatingFileTransport extends TransportBase {
  private fd: number | undefined;
  private size = 0;
  private failed = false;

  /** Opens (appending to) the file, creating its directory; throws if it cannot. */
  constructor(private readonly file: RotatingFileOptions) {
    super(file.format === undefined ? {} : { format: file.format });
    mkdirSync(dirname(file.filename), { recursive: true });
    this.open();
  }

  private open(): void {
    this.fd = openSync(this.file.filename, 'a');
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    const { filename, maxFiles } = this.file;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (maxFiles > 0) {
      rmSync(`${filename}.${maxFiles}`, { force: true });
      for (let i = maxFiles - 1; i >= 1; i--) {
        if (existsSync(`${filename}.${i}`)) renameSync(`${filename}.${i}`, `${filename}.${i + 1}`);
      }
      renameSync(filename, `${filename}.1`);
    } else {
      rmSync(filename, { force: true });
    }
    this.open();
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    const line = `${String(info[MESSAGE] ?? info.message)}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > this.file.maxBytes) this.rotate();
      if (this.fd === undefined) this.open();
      writeSync(this.fd as number, line);
      this.size += bytes;
    } catch (err) {
      if (!this.failed) process.stderr.write(`devioc: cannot write the log file ${this.file.filename}: ${(err as Error).message}\n`);
      this.failed = true;
    }
    this.emit('logged', info);
    next();
  }

  override close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
