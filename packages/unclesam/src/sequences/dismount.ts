import { OK_TO_PREPARE, parsePortReply, portWords } from '@devioc/dcs-protocol';
import { Refused } from './abortable.js';
import type { Sequence } from './context.js';
import { homeAfterGoniometer, mountedPort, offsets, portName, recover } from './common.js';

/**
 * Dismount: prepare_dismount_crystal (approach-on on `OK to prepare`), the goniometer ready,
 * dismount_crystal, then robot_standby at once (the robot's follow-up window after a
 * dismount is only 4 s) and approach-off.
 */
export const dismountSequence: Sequence = async (ctx) => {
  const m = ctx.model;
  const mounted = mountedPort(m);
  if (mounted === null) throw new Refused('dismount refused: nothing is mounted');
  ctx.prefetch.set(undefined); // the prepare below moves the robot off a prefetched port
  const args = [...portWords(mounted), ...offsets(m)];
  ctx.say(`dismounting ${portName(mounted)}`);
  let home = false;
  try {
    await ctx.operation('prepare_dismount_crystal', args, (text) => {
      if (text.trim() === OK_TO_PREPARE) ctx.approach.request();
    });
    ctx.activity('waiting');
    await ctx.approach.on(ctx.signal);
    ctx.activity('busy');
    const returns = await ctx.operation('dismount_crystal', args);
    home = true;
    await homeAfterGoniometer(ctx, 'dismount');
    const back = parsePortReply(returns);
    ctx.say(back === null ? 'nothing was on the goniometer' : `${portName(back)} dismounted`);
  } catch (error) {
    if (!home) await recover(ctx, error);
    throw error;
  }
};
