import { models } from '@devioc/core';

const offset = (name: string, desc: string) => models.Float(name, { default: 0, prec: 3, desc, autosave: true });

/**
 * What commands take: the port to mount or prefetch, goniometer offsets, staff arguments. All but
 * PARAM:MOVE are kept across restarts when the runtime has an autosave directory (`--autosave DIR`).
 */
export const paramRecords = () => ({
  nextPort: models.String('PARAM:NEXTPORT', { autosave: true, maxLength: 39, default: '', desc: 'Port for mount/prefetch (LA1)' }),
  wash: models.Integer('PARAM:WASH', { autosave: true, default: 0, minVal: 0, maxVal: 10, desc: 'Wash cycles: mounts and CMD:wash' }),
  // Not autosaved: a sort list is for once, and one restored after a restart could be sent by mistake.
  move: models.String('PARAM:MOVE', { maxLength: 1024, default: '', desc: 'CMD:move source/target pairs: LA1 LB8' }),
  dx: offset('PARAM:DX', 'Gonio offset x sent with mounts'),
  dy: offset('PARAM:DY', 'Gonio offset y sent with mounts'),
  dz: offset('PARAM:DZ', 'Gonio offset z sent with mounts'),
  du: offset('PARAM:DU', 'Gonio offset u sent with mounts'),
  config: models.String('PARAM:CONFIG', { autosave: true, maxLength: 1024, default: '', desc: 'robot_config arguments for CMD:config' }),
  calib: models.String('PARAM:CALIB', { autosave: true, maxLength: 39, default: 'magnet_post', desc: 'robot_calibrate target and args' }),
});
