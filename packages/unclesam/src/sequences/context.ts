import type { RobotOperation, RobotPort } from '@devioc/dcs-protocol';
import type { Activity } from '../connection/health.js';
import type { RobotModel } from '../model/robot-model.js';
import type { Approach } from '../safety/approach.js';

/** A port held at the cooling point by a prepare, ready to be mounted (STATE:PREFETCHED). */
export interface Prefetch {
  port: RobotPort;
  /** What was on the goniometer when it was prepared (prepare_mount_next_crystal if not null). */
  mounted: RobotPort | null;
}

/** Where the prefetch lives; setting it also sets STATE:PREFETCHED. */
export interface PrefetchSlot {
  get(): Prefetch | undefined;
  set(prefetch: Prefetch | undefined): void;
}

/** What a sequence works with. Everything that waits rejects with SequenceAborted on abort. */
export interface SequenceContext {
  readonly model: RobotModel;
  readonly signal: AbortSignal;
  readonly approach: Approach;
  readonly prefetch: PrefetchSlot;
  /** Runs one robot operation to completion; resolves with its `normal` returns. */
  operation(name: RobotOperation, args?: readonly string[], onUpdate?: (text: string) => void): Promise<string>;
  /** What STATUS shows while the sequence runs. */
  activity(activity: Activity): void;
  /** A line for MESSAGE (cut to 39 characters there; LOG and the log get all of it). */
  say(text: string): void;
  /** A problem worth ERROR too, that does not fail the sequence. */
  warn(text: string): void;
  delay(ms: number): Promise<void>;
  /**
   * Waits `ms` while the robot stays healthy: rejects with why (`robot needs clear`, `robot
   * disconnected`…) as soon as it is not, or already is not, and with SequenceAborted on abort.
   */
  healthyDelay(ms: number): Promise<void>;
  /** HEALTH is good and the DHS connected. */
  healthy(): boolean;
}

/** A sequence: an async function over the context; throwing fails it with that message. */
export type Sequence = (ctx: SequenceContext) => Promise<void>;
