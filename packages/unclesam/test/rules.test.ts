import { describe, expect, it } from 'vitest';
import { formatPortsCompact, newHolder, ROBOT_FLAGS } from '@devioc/dcs-protocol';
import { checkPort, COMMAND_RULES, type CommandFacts, type CommandName, deriveHealth, deriveStatus, refusal, unhealthyReason } from '../src/index.js';
import { Health, Status } from '../src/model/choices.js';
import type { Activity } from '../src/connection/health.js';

const ok: CommandFacts = { enabled: true, connected: true, word: 0, severe: false };

describe('refusal rules', () => {
  it('refuses everything while disabled, disconnected or busy, naming the command and the reason', () => {
    for (const command of Object.keys(COMMAND_RULES) as CommandName[]) {
      const label = COMMAND_RULES[command].label;
      expect(refusal(command, ok)).toBeUndefined();
      expect(refusal(command, { ...ok, enabled: false })).toBe(`${label} refused: disabled by staff`);
      expect(refusal(command, { ...ok, connected: false })).toBe(`${label} refused: robot not connected`);
      expect(refusal(command, { ...ok, busy: 'mount' })).toBe(`${label} refused: busy (mount)`);
    }
  });

  it('refuses motions while the robot needs attention; recovery and bookkeeping still run', () => {
    const needClear = { ...ok, word: ROBOT_FLAGS.NEED_CLR | ROBOT_FLAGS.GRIPPER_JAM };
    for (const command of ['mount', 'dismount', 'prefetch', 'move', 'wash', 'dry', 'standby', 'probe', 'heatGripper'] as const) {
      expect(refusal(command, needClear)).toBe(`${COMMAND_RULES[command].label} refused: robot needs clear`);
    }
    for (const command of ['clear', 'clearStatus', 'clearAll', 'calibrate', 'config', 'resetCassette', 'resetCounter', 'setMounted', 'openGripper'] as const) {
      expect(refusal(command, needClear)).toBeUndefined();
    }
    expect(refusal('mount', { ...ok, word: ROBOT_FLAGS.NEED_RST | ROBOT_FLAGS.NEED_CLR })).toBe('mount refused: robot needs reset');
    expect(refusal('mount', { ...ok, severe: true })).toBe('mount refused: severe robot error');
  });

  it('agrees with STATUS in every state: IDLE exactly when a mount would be accepted, BUSY/WAITING/STANDBY when refused as busy', () => {
    const activities: Activity[] = ['idle', 'busy', 'waiting', 'standby'];
    for (const connected of [true, false])
      for (const activity of activities)
        for (const robotTask of ['idle', 'aborting', 'waiting_followup', 'mount_crystal l 1 A 0 0 0 0'])
          for (const word of [0, ROBOT_FLAGS.NEED_CLR])
            for (const severe of [false, true]) {
              const health = deriveHealth({ connected, word, severe });
              const status = deriveStatus({ connected, healthy: health === Health.GOOD, activity, robotTask });
              const why = refusal('mount', { enabled: true, connected, word, severe, robotTask, busy: activity === 'idle' ? undefined : 'mount' });
              const where = JSON.stringify({ connected, activity, robotTask, word, severe, status, why });
              expect(status === Status.IDLE, where).toBe(why === undefined);
              if (status === Status.BUSY || status === Status.WAITING || status === Status.STANDBY) expect(why, where).toMatch(/refused: busy/);
              if (status === Status.FAULT) expect(why, where).toMatch(/refused: (robot not connected|robot needs|severe)/);
            }
    expect(refusal('clear', { ...ok, robotTask: 'aborting' })).toBe('clear refused: busy (robot aborting)');
  });

  it('says why the robot is unhealthy, worst first', () => {
    expect(unhealthyReason(0, false)).toBeUndefined();
    expect(unhealthyReason(ROBOT_FLAGS.PORT_JAM, false)).toBeUndefined(); // a reason bit alone is not a "need"
    expect(unhealthyReason(ROBOT_FLAGS.NEED_USER_ACTION, false)).toBe('robot needs user action');
    expect(unhealthyReason(ROBOT_FLAGS.NEED_CAL_GONIO, false)).toBe('robot needs calibration');
    expect(unhealthyReason(ROBOT_FLAGS.NEED_CAL_GONIO | ROBOT_FLAGS.NEED_CLR, true)).toBe('robot needs clear');
  });
});

describe('port checks against PORTS', () => {
  const cassette = { l: newHolder('1'), m: newHolder('3'), r: newHolder('2') };
  cassette.l.ports[0] = 'm'; // LA1 mounted
  cassette.l.ports[1] = '0'; // LA2 empty
  cassette.l.ports[2] = 'b'; // LA3 bad
  cassette.l.ports[3] = 'j'; // LA4 jammed
  cassette.l.ports[4] = 'u'; // LA5 unknown: allowed, as mxdc allows it
  const ports = formatPortsCompact(cassette);

  it('accepts a port with a sample, or of unknown state, in mxdc or robot notation', () => {
    expect(checkPort('LA6', ports)).toEqual({ ok: true, port: { cassette: 'l', column: 'A', row: 6 } });
    expect(checkPort('LA5', ports).ok).toBe(true);
    expect(checkPort(' lb2 ', ports)).toEqual({ ok: true, port: { cassette: 'l', column: 'B', row: 2 } });
    expect(checkPort('MD16', ports)).toEqual({ ok: true, port: { cassette: 'm', column: 'D', row: 16 } });
  });

  it('refuses empty, bad, jammed, mounted, missing and malformed ports with the reason', () => {
    const reason = (name: string) => {
      const r = checkPort(name, ports);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('')).toBe('no port given (PARAM:NEXTPORT is empty)');
    expect(reason('LA2')).toBe('LA2 is empty');
    expect(reason('LA3')).toBe('LA3 is bad');
    expect(reason('LA4')).toBe('LA4 is jammed');
    expect(reason('LA1')).toBe('LA1 holds the mounted sample');
    expect(reason('ME1')).toBe('ME1 does not exist in that holder'); // a puck adaptor has pucks A–D
    expect(reason('RA2')).toBe('RA2 does not exist in that holder'); // a calibration cassette has rows 1 and 8 only
    expect(reason('LA9')).toBe('LA9 does not exist in that holder');
    expect(reason('XA1')).toBe('"XA1" is not a port (LA1 … RL8)');
    expect(reason('LA')).toBe('"LA" is not a port (LA1 … RL8)');
    expect(checkPort('LA6', 'u'.repeat(10))).toEqual({ ok: false, reason: 'the port map is not known yet' });
  });
});
