/**
 * The translation engine: macLib's trans()/refer() semantics (EPICS base
 * libCom/macLib/macCore.c), re-expressed over JS strings.
 *
 * - At level 0 (the caller's text) quotes and escapes are copied; at deeper levels (macro
 *   names, defaults, values) they are removed. "$(" inside single quotes is not a reference.
 * - Terminators ('=', ',', ')' or '}') are recognised even inside quotes; only a backslash
 *   protects one.
 * - "$(name=default,A=x,B=y)": the default is used only when name is undefined; A and B are
 *   defined (already translated) in a new scope for the duration of the reference, so the
 *   value and the default see them.
 * - While a default is scanned only to find its end, a backslash does not protect the next
 *   character (macLib has no room to copy it, and so does not step over it).
 * - A bad reference is replaced by "$(name,undefined)" or "$(name,recursive)", or by
 *   "$(name)" when warnings are suppressed; macLib suppresses them while it scans defaults and
 *   scoped definitions, which changes the text those produce.
 */
import type { MacroProblem, MacroProblemKind } from './errors.js';
import type { MacroEntry, MacroTable } from './macro-table.js';

/** The text being scanned: the caller's text, or the raw value of a macro. */
export interface Source {
  readonly text: string;
  /** True for the caller's text: references in it are their own position. */
  readonly isInput: boolean;
  /** For macro values: the position in the caller's text of the reference being expanded. */
  readonly anchor: number;
}

/** Collects the problems that affect one output (macLib's per-entry error flag). */
export interface Frame {
  readonly problems: MacroProblem[];
}

/** Where translated text goes; null discards it (macLib scans defaults to find their end). */
export type Output = { text: string } | null;

/** Thrown out of the engine when a limit is hit; the expander turns it into a MacroError. */
export class LimitExceeded extends Error {
  constructor(
    readonly kind: Extract<MacroProblemKind, 'too-deep' | 'too-long'>,
    readonly position: number,
    readonly via: readonly string[],
  ) {
    super(kind);
  }
}

export class Translator {
  /** macLib's FLAG_SUPPRESS_WARNINGS as currently in force. */
  private quiet: boolean;
  /** Characters that may still be produced (output and discarded alike). */
  private budget: number;
  /** Macros whose raw values are being translated, outermost first. */
  private via: string[] = [];

  constructor(
    private readonly table: MacroTable,
    private readonly baseQuiet: boolean,
    private readonly maxLength: number,
    private readonly maxDepth: number,
  ) {
    this.quiet = baseQuiet;
    this.budget = maxLength;
  }

  /** Translates the caller's text at level 0 and returns the text and its problems. */
  translate(text: string): { text: string; problems: MacroProblem[] } {
    // Without a '$' level 0 copies every character as it is (quotes and escapes included):
    // most lines of a .db, which are all expanded.
    if (text.length <= this.maxLength && !text.includes('$')) return { text, problems: [] };
    this.quiet = this.baseQuiet;
    this.budget = this.maxLength;
    this.via = [];
    const out = { text: '' };
    const frame: Frame = { problems: [] };
    this.scan({ text, isInput: true, anchor: 0 }, 0, '', 0, frame, out, 0);
    return { text: out.text, problems: frame.problems };
  }

  private emit(out: Output, s: string, src: Source, at: number): void {
    this.budget -= s.length;
    if (this.budget < 0) throw new LimitExceeded('too-long', src.isInput ? at : src.anchor, [...this.via]);
    if (out !== null) out.text += s;
  }

  /** Translates from `start` up to (not including) a character of `stops`, or to the end. */
  private scan(src: Source, start: number, stops: string, level: number, frame: Frame, out: Output, depth: number): number {
    const text = src.text;
    const discard = level > 0;
    let quote = '';
    let i = start;
    while (i < text.length) {
      const c = text[i]!;
      if (stops.includes(c)) break;
      if (quote !== '') {
        if (c === quote) {
          quote = '';
          if (discard) {
            i++;
            continue;
          }
        }
      } else if (c === '"' || c === "'") {
        quote = c;
        if (discard) {
          i++;
          continue;
        }
      }
      const next = text[i + 1];
      if (c === '$' && (next === '(' || next === '{') && quote !== "'") {
        i = this.reference(src, i, level, frame, out, depth + 1);
        continue;
      }
      if (c === '\\' && next !== undefined) {
        // macLib copies the escaped character only when there is room for it, and a discarded
        // scan has none: there the backslash is dropped and the next character is read as if
        // it were not escaped (so "$(P=a\)b)" ends at the first ')' whenever P is defined).
        if (out === null) {
          i++;
          continue;
        }
        this.emit(out, discard ? next : c + next, src, i);
        i += 2;
        continue;
      }
      this.emit(out, c, src, i);
      i++;
    }
    return i;
  }

  /** Expands the reference whose '$' is at `dollar`; returns the index after it. */
  private reference(src: Source, dollar: number, level: number, frame: Frame, out: Output, depth: number): number {
    const text = src.text;
    const anchor = src.isInput ? dollar : src.anchor;
    if (depth > this.maxDepth) throw new LimitExceeded('too-deep', anchor, [...this.via]);
    const stops = text[dollar + 1] === '(' ? '=,)' : '=,}';
    const valueStops = stops.slice(1);

    const nameOut = { text: '' };
    let i = this.scan(src, dollar + 2, stops, level + 1, frame, nameOut, depth);
    const name = nameOut.text;

    // The default is scanned only to find its end; it is translated again if it is used.
    let defaultStart = -1;
    if (text[i] === '=') {
      defaultStart = i + 1;
      i = this.quietly(() => this.scan(src, i + 1, valueStops, level + 1, { problems: [] }, null, depth));
    }

    let scoped = false;
    try {
      if (text[i] === ',') {
        this.table.pushScope();
        scoped = true;
        i = this.quietly(() => {
          let j = i;
          while (text[j] === ',') {
            const subName = { text: '' };
            j = this.scan(src, j + 1, stops, level + 1, { problems: [] }, subName, depth);
            if (text[j] === '=') {
              const subValue = { text: '' };
              j = this.scan(src, j + 1, valueStops, level + 1, { problems: [] }, subValue, depth);
              this.table.put(subName.text, subValue.text);
            }
          }
          return j;
        });
      }

      if (i >= text.length) {
        frame.problems.push({ kind: 'unterminated', macro: name, position: anchor, via: [...this.via] });
      }

      const entry = this.table.lookup(name);
      let kind: 'undefined' | 'recursive';
      if (entry !== undefined) {
        if (!entry.visited) {
          this.substitute(entry, src, anchor, frame, out, level, depth);
          return Math.min(i + 1, text.length);
        }
        kind = 'recursive';
      } else {
        if (defaultStart >= 0) {
          this.scan(src, defaultStart, valueStops, level + 1, frame, out, depth);
          return Math.min(i + 1, text.length);
        }
        kind = 'undefined';
      }
      frame.problems.push({ kind, macro: name, position: anchor, via: [...this.via] });
      this.emit(out, `$(${name}${this.quiet ? ')' : `,${kind})`}`, src, dollar);
      return Math.min(i + 1, text.length);
    } finally {
      if (scoped) this.table.popScope();
    }
  }

  /** Inserts the value of a defined, not currently expanding, macro. */
  private substitute(entry: MacroEntry, src: Source, anchor: number, frame: Frame, out: Output, level: number, depth: number): void {
    if (!this.table.dirty) {
      // Values are clean: copy the expanded value and inherit its problems.
      const value = this.expandedValue(entry, anchor, depth);
      this.emit(out, value, src, anchor);
      for (const p of entry.problems) {
        frame.problems.push({ ...p, position: anchor, via: [...this.via, ...p.via] });
      }
      return;
    }
    entry.visited = true;
    this.via.push(entry.name);
    try {
      this.scan({ text: entry.raw, isInput: false, anchor }, 0, '', level + 1, frame, out, depth);
    } finally {
      this.via.pop();
      entry.visited = false;
    }
  }

  /**
   * An entry's expanded value, computed as macLib's expand() does: at level 1, with the table
   * treated as dirty (so nested references translate raw values) and the entry itself not
   * marked as visited, with the caller's own warning setting.
   */
  private expandedValue(entry: MacroEntry, anchor: number, depth: number): string {
    if (entry.value !== undefined) return entry.value;
    const saved = { quiet: this.quiet, via: this.via };
    this.quiet = this.baseQuiet;
    this.via = [entry.name];
    this.table.dirty = true;
    const out = { text: '' };
    const frame: Frame = { problems: [] };
    try {
      this.scan({ text: entry.raw, isInput: false, anchor }, 0, '', 1, frame, out, depth);
    } finally {
      this.table.dirty = false;
      this.quiet = saved.quiet;
      this.via = saved.via;
    }
    entry.value = out.text;
    entry.problems = frame.problems.map((p) => ({ ...p, position: -1 }));
    return entry.value;
  }

  private quietly<T>(action: () => T): T {
    const saved = this.quiet;
    this.quiet = true;
    try {
      return action();
    } finally {
      this.quiet = saved;
    }
  }
}
