/**
 * Named states for the `sync` channel filter (dbState.c): created with dbStateCreate, set and
 * cleared from the shell (dbStateSet / dbStateClear) or by the application; a sync filter
 * passes or holds monitor updates by them.
 */
export class DbStates {
  private readonly states = new Map<string, boolean>();

  /** dbStateCreate: a new state, clear; an existing one is left as it is. */
  create(name: string): void {
    if (!this.states.has(name)) this.states.set(name, false);
  }

  has(name: string): boolean {
    return this.states.has(name);
  }

  /** dbStateSet / dbStateClear: nothing happens for a state that does not exist. */
  set(name: string, value = true): void {
    if (this.states.has(name)) this.states.set(name, value);
  }

  clear(name: string): void {
    this.set(name, false);
  }

  get(name: string): boolean {
    return this.states.get(name) === true;
  }

  /** dbStateShow: `TRUE`/`FALSE`, with the name at level 1 and up (no address here). */
  show(name: string, level = 0): string {
    if (!this.states.has(name)) return '';
    return `${level >= 1 ? `'${name}' : ` : ''}${this.get(name) ? 'TRUE' : 'FALSE'}\n`;
  }

  /** dbStateShowAll: each state in creation order, at level + 1. */
  showAll(level = 0): string {
    return [...this.states.keys()].map((name) => this.show(name, level + 1)).join('');
  }
}
