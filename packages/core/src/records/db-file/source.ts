/**
 * The character stream the .db lexer reads, built the way dbLexRoutines.c feeds flex:
 *
 * - files are read line by line and each line is macro-expanded on its own (db_yyinput()
 *   calls macExpandString() per fgets() line), so a quote or an unfinished "$(" never carries
 *   over to the next line;
 * - an include pushes the new file on a stack; the rest of the current line, already in the
 *   lexer's buffer, is read first, then the included file, then the rest of the including file;
 * - line numbers count source lines, and the column is the position in the expanded line.
 */
import { describeMacroProblem, MacroError, MacroExpander, type MacroSource } from '../../macros/index.js';
import { DbParseError } from './errors.js';
import type { DbLocation, DbWarning } from './types.js';

interface OpenFile {
  readonly name: string;
  readonly text: string;
  /** Where the next line starts in `text`. */
  offset: number;
  /** The number of lines read. */
  line: number;
  /** The include statement that opened this file (undefined for the top file). */
  readonly includedAt: DbLocation | undefined;
}

interface Segment {
  /** Offset in the buffer where this line starts. */
  readonly start: number;
  readonly file: string;
  readonly line: number;
}

/**
 * The file's next line, keeping its '\n' (as fgets() returns it). Taken as it is read, not
 * split up front: a large file's lines would all stay alive, long enough to be promoted.
 */
function nextLine(file: OpenFile): string {
  const end = file.text.indexOf('\n', file.offset);
  const line = end < 0 ? file.text.slice(file.offset) : file.text.slice(file.offset, end + 1);
  file.offset = end < 0 ? file.text.length : end + 1;
  file.line++;
  return line;
}

/** How lines are macro-expanded; dbLoadRecords() always expands, even without macros. */
export interface LineExpansion {
  readonly macros: MacroSource;
  readonly undefinedMacros: 'error' | 'keep';
  readonly quiet: boolean;
}

export class DbSource {
  private readonly files: OpenFile[] = [];
  private buffer = '';
  private pos = 0;
  private segments: Segment[] = [];
  private lastLocation: DbLocation;
  private readonly expander: MacroExpander | null;

  /**
   * @param expansion how to expand each line (null: no macro processing at all)
   * @param onWarning receives the warnings of lenient macro expansion
   */
  constructor(file: string, text: string, expansion: LineExpansion | null, onWarning: (warning: DbWarning) => void) {
    this.files.push({ name: file, text, offset: 0, line: 0, includedAt: undefined });
    this.lastLocation = { file, line: 1, column: 1 };
    this.expander =
      expansion === null
        ? null
        : new MacroExpander(expansion.macros, {
            undefined: expansion.undefinedMacros,
            quiet: expansion.quiet,
            onWarning: (w) =>
              onWarning({
                message: describeMacroProblem(w),
                location: { file: this.lastLocation.file, line: this.lastLocation.line, column: w.column },
              }),
          });
  }

  /** The files being read, the current one first (for messages). */
  includeChain(): DbLocation[] {
    const chain: DbLocation[] = [];
    for (let i = this.files.length - 1; i >= 0; i--) {
      const at = this.files[i]!.includedAt;
      if (at !== undefined) chain.push(at);
    }
    return chain;
  }

  /** Names of the files currently open, outermost first. */
  openFiles(): string[] {
    return this.files.map((f) => f.name);
  }

  /** Starts reading `text` as file `name` once the current line's buffered rest is read. */
  pushFile(name: string, text: string, includedAt: DbLocation): void {
    this.files.push({ name, text, offset: 0, line: 0, includedAt });
  }

  /** The character `ahead` positions on, or undefined at the end of all input. */
  peek(ahead = 0): string | undefined {
    while (this.pos + ahead >= this.buffer.length) {
      if (!this.readLine()) return undefined;
    }
    return this.buffer[this.pos + ahead];
  }

  /**
   * How many characters from the next one on are in `table` (char codes below 128 marked 1),
   * reading further lines as peek() would.
   */
  runLength(table: Uint8Array): number {
    let end = this.pos;
    for (;;) {
      if (end >= this.buffer.length) {
        const at = end - this.pos;
        if (!this.readLine()) return at;
        end = this.pos + at;
        continue;
      }
      const code = this.buffer.charCodeAt(end);
      if (code >= 128 || table[code] !== 1) return end - this.pos;
      end++;
    }
  }

  /** Consumes spaces, tabs, carriage returns and newlines. */
  skipBlanks(): void {
    for (;;) {
      if (this.pos >= this.buffer.length && !this.readLine()) return;
      const code = this.buffer.charCodeAt(this.pos);
      if (code !== 0x20 && code !== 0x09 && code !== 0x0d && code !== 0x0a) return;
      this.pos++;
    }
  }

  /** Consumes `count` characters (which must have been peeked) and returns them. */
  take(count: number): string {
    const text = this.buffer.slice(this.pos, this.pos + count);
    this.pos += count;
    return text;
  }

  /** The location of the next character (or of the end of input). */
  location(): DbLocation {
    if (this.pos >= this.buffer.length && this.peek() === undefined) return this.lastLocation;
    let segment = this.segments[0]!;
    for (const s of this.segments) {
      if (s.start > this.pos) break;
      segment = s;
    }
    return { file: segment.file, line: segment.line, column: this.pos - segment.start + 1 };
  }

  /** Appends the next expanded line to the buffer; false at the end of all input. */
  private readLine(): boolean {
    if (this.pos >= this.buffer.length && this.buffer.length > 0) {
      // Everything buffered has been read: start afresh so the buffer stays one line long.
      this.buffer = '';
      this.pos = 0;
      this.segments = [];
    }
    for (;;) {
      const file = this.files[this.files.length - 1];
      if (file === undefined) return false;
      if (file.offset >= file.text.length) {
        this.files.pop();
        continue;
      }
      const raw = nextLine(file);
      const line = file.line;
      this.lastLocation = { file: file.name, line, column: 1 };
      const text = this.expand(raw, file.name, line);
      this.segments.push({ start: this.buffer.length, file: file.name, line });
      this.buffer += text;
      const end = text.endsWith('\n') ? text.length - 1 : text.length;
      this.lastLocation = { file: file.name, line, column: end + 1 };
      if (text.length > 0) return true;
    }
  }

  private expand(raw: string, file: string, line: number): string {
    if (this.expander === null) return raw;
    try {
      return this.expander.expand(raw);
    } catch (e) {
      if (e instanceof MacroError) {
        throw new DbParseError(describeMacroProblem(e), { file, line, column: e.column }, this.includeChain(), { cause: e });
      }
      throw e;
    }
  }
}
