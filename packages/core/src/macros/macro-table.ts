/**
 * The macro definitions of one expansion context, with macLib's scoping and caching rules
 * (EPICS base libCom/macLib/macCore.c):
 *
 * - definitions live in one list searched newest first; a scope ("$(A,B=1)" defines B for
 *   the duration of the reference) appends a marker and pops everything after it;
 * - redefining a macro in an inner scope adds a new entry, in the same scope replaces it;
 * - every change marks the table dirty; the next expansion first re-expands every value
 *   ("expand()"), and while the table is dirty references re-translate raw values instead of
 *   copying the expanded ones. Which path is taken decides which macro a recursion error names,
 *   so it is kept.
 */
import type { MacroProblem } from './errors.js';

export interface MacroEntry {
  readonly name: string;
  /** The raw value as defined (quotes, escapes and references still in it). */
  raw: string;
  /**
   * The expanded value, computed when first needed after the table last changed (macLib
   * expands all values eagerly; the result is the same, only unused values are not expanded).
   */
  value: string | undefined;
  /** Problems met expanding `value`; positions are filled in where the value is used. */
  problems: MacroProblem[];
  /** Set while this entry's raw value is being translated (recursion detection). */
  visited: boolean;
  /** The scope level the entry was defined in. */
  readonly level: number;
  /** A scope marker rather than a macro. */
  readonly marker: boolean;
}

export class MacroTable {
  private readonly entries: MacroEntry[] = [];
  private level = 0;
  /** Definitions changed since the values were last expanded. */
  dirty = false;

  /**
   * Called before each expansion (macExpandString calls expand()): if anything changed, every
   * expanded value is stale and the table is clean again.
   */
  refresh(): void {
    if (!this.dirty) return;
    for (const entry of this.entries) {
      entry.value = undefined;
      entry.problems = [];
    }
    this.dirty = false;
  }

  /** The newest definition of `name`, if any. */
  lookup(name: string): MacroEntry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (!entry.marker && entry.name === name) return entry;
    }
    return undefined;
  }

  /** Defines `name` in the current scope (macPutValue). */
  put(name: string, raw: string): void {
    let entry = this.lookup(name);
    if (entry === undefined || entry.level < this.level) {
      entry = this.create(name, false);
    }
    entry.raw = raw;
    this.dirty = true;
  }

  /** Removes every definition of `name`, in all scopes (macPutValue with a NULL value). */
  remove(name: string): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (!entry.marker && entry.name === name) this.entries.splice(i, 1);
    }
    this.dirty = true;
  }

  pushScope(): void {
    this.level++;
    this.create('<scope>', true);
  }

  popScope(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i]!.marker) {
        this.entries.length = i;
        this.level--;
        this.dirty = true;
        return;
      }
    }
  }

  /** The macro entries, oldest first (scope markers left out). */
  macros(): MacroEntry[] {
    return this.entries.filter((entry) => !entry.marker);
  }

  private create(name: string, marker: boolean): MacroEntry {
    const entry: MacroEntry = { name, raw: '', value: undefined, problems: [], visited: false, level: this.level, marker };
    this.entries.push(entry);
    return entry;
  }
}
