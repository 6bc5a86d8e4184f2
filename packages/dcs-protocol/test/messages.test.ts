import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DcsMessage, HardwareMessage, ServerMessage } from '../src/index.js';
import { formatMessage, ofType, parseHardwareMessage, parseMessage, parseServerMessage } from '../src/index.js';

describe('server → DHS catalogue', () => {
  const cases: [string, ServerMessage][] = [
    ['stoc_send_client_type', { type: 'stoc_send_client_type' }],
    ['stoh_register_operation mount_crystal mount_crystal', { type: 'stoh_register_operation', name: 'mount_crystal', hardwareName: 'mount_crystal' }],
    ['stoh_register_string robot_status robot_status', { type: 'stoh_register_string', name: 'robot_status', hardwareName: 'robot_status' }],
    ['stoh_register_real_motor gonio_phi phi', { type: 'stoh_register_real_motor', name: 'gonio_phi', hardwareName: 'phi' }],
    ['stoh_register_pseudo_motor energy energy', { type: 'stoh_register_pseudo_motor', name: 'energy', hardwareName: 'energy' }],
    ['stoh_register_encoder enc e1', { type: 'stoh_register_encoder', name: 'enc', hardwareName: 'e1' }],
    ['stoh_register_object obj o', { type: 'stoh_register_object', name: 'obj', hardwareName: 'o' }],
    ['stoh_register_shutter shutter closed', { type: 'stoh_register_shutter', name: 'shutter', state: 'closed' }],
    ['stoh_register_shutter shutter open hw', { type: 'stoh_register_shutter', name: 'shutter', state: 'open', hardwareName: 'hw' }],
    [
      'stoh_register_ion_chamber i0 c 3 t1 clock',
      { type: 'stoh_register_ion_chamber', name: 'i0', hardwareName: 'c', counterChannel: '3', timer: 't1', timerType: 'clock' },
    ],
    [
      'stoh_start_operation prepare_mount_crystal 1.7 l 1 A 0 0 0 0',
      { type: 'stoh_start_operation', operation: 'prepare_mount_crystal', handle: '1.7', args: ['l', '1', 'A', '0', '0', '0', '0'] },
    ],
    ['stoh_start_operation robot_standby 1.8', { type: 'stoh_start_operation', operation: 'robot_standby', handle: '1.8', args: [] }],
    ['stoh_abort_all soft', { type: 'stoh_abort_all', mode: 'soft' }],
    ['stoh_abort_all hard', { type: 'stoh_abort_all', mode: 'hard' }],
    ['stoh_set_string robot_attribute 0 0 0 3 1 1 0 1 0 0 0 3 0 0', { type: 'stoh_set_string', name: 'robot_attribute', contents: '0 0 0 3 1 1 0 1 0 0 0 3 0 0' }],
    [
      'stoh_configure_string robot_attribute robot 1 0 0',
      { type: 'stoh_configure_string', name: 'robot_attribute', owner: 'robot', contents: '1 0 0' },
    ],
    [
      'stoh_configure_real_motor phi 10 180 -180 1000 500 0.1 0.5 1 1 0 0 1',
      {
        type: 'stoh_configure_real_motor',
        name: 'phi',
        position: 10,
        upperLimit: 180,
        lowerLimit: -180,
        scaleFactor: 1000,
        speed: 500,
        acceleration: 0.1,
        backlash: 0.5,
        lowerLimitOn: true,
        upperLimitOn: true,
        locked: false,
        backlashOn: false,
        reverseOn: true,
      },
    ],
    ['stoh_start_motor_move phi 12.5', { type: 'stoh_start_motor_move', args: ['phi', '12.5'] }],
    ['stoh_set_motor_children energy {a b}', { type: 'stoh_set_motor_children', args: ['energy', 'a b'] }],
  ];
  for (const [text, message] of cases) {
    it(text, () => {
      expect(parseServerMessage(text)).toEqual(message);
      expect(formatMessage(message)).toBe(text);
    });
  }

  it('tolerates the newline DCSS appends to registrations', () => {
    expect(parseServerMessage('stoh_register_string robot_state robot_state\n')).toMatchObject({ hardwareName: 'robot_state' });
  });
});

describe('DHS → server catalogue', () => {
  const cases: [string, HardwareMessage][] = [
    ['htos_client_is_hardware robot', { type: 'htos_client_is_hardware', dhsName: 'robot' }],
    ['htos_operation_update prepare_mount_crystal 1.7 OK to prepare', { type: 'htos_operation_update', operation: 'prepare_mount_crystal', handle: '1.7', text: 'OK to prepare' }],
    ['htos_operation_completed mount_crystal 1.8 normal l 1 A', { type: 'htos_operation_completed', operation: 'mount_crystal', handle: '1.8', status: 'normal', returns: 'l 1 A' }],
    [
      'htos_operation_completed mount_crystal 1.9 FAILED, need to call PrepareMountCrystal first',
      { type: 'htos_operation_completed', operation: 'mount_crystal', handle: '1.9', status: 'FAILED,', returns: 'need to call PrepareMountCrystal first' },
    ],
    ['htos_operation_completed robot_standby 2.1 normal', { type: 'htos_operation_completed', operation: 'robot_standby', handle: '2.1', status: 'normal', returns: '' }],
    ['htos_start_operation other a b', { type: 'htos_start_operation', operation: 'other', args: ['a', 'b'] }],
    [
      'htos_set_string_completed robot_status normal status: 0 state: {idle}',
      { type: 'htos_set_string_completed', name: 'robot_status', status: 'normal', contents: 'status: 0 state: {idle}' },
    ],
    ['htos_send_configuration robot_attribute', { type: 'htos_send_configuration', device: 'robot_attribute' }],
    ['htos_log error robot Went home because of timeout for waiting message', { type: 'htos_log', level: 'error', sender: 'robot', text: 'Went home because of timeout for waiting message' }],
    ['htos_note hello there', { type: 'htos_note', text: 'hello there' }],
    ['htos_motor_move_completed phi 12 normal', { type: 'htos_motor_move_completed', args: ['phi', '12', 'normal'] }],
  ];
  for (const [text, message] of cases) {
    it(text, () => {
      expect(parseHardwareMessage(text)).toEqual(message);
      expect(formatMessage(message)).toBe(text);
    });
  }

  it('keeps free text with unbalanced braces intact', () => {
    expect(parseHardwareMessage('htos_log warning robot bad { brace')).toMatchObject({ text: 'bad { brace' });
    expect(parseHardwareMessage('htos_operation_completed op 1.1 {broken')).toMatchObject({ status: '{broken' });
  });

  it('treats a completion with no status as a failure, not as garbage', () => {
    expect(parseHardwareMessage('htos_operation_completed op 1.1')).toMatchObject({ type: 'htos_operation_completed', status: '' });
  });
});

describe('unknown and malformed texts', () => {
  it('are UnknownMessage with a reason, formatted back verbatim', () => {
    const unknown = parseHardwareMessage('htos_frobnicate 1 2');
    expect(unknown).toEqual({ type: 'unknown', command: 'htos_frobnicate', text: 'htos_frobnicate 1 2', reason: 'unrecognized command' });
    expect(formatMessage(unknown)).toBe('htos_frobnicate 1 2');
    expect(parseHardwareMessage('htos_operation_update op')).toMatchObject({ type: 'unknown', reason: expect.stringMatching(/needs 2 argument/) });
    expect(parseServerMessage('stoh_start_operation op 1.1 {unbalanced')).toMatchObject({ type: 'unknown', reason: expect.stringMatching(/brace/) });
    expect(parseServerMessage('stoh_register_shutter s ajar')).toMatchObject({ type: 'unknown' });
    expect(parseServerMessage('')).toMatchObject({ type: 'unknown', reason: 'empty message' });
    expect(parseServerMessage('htos_note x')).toMatchObject({ type: 'unknown' }); // wrong direction
    expect(parseMessage('htos_note x')).toMatchObject({ type: 'htos_note' });
  });

  it('never throw, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('', 'htos_operation_completed ', 'stoh_start_operation ', 'htos_log '), (tail, head) => {
        expect(() => parseMessage(head + tail)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('format then parse is the identity', () => {
  const word = fc.string({ unit: fc.constantFrom(...'abc_.{} 1'.split('')), maxLength: 8 });
  const token = fc.string({ unit: fc.constantFrom(...'abcXYZ_.:,019'.split('')), minLength: 1, maxLength: 8 });
  const freeText = fc.string({ unit: fc.constantFrom(...'ab {}:,.1 '.split('')), maxLength: 30 }).map((s) => s.trimStart());
  const messages: fc.Arbitrary<DcsMessage> = fc.oneof(
    fc.record({ type: fc.constant('stoh_start_operation' as const), operation: word, handle: token, args: fc.array(word, { maxLength: 8 }) }),
    fc.record({ type: fc.constant('stoh_set_string' as const), name: word, contents: freeText }),
    fc.record({ type: fc.constant('stoh_configure_string' as const), name: word, owner: word, contents: freeText }),
    fc.record({ type: fc.constant('htos_operation_update' as const), operation: word, handle: token, text: freeText }),
    fc.record({ type: fc.constant('htos_operation_completed' as const), operation: word, handle: token, status: token, returns: freeText }),
    fc.record({ type: fc.constant('htos_set_string_completed' as const), name: word, status: token, contents: freeText }),
    fc.record({ type: fc.constant('htos_log' as const), level: word, sender: word, text: freeText }),
  );
  it('for random messages', () => {
    fc.assert(
      fc.property(messages, (message) => {
        expect(parseMessage(formatMessage(message))).toEqual(message);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ofType', () => {
  it('filters and narrows', async () => {
    const source = from<HardwareMessage[]>([
      { type: 'htos_note', text: 'a' },
      { type: 'htos_send_configuration', device: 'robot_attribute' },
      { type: 'htos_note', text: 'b' },
    ]);
    const notes = await lastValueFrom(source.pipe(ofType('htos_note'), toArray()));
    expect(notes.map((n) => n.text)).toEqual(['a', 'b']);
  });
});
