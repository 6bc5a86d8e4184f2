import type { Sequence } from './context.js';
import { resetDryingTimers } from './common.js';

/**
 * Dry (mxdc's CMD:dry, or the automatic reheat): heat the tong at home for ATTR:REHEATTIME
 * (robot_config heat_gripper), soak it for ATTR:COOLTIME, then start TIMER:REHEAT and
 * TIMER:SAMPLES afresh. STATUS is STANDBY throughout, which is what mxdc waits on. A robot that
 * stops during the heating fails the operation; one that stops during the soak fails it too.
 */
export const drySequence: Sequence = async (ctx) => {
  const m = ctx.model;
  const heat = m.reheatTime.get();
  const cool = m.coolTime.get();
  ctx.activity('standby');
  ctx.prefetch.set(undefined); // the tong goes home: a prefetched port is given up
  void m.drying.put(1);
  try {
    ctx.say(`drying tong: ${heat} s heat, ${cool} s soak`);
    await ctx.operation('robot_config', ['heat_gripper', String(heat)]);
    ctx.say(`soaking tong for ${cool} s`);
    // The soak is UncleSAM's own wait, the robot idle at home: a robot that stops meanwhile
    // (emergency stop, a need bit, a severe log, the DHS gone) ends the dry at once, failed and
    // the timers kept, as a stop during the heating does. Otherwise STATUS would stay STANDBY
    // and every clear be refused "busy (dry)" for the rest of ATTR:COOLTIME (60 s by default),
    // and the dry would then say "tong dried" of a robot that needs attention.
    await ctx.healthyDelay(cool * 1000);
    resetDryingTimers(m);
    ctx.say('tong dried');
  } finally {
    void m.drying.put(0);
  }
};

/** robot_standby: the tong home to be heated and dried, as after every mount. */
export const standbySequence: Sequence = async (ctx) => {
  ctx.activity('standby');
  ctx.prefetch.set(undefined);
  ctx.say('robot to standby');
  await ctx.operation('robot_standby');
  ctx.say('robot in standby');
};

/** The dry is due: a timer ran out (checked while idle, see UncleSam). */
export function dryDue(model: { reheatTimer: { get(): number }; samplesTimer: { get(): number } }): boolean {
  return model.reheatTimer.get() <= 0 || model.samplesTimer.get() <= 0;
}
