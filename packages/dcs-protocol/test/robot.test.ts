import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RobotCassette, RobotState } from '../src/index.js';
import {
  bitsToWord,
  DEFAULT_ROBOT_ATTRIBUTES,
  formatDcsPort,
  formatPortName,
  formatPortsCompact,
  formatRobotAttributes,
  formatRobotBits,
  formatRobotCassette,
  formatRobotState,
  formatRobotStateReply,
  formatRobotStatus,
  formatSamplePortName,
  getPortState,
  newHolder,
  parseDcsPort,
  parseMountNextReply,
  parsePortName,
  parsePortReply,
  parsePortsCompact,
  parseRobotAttributes,
  parseRobotBits,
  parseRobotCassette,
  parseRobotState,
  parseRobotStateReply,
  parseRobotStatus,
  portAt,
  portIndex,
  ROBOT_FLAGS,
  robotFlagNames,
  robotFlagsFromNames,
  RobotFormatError,
} from '../src/index.js';

describe('ports', () => {
  it('converts mxdc and robot notations', () => {
    expect(parsePortName('MB12')).toEqual({ cassette: 'm', column: 'B', row: 12 });
    expect(parsePortName('lA1')).toEqual({ cassette: 'l', column: 'A', row: 1 });
    expect(parsePortName('XA1')).toBeUndefined();
    expect(parsePortName('LM1')).toBeUndefined();
    expect(parsePortName('LA17')).toBeUndefined();
    const port = { cassette: 'm' as const, column: 'B', row: 12 };
    expect(formatPortName(port)).toBe('MB12');
    expect(formatSamplePortName(port)).toBe('mB12');
    expect(formatDcsPort(port)).toBe('m 12 B');
    expect(formatDcsPort(null)).toBe('n 0 N');
    expect(parseDcsPort('m 12 B')).toEqual(port);
    expect(parseDcsPort('')).toBeNull();
    expect(parseDcsPort('invalid')).toBeNull();
    expect(parseDcsPort('n 0 N')).toBeNull();
    expect(() => parseDcsPort('q 1 A')).toThrow(RobotFormatError);
  });

  it('indexes ports inside holders', () => {
    expect(portIndex('1', { column: 'A', row: 1 })).toBe(0);
    expect(portIndex('1', { column: 'L', row: 8 })).toBe(95);
    expect(portIndex('1', { column: 'B', row: 3 })).toBe(10);
    expect(portIndex('2', { column: 'B', row: 3 })).toBeUndefined(); // calibration: rows 1 and 8 only
    expect(portIndex('2', { column: 'B', row: 8 })).toBe(15);
    expect(portIndex('3', { column: 'B', row: 16 })).toBe(31);
    expect(portIndex('3', { column: 'E', row: 1 })).toBeUndefined();
    expect(portIndex('0', { column: 'A', row: 1 })).toBeUndefined();
    expect(portAt('3', 'r', 31)).toEqual({ cassette: 'r', column: 'B', row: 16 });
    expect(portAt('3', 'r', 64)).toBeUndefined();
  });
});

describe('robot_status', () => {
  it('parses the SSRL recovery-script example', () => {
    const text =
      'status: 0 need_reset: 0 need_cal: 0 state: idle warning: {} cal_msg: {Gonio Cal: Done} cal_step: {100 of 100} mounted: {} pin_lost: 0 pin_mounted: 213 manual_mode: 0 need_mag_cal: 0 need_cas_cal: 0 need_clear: 0';
    expect(parseRobotStatus(text)).toEqual({
      status: 0,
      needReset: false,
      needCal: false,
      state: 'idle',
      warning: '',
      calMsg: 'Gonio Cal: Done',
      calStep: '100 of 100',
      mounted: null,
      pinLost: 0,
      pinMounted: 213,
      manualMode: false,
      needMagCal: false,
      needCasCal: false,
      needClear: false,
    });
  });

  it('formats in the fixed order, braced, deriving the flags from the word', () => {
    const text = formatRobotStatus({
      status: ROBOT_FLAGS.NEED_CLR | ROBOT_FLAGS.NEED_CAL_CASSETTE | ROBOT_FLAGS.IN_MANUAL,
      state: 'mount_crystal l 4 A 0 0 0 0',
      warning: '',
      calMsg: '',
      calStep: '',
      mounted: { cassette: 'l', column: 'A', row: 4 },
      pinLost: 1,
      pinMounted: 12,
    });
    expect(text).toBe(
      'status: 2147483657 need_reset: 0 need_cal: 1 state: {mount_crystal l 4 A 0 0 0 0} warning: {} cal_msg: {} cal_step: {} mounted: {l 4 A} pin_lost: 1 pin_mounted: 12 manual_mode: 1 need_mag_cal: 0 need_cas_cal: 1 need_clear: 1',
    );
    expect(parseRobotStatus(text).mounted).toEqual({ cassette: 'l', column: 'A', row: 4 });
  });

  it('reads brace-wrapped numbers', () => {
    expect(parseRobotStatus('status: {5} pin_lost: {3}')).toMatchObject({ status: 5, pinLost: 3, needClear: true, needCal: true });
  });

  it('rejects what it cannot read', () => {
    expect(() => parseRobotStatus('state: {idle}')).toThrow(/no status/);
    expect(() => parseRobotStatus('status: x')).toThrow(RobotFormatError);
    expect(() => parseRobotStatus('status: 0 pin_lost:')).toThrow(/odd/);
  });
});

describe('robot_state', () => {
  const example = '{on gonio} {in cradle} P18 no {m 2 A} 110 1 1 1 0 0 {invalid} {invalid} {invalid} 27 27 0 0';
  const parsed: RobotState = {
    sample: 'on gonio',
    dumbbell: 'in cradle',
    point: 'P18',
    ln2: 'no',
    currentPort: { cassette: 'm', column: 'A', row: 2 },
    pinsMounted: 110,
    pinsLost: 1,
    pinsMountedBeforeLost: 1,
    sampleOnGonio: true,
    pinsStripped: 0,
    pinsStrippedShort: 0,
    tongPort: null,
    pickerPort: null,
    placerPort: null,
    puckPinsMounted: 27,
    puckPinsMountedShort: 27,
    pinsMoved: 0,
    puckPinsMoved: 0,
  };
  it('parses and formats the spec example exactly', () => {
    expect(parseRobotState(example)).toEqual(parsed);
    expect(formatRobotState(parsed)).toBe(example);
  });
  it('checks the structure', () => {
    expect(() => parseRobotState('no out P0')).toThrow(/18/);
    expect(() => parseRobotState(example.replace('110', 'x'))).toThrow(/count/);
    expect(parseRobotState(example.replace('{in cradle}', 'sideways')).dumbbell).toBe('bad state');
  });
});

describe('robot_cassette', () => {
  const cassette: RobotCassette = { l: newHolder('1'), m: newHolder('3', '0'), r: newHolder('0') };
  cassette.l.ports[0] = 'm';
  it('is 581 characters, blocks at 0, 194 and 388', () => {
    const text = formatRobotCassette(cassette);
    expect(text.length).toBe(581);
    expect(text[0]).toBe('1');
    expect(text[2]).toBe('m');
    expect(text[194]).toBe('3');
    expect(text[388]).toBe('0');
    expect(text[390]).toBe('-');
    expect(parseRobotCassette(text)).toEqual(cassette);
    expect(parseRobotCassette(text.replace(/ /g, '  '))).toEqual(cassette); // double spaces seen in real traffic
  });
  it('has a 291-character compact form for PORTS', () => {
    const compact = formatPortsCompact(cassette);
    expect(compact.length).toBe(291);
    expect(compact[97]).toBe('3');
    expect(compact[194]).toBe('0');
    expect(parsePortsCompact(compact)).toEqual(cassette);
  });
  it('lays out holders', () => {
    expect(newHolder('3').ports.filter((p) => p === '1').length).toBe(64);
    expect(newHolder('2').ports.filter((p) => p === '1').length).toBe(24);
    expect(newHolder('u').ports.every((p) => p === 'u')).toBe(true);
    expect(getPortState(cassette, { cassette: 'l', column: 'A', row: 1 })).toBe('m');
    expect(getPortState(cassette, { cassette: 'r', column: 'A', row: 1 })).toBeUndefined();
  });
  it('rejects bad strings', () => {
    expect(() => parseRobotCassette('1 1 1')).toThrow(/291/);
    expect(() => parseRobotCassette(formatRobotCassette(cassette).replace(/^1/, 'Q'))).toThrow(/holder type/);
  });
});

describe('status flags', () => {
  it('names bits and back', () => {
    expect(robotFlagNames(0x81)).toEqual(['NEED_CLR', 'PORT_JAM']);
    expect(robotFlagNames(0x80000000)).toEqual(['IN_MANUAL']);
    expect(robotFlagsFromNames(['NEED_CLR', 'PORT_JAM', 'bogus'])).toBe(0x81);
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (word) => {
        expect(robotFlagsFromNames(robotFlagNames(word))).toBe(word);
      }),
    );
  });
  it('get_robotstate replies', () => {
    expect(formatRobotStateReply(0x81)).toBe('129 NEED_CLR PORT_JAM');
    expect(parseRobotStateReply('129 NEED_CLR PORT_JAM')).toEqual({ status: 129, flags: ['NEED_CLR', 'PORT_JAM'] });
    expect(() => parseRobotStateReply('')).toThrow(RobotFormatError);
  });
});

describe('replies, io, attributes', () => {
  it('port replies', () => {
    expect(parsePortReply('l 1 A')).toEqual({ cassette: 'l', column: 'A', row: 1 });
    expect(parsePortReply('n 0 N')).toBeNull();
    expect(parseMountNextReply('l 1 A normal m 2 B')).toEqual({
      dismounted: { cassette: 'l', column: 'A', row: 1 },
      mounted: { cassette: 'm', column: 'B', row: 2 },
    });
    expect(parseMountNextReply('n 0 N normal m 2 B').dismounted).toBeNull();
    expect(parseMountNextReply('l 1 A aborted')).toEqual({ dismounted: { cassette: 'l', column: 'A', row: 1 }, mounted: null, failure: 'aborted' });
  });
  it('robot_input / robot_output', () => {
    const bits = Array.from({ length: 16 }, (_, i) => i === 1 || i === 14);
    expect(formatRobotBits(bits)).toBe('0 1 0 0 0 0 0 0 0 0 0 0 0 0 1 0');
    expect(parseRobotBits('0 1 0 0 0 0 0 0 0 0 0 0 0 0 1 0')).toEqual(bits);
    expect(bitsToWord(bits)).toBe(0x4002);
    expect(() => parseRobotBits('0 1')).toThrow(RobotFormatError);
  });
  it('robot_attribute', () => {
    const text = formatRobotAttributes(DEFAULT_ROBOT_ATTRIBUTES);
    expect(text.split(' ')).toHaveLength(14);
    expect(parseRobotAttributes(text)).toEqual(DEFAULT_ROBOT_ATTRIBUTES);
    expect(parseRobotAttributes('1 0 0 5 1 1 0 1 0 0 0 2 0 1')).toMatchObject({ detailedMessages: true, lostPinThreshold: 5, checkPicker: true });
    expect(() => parseRobotAttributes('1 0')).toThrow(/14/);
  });
});
