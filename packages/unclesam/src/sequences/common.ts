import type { RobotPort } from '@devioc/dcs-protocol';
import { formatPortName, parsePortName } from '@devioc/dcs-protocol';
import type { RobotModel } from '../model/robot-model.js';
import { SequenceAborted } from './abortable.js';
import type { SequenceContext } from './context.js';

/** The port on the goniometer, from STATE:PORT (robot_status `mounted:`). */
export function mountedPort(model: RobotModel): RobotPort | null {
  return parsePortName(model.port.get()) ?? null;
}

/** `dx dy dz du` for prepare/mount arguments. */
export function offsets(model: RobotModel): string[] {
  return [model.dx, model.dy, model.dz, model.du].map((record) => String(record.get()));
}

export const portName = (port: RobotPort): string => formatPortName(port);

/** Marks a promise as handled now (it is awaited later), so an early rejection is not "unhandled". */
export function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * After a failed motion, send the robot home (robot_standby) if it is healthy: otherwise it
 * would sit at the cooling point until its follow-up timer sends it home anyway. Not after
 * an abort (the robot needs a reset then), and never hiding the original failure.
 */
export async function recover(ctx: SequenceContext, error: unknown): Promise<void> {
  if (error instanceof SequenceAborted || ctx.signal.aborted || !ctx.healthy()) return;
  ctx.activity('busy');
  try {
    await ctx.operation('robot_standby');
  } catch {
    // The original failure is what gets reported.
  }
}

/**
 * The robot has left the goniometer (a mount, dismount or wash completed, the robot back at
 * P3; a move never entered it, and approach-off is then a no-op):
 * robot_standby goes out at once, inside the robot's follow-up window (30 s after a mount,
 * only 4 s after a dismount), then approach-off, then the wait while the tong goes home and
 * dries. STATUS stays BUSY through that wait: the sequence still runs and a command would be
 * refused as busy, so no client may read it as done (mxdc takes STANDBY for "ready for the
 * next command"; issue 16). Problems here are reported but do not undo what the robot did;
 * an abort still ends the sequence.
 */
export async function homeAfterGoniometer(ctx: SequenceContext, what: string): Promise<void> {
  const home = started(ctx.operation('robot_standby'));
  try {
    await ctx.approach.off();
  } catch (error) {
    ctx.warn(error instanceof Error ? error.message : String(error));
  }
  try {
    await home;
  } catch (error) {
    if (error instanceof SequenceAborted) throw error;
    ctx.warn(`robot_standby after the ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Starts TIMER:REHEAT and TIMER:SAMPLES afresh (after the tong was dried). */
export function resetDryingTimers(model: RobotModel): void {
  void model.reheatTimer.put(model.reheatPeriod.get());
  void model.samplesTimer.put(model.maxSamples.get());
}
