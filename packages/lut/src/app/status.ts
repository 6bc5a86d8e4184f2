/**
 * What `status` and `message` show. Problems are conditions with a source (the input, the
 * table, the file…), raised and cleared as things happen; the most serious problem still
 * standing is shown (the newest of those equally serious), and when none stands, OK with the
 * last thing done. So a problem is never hidden by unrelated good news (an input change does
 * not clear a refused file), nor by a routine one raised after it (a refused file is not
 * hidden by the NO INPUT of an input PV still connecting), whatever order they came in; and
 * fixing the shown problem shows the next one.
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

/**
 * How serious each status is, most serious last: a file or table problem means the table in
 * use is not the one the user has (data at risk), a target problem that the output goes
 * nowhere, and OUT OF RANGE / NO INPUT are conditions of the beamline that come and go.
 */
const SEVERITY: Readonly<Record<LutStatus, number>> = {
  [LutStatus.OK]: 0,
  [LutStatus.NO_INPUT]: 1,
  [LutStatus.OUT_OF_RANGE]: 2,
  [LutStatus.TARGET_ERROR]: 3,
  [LutStatus.TABLE_ERROR]: 4,
  [LutStatus.FILE_ERROR]: 5,
};

/** An expected problem (a PV still connecting at start) ranks below every real one. */
const rank = (p: Problem): number => SEVERITY[p.status] + (p.waiting ? 0 : 10);

interface Problem extends StatusView {
  waiting: boolean;
}

export interface StatusView {
  status: LutStatus;
  message: string;
}

export class StatusBoard {
  private readonly problems = new Map<ProblemSource, Problem>();
  private note = '';

  constructor(private readonly onChange: (view: StatusView, cause: 'problem' | 'waiting' | 'clear' | 'info', text: string) => void) {}

  /** A problem of `source` (replacing its previous one); `waiting` marks an expected one, such as a PV not connected yet at start. */
  raise(source: ProblemSource, status: LutStatus, message: string, waiting = false): void {
    const now = this.problems.get(source);
    if (now !== undefined && now.status === status && now.message === message && now.waiting === waiting) return;
    this.problems.delete(source);
    this.problems.set(source, { status, message, waiting });
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
    // Map order is the order raised, so `>=` keeps the newest of equally serious problems.
    let shown: Problem | undefined;
    for (const p of this.problems.values()) if (shown === undefined || rank(p) >= rank(shown)) shown = p;
    return shown === undefined ? { status: LutStatus.OK, message: this.note } : { status: shown.status, message: shown.message };
  }

  /** Every standing problem, oldest first. */
  get standing(): readonly (StatusView & { source: ProblemSource })[] {
    return [...this.problems].map(([source, p]) => ({ source, status: p.status, message: p.message }));
  }
}
