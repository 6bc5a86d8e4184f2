/**
 * What `status` and `message` show. Problems are conditions with a source (the input, the
 * table, the file…), raised and cleared as things happen; the most recently raised problem
 * still standing is shown, and when none stands, OK with the last thing done. So a problem is
 * never hidden by unrelated good news (an input change does not clear a refused file), and
 * fixing the newest problem shows the next one.
 */
import { LutStatus } from '../model/lut-model.js';

export type ProblemSource =
  /** The input PV: unset, disconnected, not numeric. */
  | 'input'
  /** x + xoff outside the table (REFUSE), or no number there. */
  | 'range'
  /** A client's table edit refused (structure). */
  | 'edit'
  /** The table cannot be fitted with the fit (too few points…). */
  | 'fit'
  /** The table file: refused at load, or a failed save. */
  | 'file'
  /** The target: unset, disconnected, a failed write. */
  | 'target'
  /** The last new/null/save/load command failed. */
  | 'command';

export interface StatusView {
  status: LutStatus;
  message: string;
}

export class StatusBoard {
  private readonly problems = new Map<ProblemSource, StatusView>();
  private note = '';

  constructor(private readonly onChange: (view: StatusView, cause: 'problem' | 'waiting' | 'clear' | 'info', text: string) => void) {}

  /** A problem of `source` (replacing its previous one); `waiting` marks an expected one, such as a PV not connected yet at start. */
  raise(source: ProblemSource, status: LutStatus, message: string, waiting = false): void {
    const now = this.problems.get(source);
    if (now !== undefined && now.status === status && now.message === message) return;
    this.problems.delete(source);
    this.problems.set(source, { status, message });
    this.onChange(this.view, waiting ? 'waiting' : 'problem', message);
  }

  clear(source: ProblemSource): void {
    if (this.problems.delete(source)) this.onChange(this.view, 'clear', '');
  }

  /** Something done (shown when no problem stands). */
  info(message: string): void {
    this.note = message;
    this.onChange(this.view, 'info', message);
  }

  has(source: ProblemSource): boolean {
    return this.problems.has(source);
  }

  get view(): StatusView {
    let last: StatusView | undefined;
    for (const p of this.problems.values()) last = p;
    return last ?? { status: LutStatus.OK, message: this.note };
  }

  /** Every standing problem, oldest first. */
  get standing(): readonly (StatusView & { source: ProblemSource })[] {
    return [...this.problems].map(([source, p]) => ({ source, ...p }));
  }
}
