/**
 * The table and the curve in use, shown in the records: a table set by the application (start,
 * new, load) or by a client's settled edit, and its fit with the records' fit, degree and
 * range. A table that cannot be fitted keeps the previous curve in use (TABLE ERROR says why);
 * a refused edit keeps the previous table.
 */
import type { Logger } from '@devioc/core';
import type { FitType } from '../interpolation/fit-types.js';
import type { Interpolator } from '../interpolation/interpolator.js';
import { type LutModel, LutStatus, RANGE_MODES } from '../model/lut-model.js';
import { EMPTY_TABLE, type LutTable, tablesEqual } from '../table/points.js';
import { describeCurve, describeTable, fitTable } from './fit.js';
import type { StatusBoard } from './status.js';
import { editedTable } from './table-editor.js';

export class TableInUse {
  /** The table in use (structurally valid); the records show it unless a client is editing. */
  #table: LutTable = EMPTY_TABLE;
  /** The last successful fit (kept when a new table or fit cannot be fitted). */
  #curve: Interpolator | undefined;

  constructor(
    private readonly ioc: LutModel,
    private readonly status: StatusBoard,
    private readonly log: Logger,
    /** A table was set: a client's edit still settling is replaced by it. */
    private readonly onSet: () => void,
  ) {}

  get table(): LutTable {
    return this.#table;
  }

  get curve(): Interpolator | undefined {
    return this.#curve;
  }

  /** "5 points, SPLINE3 on 5 points". */
  describe(): string {
    return describeTable(this.#table, this.#curve);
  }

  /** Shows a table in the records and makes it the one in use (not yet fitted). */
  set(table: LutTable): void {
    this.#table = table;
    this.onSet();
    const ioc = this.ioc;
    void ioc.xtable.put(Float64Array.from(table.x));
    void ioc.ytable.put(Float64Array.from(table.y));
    void ioc.count.put(table.x.length);
    this.status.clear('edit');
  }

  /** Fits the table in use with the records' fit, degree and range, and shows the fine curve; false if it cannot be fitted. */
  refit(): boolean {
    const ioc = this.ioc;
    const range = RANGE_MODES[ioc.range.get()] ?? 'clamp';
    const result = fitTable(this.#table, { fit: ioc.fit.get() as FitType, degree: ioc.degree.get(), range }, this.#curve);
    if (!result.ok) {
      this.status.raise('fit', LutStatus.TABLE_ERROR, result.message);
      return false;
    }
    const f = (this.#curve = result.curve);
    void ioc.xfine.put(result.fine.x);
    void ioc.yfine.put(result.fine.y);
    this.status.clear('fit');
    if (f.warnings.length > 0) this.log.warn(`${describeCurve(f)}: ${f.warnings.join('; ')}`);
    return true;
  }

  /**
   * A client's settled edit of xtable/ytable (and count, if `countEdited`): refused, or in use
   * and fitted. True when the table in use changed (the output and the file follow).
   */
  applyEdit(countEdited: boolean): boolean {
    const ioc = this.ioc;
    const edit = editedTable(ioc.xtable.get(), ioc.ytable.get(), countEdited ? ioc.count.get() : undefined);
    if (!edit.ok) {
      const why = `table edit refused: ${edit.why}; still using the previous table of ${this.#table.x.length} points`;
      this.status.raise('edit', LutStatus.TABLE_ERROR, why);
      return false;
    }
    const changed = !tablesEqual(edit.table, this.#table);
    this.set(edit.table);
    if (!changed) return false;
    if (this.refit()) this.status.info(`table edited: ${this.describe()}`);
    return true;
  }
}
