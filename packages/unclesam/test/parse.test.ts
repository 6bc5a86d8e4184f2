import { describe, expect, it } from 'vitest';
import { formatPortsCompact, formatRobotCassette, newHolder, ROBOT_FLAGS } from '@devioc/dcs-protocol';
import {
  attributeValues,
  cassetteValues,
  fitString,
  inputValues,
  outputValues,
  robotStateReplyValues,
  stateValues,
  statusCode,
  statusValues,
  statusWord,
  stringValues,
} from '../src/index.js';

describe('robot strings → record values', () => {
  it('robot_status: every field, the port in mxdc form, the flags by name', () => {
    const text =
      'status: 8193 need_reset: 0 need_cal: 0 state: {mount_crystal l 4 A 0 0 0 0} warning: {FAILED: gripper jammed} ' +
      'cal_msg: {Gonio Cal: Done} cal_step: {100 of 100} mounted: {l 4 A} pin_lost: {3} pin_mounted: 213 manual_mode: 0 ' +
      'need_mag_cal: 0 need_cas_cal: 0 need_clear: 1';
    expect(statusValues(text)).toEqual({
      code: 8193,
      flags: 'NEED_CLR GRIPPER_JAM',
      needReset: 0,
      needCal: 0,
      needClear: 1,
      needMagCal: 0,
      needCasCal: 0,
      manual: 0,
      task: 'mount_crystal l 4 A 0 0 0 0',
      warning: 'FAILED: gripper jammed',
      calMsg: 'Gonio Cal: Done',
      calStep: '100 of 100',
      port: 'LA4',
      pinLost: 3,
      pinMounted: 213,
    });
  });

  it('robot_status: nothing mounted is an empty STATE:PORT; the SSRL recovery-script example parses', () => {
    const v = statusValues(
      'status: 0 need_reset: 0 need_cal: 0 state: idle warning: {} cal_msg: {Gonio Cal: Done} cal_step: {100 of 100} mounted: {} ' +
        'pin_lost: 0 pin_mounted: 213 manual_mode: 0 need_mag_cal: 0 need_cas_cal: 0 need_clear: 0',
    );
    expect(v).toMatchObject({ code: 0, flags: '', task: 'idle', warning: '', port: '' });
  });

  it('STATE:CODE holds the 32-bit word unsigned (bit 31, manual mode, is 2^31, not negative)', () => {
    const word = (ROBOT_FLAGS.IN_MANUAL | ROBOT_FLAGS.NEED_RST) >>> 0;
    expect(statusCode(word)).toBe(2147483650);
    expect(statusWord(statusCode(word))).toBe(word);
    expect(statusValues(`status: ${word} state: {idle}`)).toMatchObject({ code: 2147483650, manual: 1, needReset: 1, flags: 'NEED_RST IN_MANUAL' });
  });

  it('fits a text to a 39-byte EPICS string, marking a cut with "…"', () => {
    expect(fitString('short')).toBe('short');
    expect(fitString('x'.repeat(39))).toBe('x'.repeat(39));
    const cut = fitString('mount refused: "ZZ9" is not a port (LA1 … RL8)');
    expect(cut).toBe('mount refused: "ZZ9" is not a port (…');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(39);
    expect(fitString('a  b\n c')).toBe('a b c');
    expect(Buffer.byteLength(fitString('é'.repeat(30)))).toBeLessThanOrEqual(39);
  });

  it('get_robotstate replies refresh STATE:CODE and STATE:FLAGS', () => {
    expect(robotStateReplyValues('129 NEED_CLR PORT_JAM')).toEqual({ code: 129, flags: 'NEED_CLR PORT_JAM' });
    expect(robotStateReplyValues('0')).toEqual({ code: 0, flags: '' });
    expect(() => robotStateReplyValues('nonsense')).toThrow(/no status number/);
  });

  it('robot_state: the 18 elements; enums are indexes of the record choices', () => {
    const v = stateValues('{on gonio} {in cradle} P18 no {m 2 A} 110 1 1 1 0 0 {invalid} {invalid} {invalid} 27 27 0 0');
    expect(v).toEqual({
      sample: 4,
      dumbbell: 2,
      position: 'P18',
      ln2: 0,
      currentPort: 'MA2',
      mountedCount: 110,
      lostCount: 1,
      beforeLostCount: 1,
      onGonio: 1,
      stripCount: 0,
      stripShortCount: 0,
      tongPort: '',
      pickerPort: '',
      placerPort: '',
      puckMountCount: 27,
      puckMountShortCount: 27,
      movedCount: 0,
      puckMovedCount: 0,
    });
    expect(stateValues('{flying} out Wrong wrong {invalid} 0 0 0 0 0 0 {l 1 A} {invalid} {invalid} 0 0 0 0')).toMatchObject({
      sample: 5, // an unknown word is BAD
      ln2: 2,
      tongPort: 'LA1',
    });
  });

  it('robot_cassette: PORTS is the 291-character compact map (mxdc slices it by position)', () => {
    const cassette = { l: newHolder('1'), m: newHolder('3'), r: newHolder('0') };
    cassette.l.ports[0] = 'm';
    cassette.l.ports[15] = '0';
    const v = cassetteValues(formatRobotCassette(cassette).replace(/ /g, '  ')); // double spaces are seen in real traffic
    expect(v.ports).toHaveLength(291);
    expect(v.ports).toBe(formatPortsCompact(cassette));
    expect(v.ports.slice(0, 3)).toBe('1m1');
    expect(v.ports[97]).toBe('3');
    expect(v.ports[194]).toBe('0');
    expect([v.left, v.middle, v.right]).toEqual([2, 4, 1]); // CASSETTE, PUCK, ABSENT
  });

  it('robot_input / robot_output: the words and the named bits', () => {
    const bits = (on: number[]) => Array.from({ length: 16 }, (_, i) => (on.includes(i) ? '1' : '0')).join(' ');
    expect(inputValues(bits([8, 11, 13]))).toEqual({ inputs: (1 << 8) | (1 << 11) | (1 << 13), gripperOpen: 1, gripperClosed: 0, lidOpen: 0, lidClosed: 1, heaterHot: 1 });
    expect(outputValues(bits([1, 13, 14]))).toEqual({ outputs: (1 << 1) | (1 << 13) | (1 << 14), gripperOutput: 1, lidOutput: 0, heaterOutput: 1, dryAirOutput: 1 });
    expect(() => inputValues('0 1')).toThrow();
  });

  it('robot_attribute: one value per ATTR record, flags as 0/1', () => {
    expect(attributeValues('1 0 0 7 1 1 0 1 0 0 0 3 0 1')).toEqual({
      attrDetailMsg: 1,
      attrProbeCas: 0,
      attrProbePort: 0,
      attrLostThresh: 7,
      attrChkMagnet: 1,
      attrChkPost: 1,
      attrForce: 0,
      attrReheat: 1,
      attrDevMode: 0,
      attrStrictDismount: 0,
      attrDelayCal: 0,
      attrStripThresh: 3,
      attrWash: 0,
      attrChkPicker: 1,
    });
  });

  it('robot_sample goes to MESSAGE (39 characters, one line, a cut marked "…") and whole to MESSAGE:LONG; unknown strings map to nothing', () => {
    expect(stringValues('robot_sample', 'lA3 mounting')).toEqual({ message: 'lA3 mounting', messageLong: 'lA3 mounting' });
    const long = `a\nvery long text ${'x'.repeat(60)}`;
    expect(stringValues('robot_sample', long)).toEqual({ message: `a very long text ${'x'.repeat(19)}…`, messageLong: long });
    // Longer than MESSAGE:LONG holds (a record would refuse it): cut with the mark, never refused.
    const huge = `lA1 ${'y'.repeat(400)}`;
    expect(stringValues('robot_sample', huge)?.messageLong).toBe(`lA1 ${'y'.repeat(249)}…`);
    // The limit is in UTF-8 bytes, as the record counts them.
    const wide = stringValues('robot_sample', 'é'.repeat(300))?.messageLong ?? '';
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(256);
    expect(wide.endsWith('…')).toBe(true);
    expect(stringValues('robot_force_left', '0 0 0')).toBeUndefined();
    expect(fitString('  two\tspaces  ')).toBe('two spaces');
  });
});
