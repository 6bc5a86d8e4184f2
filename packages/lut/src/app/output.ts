/**
 * The output: y = f(x + xoff) + yoff for the input's value through the curve in use, to the
 * `output` record and, when enabled and changed, to the target (TargetWriter). Every input
 * update is handled synchronously (evaluate, `output`, a CA put), so that the input-to-target
 * latency is one evaluation plus CA.
 */
import type { Logger } from '@devioc/core';
import { InterpolationRangeError } from '../interpolation/errors.js';
import type { Interpolator } from '../interpolation/interpolator.js';
import { type LutModel, LutStatus, RANGE_CHOICES } from '../model/lut-model.js';
import { describeCurve } from './fit.js';
import type { InputEvent, TargetState } from './follow.js';
import { errorText } from './message.js';
import { type LutPv, numericValue } from './pv.js';
import type { StatusBoard } from './status.js';
import { TargetWriter } from './target-writer.js';

export type OutputResult = { ok: true; y: number } | { ok: false; message: string };

/** y at x, or why there is none (outside the table with REFUSE, not a number); `range` is the range record's index. */
export function outputAt(f: Interpolator, x: number, xoff: number, yoff: number, range: number): OutputResult {
  const at = x + xoff;
  let y: number;
  try {
    y = f.evaluate(at) + yoff;
  } catch (err) {
    if (!(err instanceof InterpolationRangeError)) throw err;
    return { ok: false, message: `x + xoff = ${at} is outside the table [${f.xmin}, ${f.xmax}] (range REFUSE): the target is not written` };
  }
  if (Number.isFinite(y)) return { ok: true, y };
  const mode = RANGE_CHOICES[range] ?? '';
  return { ok: false, message: `f(x + xoff) + yoff is ${y} at x + xoff = ${at} (${describeCurve(f)}, range ${mode}): the target is not written` };
}

export interface OutputOptions {
  ioc: LutModel;
  status: StatusBoard;
  log: Logger;
  /** The curve in use, if any. */
  curve: () => Interpolator | undefined;
  pv: (name: string) => LutPv;
}

export class Output {
  /** The last input value, while the input is connected and numeric. */
  #x: number | undefined;
  #targetConnected = false;
  /** The last value written to the target, to write only changes. */
  #lastWritten: number | undefined;
  #closed = false;
  readonly #writer: TargetWriter;

  constructor(private readonly o: OutputOptions) {
    this.#writer = new TargetWriter(
      ({ name, value }) => o.pv(name).put(value),
      (outcome) => {
        if (outcome.ok) return o.status.clear('target');
        this.#lastWritten = undefined;
        o.status.raise('target', LutStatus.TARGET_ERROR, `cannot write ${outcome.value} to ${outcome.name}: ${errorText(outcome.error)}`);
      },
    );
  }

  /** The input's value now, if connected and numeric. */
  get input(): number | undefined {
    return this.#x;
  }

  onInput(e: InputEvent): void {
    const status = this.o.status;
    if (e.kind !== 'value') {
      this.#x = undefined;
      const why = e.kind === 'unset' ? 'no input PV: set the input record' : e.kind === 'waiting' ? `waiting for input ${e.name} to connect` : `input ${e.name} disconnected`;
      status.raise('input', LutStatus.NO_INPUT, why, e.kind === 'waiting');
      return;
    }
    const x = numericValue(e.value);
    if (Number.isNaN(x)) {
      this.#x = undefined;
      status.raise('input', LutStatus.NO_INPUT, `input ${e.name} = ${JSON.stringify(String(e.value))} is not a number`);
      return;
    }
    this.#x = x;
    status.clear('input');
    this.recompute();
  }

  onTarget({ name, connected, before }: TargetState): void {
    const status = this.o.status;
    // A new or reconnected target gets the current output (it may have restarted).
    this.#lastWritten = undefined;
    this.#targetConnected = connected;
    if (connected) {
      status.clear('target');
      this.recompute();
    } else if (name === '') {
      status.raise('target', LutStatus.TARGET_ERROR, 'no target PV: set the target record');
    } else {
      status.raise('target', LutStatus.TARGET_ERROR, before ? `target ${name} disconnected` : `waiting for target ${name} to connect`, !before);
    }
  }

  /** The next output goes to the target even if equal to the last written (enable ON, a load). */
  forgetWritten(): void {
    this.#lastWritten = undefined;
  }

  /** y for the current input, to `output` and (enabled, changed) to the target. */
  recompute(): void {
    const x = this.#x;
    const f = this.o.curve();
    if (x === undefined || f === undefined || this.#closed) return;
    const { ioc, status, log } = this.o;
    const out = outputAt(f, x, ioc.xoff.get(), ioc.yoff.get(), ioc.range.get());
    if (!out.ok) return status.raise('range', LutStatus.OUT_OF_RANGE, out.message);
    const y = out.y;
    status.clear('range');
    void ioc.output.put(y);
    if (log.isDebugEnabled()) log.debug(`x = ${x} → y = ${y}`);
    if (ioc.enable.get() === 1 && this.#targetConnected && !Object.is(y, this.#lastWritten)) {
      this.#lastWritten = y;
      this.#writer.write(ioc.target.get().trim(), y);
    }
  }

  /** Stops: nothing more is computed or written (a put on its way finishes). */
  close(): void {
    this.#closed = true;
    this.#writer.close();
  }
}
