import type { RobotPort } from '@devioc/dcs-protocol';
import { OK_TO_PREPARE, parseMountNextReply, parsePortReply, portWords, samePort } from '@devioc/dcs-protocol';
import { POINT_COOL } from './points.js';
import type { Sequence, SequenceContext } from './context.js';
import { homeAfterGoniometer, mountedPort, offsets, portName, recover } from './common.js';

/** What a mount reply says: the port now on the goniometer, or why there is none. */
export interface MountOutcome {
  mounted: RobotPort | null;
  problem?: string;
}

/** Reads mount_crystal (`l 1 A` / `n 0 N`) or mount_next_crystal (`d… normal m…`) returns. */
export function mountOutcome(returns: string, next: boolean, wanted: RobotPort): MountOutcome {
  if (!next) {
    const mounted = parsePortReply(returns);
    return mounted === null ? { mounted, problem: 'nothing mounted (pin lost?)' } : { mounted };
  }
  const reply = parseMountNextReply(returns);
  if (reply.failure !== undefined) return { mounted: null, problem: reply.failure.replace(/^FAILED[:,]?\s*/, '') };
  if (reply.mounted === null) return { mounted: null, problem: 'nothing mounted (pin lost?)' };
  return samePort(reply.mounted, wanted) ? { mounted: reply.mounted } : { mounted: reply.mounted, problem: `robot mounted ${portName(reply.mounted)}` };
}

/** The prepare arguments: the port (after the mounted one for mount-next) and the offsets. */
function mountArgs(ctx: SequenceContext, port: RobotPort, mounted: RobotPort | null): string[] {
  return [...(mounted === null ? [] : portWords(mounted)), ...portWords(port), ...offsets(ctx.model)];
}

/** The prepare phase: the tong is cooled at P3; approach-on goes out on `OK to prepare`. */
async function prepare(ctx: SequenceContext, port: RobotPort, mounted: RobotPort | null, approach: boolean): Promise<void> {
  const onUpdate = (text: string) => {
    if (approach && text.trim() === OK_TO_PREPARE) ctx.approach.request();
  };
  await ctx.operation(mounted === null ? 'prepare_mount_crystal' : 'prepare_mount_next_crystal', mountArgs(ctx, port, mounted), onUpdate);
}

/**
 * Mount (sam-robot-dhs.md §2.1, unclesam-ioc.md §3.3): prepare (skipped if this port is the
 * prefetched one and the robot still waits at P3), approach-on and the goniometer ready,
 * mount, then robot_standby within the robot's follow-up window and approach-off. With a
 * sample on the goniometer it is mount-next: prepare_mount_next_crystal + mount_next_crystal.
 */
export function mountSequence(port: RobotPort): Sequence {
  return async (ctx) => {
    const m = ctx.model;
    const mounted = mountedPort(m);
    const held = ctx.prefetch.get();
    ctx.prefetch.set(undefined); // used now, or given up for another port
    const fromPrefetch = held !== undefined && samePort(held.port, port) && samePort(held.mounted, mounted) && m.position.get() === POINT_COOL;
    const what = mounted === null ? `mounting ${portName(port)}` : `mounting ${portName(port)} (${portName(mounted)} back)`;
    ctx.say(fromPrefetch ? `${what}, prefetched` : what);
    let home = false;
    try {
      if (!fromPrefetch) await prepare(ctx, port, mounted, true);
      ctx.activity('waiting');
      await ctx.approach.on(ctx.signal);
      ctx.activity('busy');
      const wash = m.wash.get();
      const args = mountArgs(ctx, port, mounted);
      const returns = await ctx.operation(mounted === null ? 'mount_crystal' : 'mount_next_crystal', wash > 0 ? [...args, String(wash)] : args);
      home = true;
      await homeAfterGoniometer(ctx, 'mount');
      const outcome = mountOutcome(returns, mounted !== null, port);
      if (outcome.mounted !== null) void m.samplesTimer.put(Math.max(0, m.samplesTimer.get() - 1));
      if (outcome.problem !== undefined) throw new Error(outcome.problem);
      ctx.say(`${portName(port)} mounted`);
    } catch (error) {
      if (!home) await recover(ctx, error);
      throw error;
    }
  };
}

/**
 * Prefetch (no SAM operation of its own): only the prepare, so the tong waits cold at P3
 * with the port chosen; the mount that follows skips its prepare. The robot goes home by
 * itself if no mount comes within its 300 s window, and STATE:PREFETCHED empties then.
 */
export function prefetchSequence(port: RobotPort): Sequence {
  return async (ctx) => {
    const mounted = mountedPort(ctx.model);
    ctx.say(`prefetching ${portName(port)}`);
    try {
      // The robot stays out of the goniometer area: no approach until the mount.
      await prepare(ctx, port, mounted, false);
    } catch (error) {
      await recover(ctx, error);
      throw error;
    }
    ctx.prefetch.set({ port, mounted });
    ctx.say(`${portName(port)} prefetched`);
  };
}
