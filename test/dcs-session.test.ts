// Our DcssServer against the simulated RobotDHS process (fixtures/robot-dhs), over TCP on
// 127.0.0.1. Needs the built fixture: `npm run build` first.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Observable } from 'rxjs';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DcssServerEvent, HardwareMessage, OperationEvent } from '@devioc/dcs-protocol';
import {
  DcssServer,
  DEFAULT_ROBOT_ATTRIBUTES,
  formatRobotAttributes,
  getPortState,
  OK_TO_PREPARE,
  OperationError,
  parseMountNextReply,
  parsePortReply,
  parseRobotAttributes,
  parseRobotBits,
  parseRobotCassette,
  parseRobotState,
  parseRobotStateReply,
  parseRobotStatus,
  ROBOT_FLAGS,
  ROBOT_OPERATIONS,
  ROBOT_STRINGS,
  ROBOT_WRITE_STRINGS,
} from '@devioc/dcs-protocol';

const root = fileURLToPath(new URL('..', import.meta.url));
const simulatorEntry = `${root}fixtures/robot-dhs/dist/main.js`;
const WAIT = 5000;

function waitFor<T>(source: Observable<T>, predicate: (value: T) => boolean, ms = WAIT): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate), timeout(ms)));
}

/** One simulator process, its output, and its control port. */
class Simulator {
  readonly lines: string[] = [];
  controlPort = 0;
  private constructor(readonly child: ChildProcessWithoutNullStreams) {}

  static async start(dcssPort: number, extra: string[] = []): Promise<Simulator> {
    const child = spawn(
      process.execPath,
      [simulatorEntry, '--host', '127.0.0.1', '--port', String(dcssPort), '--name', 'robot', '--speed', '100', '--retry-ms', '100', '--control-port', '0', ...extra],
      { cwd: root },
    );
    const simulator = new Simulator(child);
    const ready = new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          simulator.lines.push(line);
          const match = /control port listening on 127\.0\.0\.1:(\d+)/.exec(line);
          if (match) resolve(Number(match[1]));
          newline = buffer.indexOf('\n');
        }
      });
      child.stderr.on('data', (chunk: Buffer) => simulator.lines.push(`stderr: ${chunk.toString()}`));
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${simulator.lines.join('\n')}`)));
      setTimeout(() => reject(new Error(`simulator did not start: ${simulator.lines.join('\n')}`)), WAIT);
    });
    simulator.controlPort = await ready;
    return simulator;
  }

  /** One control-port command, one line back. */
  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: this.controlPort });
      let reply = '';
      socket.on('data', (chunk) => {
        reply += chunk.toString();
        if (reply.includes('\n')) {
          socket.end();
          resolve(reply.trim());
        }
      });
      socket.on('error', reject);
      socket.write(`${line}\nquit\n`);
    });
  }

  async state(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.command('state')) as Record<string, unknown>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}

/** Our side: a DcssServer for the robot, with the latest value of every string. */
async function startServer() {
  const server = new DcssServer({
    port: 0,
    host: '127.0.0.1',
    dhs: {
      name: 'robot',
      operations: ROBOT_OPERATIONS,
      strings: ROBOT_STRINGS,
      configuration: (device) => (device === 'robot_attribute' ? formatRobotAttributes({ ...DEFAULT_ROBOT_ATTRIBUTES, lostPinThreshold: 7 }) : undefined),
    },
  });
  await server.listen();
  const link = server.dhs('robot');
  const strings = new Map<string, string>();
  const received: HardwareMessage[] = [];
  const events: DcssServerEvent[] = [];
  link.messages$.subscribe((m) => {
    received.push(m);
    if (m.type === 'htos_set_string_completed' && m.status === 'normal') strings.set(m.name, m.contents);
  });
  server.events$.subscribe((e) => events.push(e));
  return { server, link, strings, received, events };
}

type Session = Awaited<ReturnType<typeof startServer>>;

/** Wait until a string satisfies a predicate (current value first, then updates). */
function stringMatching(session: Session, name: string, predicate: (contents: string) => boolean): Promise<string> {
  const current = session.strings.get(name);
  if (current !== undefined && predicate(current)) return Promise.resolve(current);
  return waitFor(session.link.messages$, (m) => m.type === 'htos_set_string_completed' && m.name === name && predicate(m.contents)).then(
    (m) => (m.type === 'htos_set_string_completed' ? m.contents : ''),
  );
}

const status = (session: Session) => parseRobotStatus(session.strings.get('robot_status') ?? '');

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!existsSync(simulatorEntry)) throw new Error(`${simulatorEntry} is missing: run "npm run build" first`);
});

/** A server plus a simulator connected to it, registered, with all strings received. */
async function session(extra: string[] = []): Promise<Session & { simulator: Simulator }> {
  const s = await startServer();
  cleanups.push(() => s.server.close());
  const online = waitFor(s.link.state$, (state) => state.status === 'online');
  const simulator = await Simulator.start(s.server.port, extra);
  cleanups.push(() => simulator.stop());
  await online;
  // Registration makes the robot re-send every cached string; robot_attribute is echoed last.
  await waitFor(s.link.messages$, (m) => m.type === 'htos_set_string_completed' && m.name === 'robot_attribute');
  for (const name of ROBOT_WRITE_STRINGS) await stringMatching(s, name, () => true);
  return { ...s, simulator };
}

const MOUNT_ARGS = ['l', '1', 'A', '0', '0', '0', '0'];

describe('a DCS session with the simulated RobotDHS', () => {
  it('registers, receives every robot string in its exact format, and configures robot_attribute', async () => {
    const s = await session();
    expect(s.received.find((m) => m.type === 'htos_send_configuration')).toEqual({ type: 'htos_send_configuration', device: 'robot_attribute' });
    expect(parseRobotAttributes(s.strings.get('robot_attribute') ?? '').lostPinThreshold).toBe(7);
    expect(status(s)).toMatchObject({ status: 0, state: 'idle', mounted: null, needReset: false });
    expect(parseRobotState(s.strings.get('robot_state') ?? '')).toMatchObject({ sample: 'no', dumbbell: 'in cradle', point: 'P0', ln2: 'yes', currentPort: null });
    const cassetteText = s.strings.get('robot_cassette') ?? '';
    expect(cassetteText.length).toBe(581);
    const cassette = parseRobotCassette(cassetteText);
    expect([cassette.l.type, cassette.m.type, cassette.r.type]).toEqual(['1', '3', '1']);
    expect(getPortState(cassette, { cassette: 'l', column: 'A', row: 1 })).toBe('1');
    expect(parseRobotBits(s.strings.get('robot_input') ?? '')).toHaveLength(16);
    expect(parseRobotBits(s.strings.get('robot_output') ?? '')).toHaveLength(16);
    expect(s.strings.get('robot_sample')).toBe('');
    const reply = parseRobotStateReply(await s.link.run('get_robotstate', [], { timeoutMs: WAIT }));
    expect(reply).toEqual({ status: 0, flags: [] });
  });

  it('runs prepare_mount_crystal + mount_crystal + robot_standby', async () => {
    const s = await session();
    const prepare: OperationEvent[] = [];
    await new Promise<void>((resolve, reject) =>
      s.link.start('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT }).subscribe({ next: (e) => prepare.push(e), error: reject, complete: resolve }),
    );
    expect(prepare[0]).toMatchObject({ type: 'update', text: OK_TO_PREPARE });
    expect(prepare.at(-1)).toMatchObject({ type: 'result', returns: 'l 1 A' });
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).state === 'waiting_followup');
    expect(parseRobotState(s.strings.get('robot_state') ?? '').point).toBe('P3');

    const mounted = await s.link.run('mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT });
    expect(parsePortReply(mounted)).toEqual({ cassette: 'l', column: 'A', row: 1 });
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).mounted?.column === 'A');
    const cassette = parseRobotCassette(await stringMatching(s, 'robot_cassette', (t) => t[2] === 'm'));
    expect(cassette.l.ports[0]).toBe('m');
    expect(parseRobotState(s.strings.get('robot_state') ?? '')).toMatchObject({ sample: 'on gonio', sampleOnGonio: true, pinsMounted: 1 });
    expect(s.strings.get('robot_sample')).toBe('mounted');

    expect(await s.link.run('robot_standby', [], { timeoutMs: WAIT })).toBe('OK');
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).state === 'idle');
    expect(parseRobotState(s.strings.get('robot_state') ?? '').point).toBe('P0');
    expect(status(s)).toMatchObject({ status: 0, pinMounted: 1, mounted: { cassette: 'l', column: 'A', row: 1 } });
  });

  it('answers every other operation of the table as documented', async () => {
    const s = await session(['--empty', 'lB1']);
    const run = (op: string, args: string[]) => s.link.run(op, args, { timeoutMs: WAIT });
    const updates: string[] = [];
    s.link.messages$.subscribe((m) => {
      if (m.type === 'htos_operation_update') updates.push(`${m.operation} ${m.text}`);
    });
    await run('prepare_mount_crystal', MOUNT_ARGS);
    await run('mount_crystal', MOUNT_ARGS);
    const next = ['l', '1', 'A', 'l', '2', 'A', '0', '0', '0', '0'];
    expect(await run('prepare_mount_next_crystal', next)).toBe('l 1 A normal l 2 A');
    expect(parseMountNextReply(await run('mount_next_crystal', next))).toEqual({
      dismounted: { cassette: 'l', column: 'A', row: 1 },
      mounted: { cassette: 'l', column: 'A', row: 2 },
    });
    expect(await run('prepare_wash_crystal', ['2', '0', '0', '0', '0'])).toBe('');
    expect(await run('wash_crystal', ['2', '0', '0', '0', '0'])).toBe('');
    await run('robot_standby', []);
    const dismount = ['l', '2', 'A', '0', '0', '0', '0'];
    expect(await run('prepare_dismount_crystal', dismount)).toBe('l 2 A');
    expect(await run('dismount_crystal', dismount)).toBe('l 2 A');
    expect(await run('prepare_move_crystal', ['lA1', 'lB1'])).toBe('');
    expect(await run('move_crystal', ['lA1', 'lB1'])).toBe('');
    await run('robot_standby', []);
    const cassette = parseRobotCassette(await stringMatching(s, 'robot_cassette', (t) => parseRobotCassette(t).l.ports[8] === '1'));
    expect([cassette.l.ports[0], cassette.l.ports[1], cassette.l.ports[8]]).toEqual(['0', '1', '1']); // lA1 moved to lB1
    expect(status(s).mounted).toBeNull();
    expect(parseRobotState(s.strings.get('robot_state') ?? '')).toMatchObject({ pinsMounted: 2, pinsMoved: 1 });

    expect(await run('robot_config', ['set_port_state', 'rX0', 'u'])).toBe('OK');
    await stringMatching(s, 'robot_cassette', (t) => parseRobotCassette(t).r.type === 'u');
    expect(await run('robot_config', ['probe', ...Array.from({ length: 291 }, () => '0')])).toBe('OK');
    await expect(run('robot_config', ['bogus_subcommand'])).rejects.toMatchObject({ text: 'Not implemented yet' });
    expect(await run('robot_calibrate', ['goniometer'])).toBe('OK');
    expect(parseRobotStatus(await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).state === 'idle'))).toMatchObject({
      calMsg: 'Gonio Cal: Done',
      calStep: '100 of 100',
    });
    expect(updates).toEqual([
      'prepare_mount_crystal OK to prepare',
      'prepare_mount_next_crystal OK to prepare',
      'prepare_wash_crystal OK to Wash',
      'prepare_dismount_crystal OK to prepare',
      'prepare_move_crystal OK to prepare',
    ]);
  }, 20_000);

  it('refuses mount_crystal without a prepare', async () => {
    const s = await session();
    await expect(s.link.run('mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).rejects.toMatchObject({
      kind: 'failed',
      text: 'FAILED, need to call PrepareMountCrystal first',
    });
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).warning === 'FAILED, need to call PrepareMountCrystal first');
  });

  it('aborts a running operation; the robot then needs a reset', async () => {
    // Slower robot: the abort must land while the calibration runs, even on a loaded machine.
    const s = await session(['--speed', '10']);
    const running = s.link.run('robot_calibrate', ['goniometer'], { timeoutMs: WAIT });
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).state === 'robot_calibrate goniometer');
    s.link.send({ type: 'stoh_abort_all', mode: 'soft' });
    await expect(running).rejects.toMatchObject({ kind: 'failed', text: 'aborted' });
    const after = parseRobotStatus(await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).state === 'idle'));
    expect(after.needReset).toBe(true);
    expect(after.status & ROBOT_FLAGS.ABORT).toBe(ROBOT_FLAGS.ABORT);
    expect(s.strings.get('robot_sample')).toBe('abort');
    await expect(s.link.run('robot_standby', [], { timeoutMs: WAIT })).rejects.toMatchObject({ text: 'need reset' });
    expect(await s.link.run('robot_config', ['clear_status'], { timeoutMs: WAIT })).toBe('0 all cleared');
    expect(await s.link.run('robot_standby', [], { timeoutMs: WAIT })).toBe('OK');
  });

  it('answers busy when the queue is full, and get_robotstate at once meanwhile', async () => {
    const s = await session();
    const runs = Array.from({ length: 5 }, () => s.link.run('robot_standby', [], { timeoutMs: WAIT }).then(
      (returns) => ({ ok: true as const, returns }),
      (error: OperationError) => ({ ok: false as const, error }),
    ));
    const state = parseRobotStateReply(await s.link.run('get_robotstate', [], { timeoutMs: WAIT }));
    expect(state.status).toBe(0);
    const results = await Promise.all(runs);
    expect(results.slice(0, 4).every((r) => r.ok)).toBe(true);
    const busy = results[4];
    expect(busy?.ok).toBe(false);
    if (busy && !busy.ok) {
      expect(busy.error.kind).toBe('busy');
      expect(busy.error.text).toMatch(/^busy doing robot_standby 1\.\d+$/);
    }
  });

  it('goes home by itself when the follow-up does not come in time', async () => {
    const s = await session(['--followup-speed', '3000']);
    await s.link.run('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT });
    const log = waitFor(s.link.messages$, (m) => m.type === 'htos_log' && m.level === 'error');
    await stringMatching(s, 'robot_sample', (t) => t === 'error: timeout waiting for message');
    expect(await log).toMatchObject({ sender: 'robot', text: 'Went home because of timeout for waiting message' });
    expect(parseRobotState(s.strings.get('robot_state') ?? '').point).toBe('P0');
  });
});

describe('faults and reconnection', () => {
  it('a server-side drop fails the running operation; the DHS reconnects and re-sends its strings', async () => {
    const s = await session(['--speed', '10']);
    const running = s.link.run('robot_calibrate', ['cassette'], { timeoutMs: WAIT });
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).state.startsWith('robot_calibrate'));
    s.strings.clear();
    s.link.disconnect('test drop');
    await expect(running).rejects.toMatchObject({ kind: 'disconnected' });
    await waitFor(s.link.state$, (state) => state.status === 'online');
    for (const name of ROBOT_WRITE_STRINGS) await stringMatching(s, name, () => true);
  });

  it('disconnect_mid_message: the server logs a truncated message, goes offline, keeps listening; the DHS reconnects', async () => {
    const s = await session();
    expect(await s.simulator.command('fault disconnect_mid_message')).toBe('ok disconnect_mid_message done');
    const offline = await waitFor(s.link.state$, (state) => state.status === 'offline');
    expect(offline).toMatchObject({ reason: expect.stringMatching(/middle of a message/) });
    await waitFor(s.link.state$, (state) => state.status === 'online');
    expect(await s.link.run('get_robotstate', [], { timeoutMs: WAIT })).toBe('0');
  });

  it('garbage_frame: a header that does not parse drops the connection; the DHS reconnects', async () => {
    const s = await session();
    expect(await s.simulator.command('fault garbage_frame')).toBe('ok garbage_frame done');
    const offline = await waitFor(s.link.state$, (state) => state.status === 'offline');
    expect(offline).toMatchObject({ reason: expect.stringMatching(/does not parse/) });
    await waitFor(s.link.state$, (state) => state.status === 'online');
    expect(s.events.filter((e) => e.type === 'online')).toHaveLength(2);
  });

  it('hang: the DHS keeps its socket but answers nothing until unhang, then sends what it held', async () => {
    const s = await session();
    expect(await s.simulator.command('fault hang')).toBe('ok hang done');
    expect(await s.simulator.state()).toMatchObject({ hung: true, connected: true });
    // Nothing comes back while hung, and the connection stays up.
    await expect(s.link.run('get_robotstate', [], { timeoutMs: 300 })).rejects.toMatchObject({ kind: 'timeout' });
    expect((await firstValueFrom(s.link.state$)).status).toBe('online');
    const answered = s.link.run('get_robotstate', [], { timeoutMs: WAIT });
    expect(await s.simulator.command('unhang')).toBe('ok');
    expect(await answered).toBe('0');
    expect(await s.simulator.command('unhang')).toBe('ok not hung');
    expect(s.events.filter((e) => e.type === 'online')).toHaveLength(1);
  });

  it('hang, then the server gives up and closes: the hung DHS notices only when it answers again, then reconnects', async () => {
    const s = await session();
    expect(await s.simulator.command('fault hang')).toBe('ok hang done');
    s.link.disconnect('no answer');
    await waitFor(s.link.state$, (state) => state.status === 'offline');
    // Hung: it has not read the close, so it still thinks it is connected and does not retry.
    expect(await s.simulator.state()).toMatchObject({ hung: true, connected: true });
    expect(await s.simulator.command('unhang')).toBe('ok');
    await waitFor(s.link.state$, (state) => state.status === 'online');
    expect(await s.link.run('get_robotstate', [], { timeoutMs: WAIT })).toBe('0');
  });

  it('gripper_jam fails the mount and asks for a clear', async () => {
    const s = await session(['--fault', 'gripper_jam']);
    await s.link.run('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT });
    await expect(s.link.run('mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).rejects.toMatchObject({ text: 'FAILED: gripper jammed' });
    const st = parseRobotStatus(await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).needClear));
    expect(st.status & ROBOT_FLAGS.GRIPPER_JAM).toBe(ROBOT_FLAGS.GRIPPER_JAM);
    expect(st.warning).toBe('FAILED: gripper jammed');
    await expect(s.link.run('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).rejects.toMatchObject({ text: 'need clear or reset first' });
    expect(await s.link.run('robot_standby', [], { timeoutMs: WAIT })).toBe('OK');
    expect(await s.link.run('robot_config', ['clear'], { timeoutMs: WAIT })).toBe('0 cleared');
  });

  it('lost_pin: the mount reports n 0 N and counts the lost pin', async () => {
    const s = await session();
    expect(await s.simulator.command('fault lost_pin')).toBe('ok lost_pin armed');
    await s.link.run('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT });
    expect(await s.link.run('mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).toBe('n 0 N');
    const st = parseRobotStatus(await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).pinLost === 1));
    expect(st).toMatchObject({ needClear: true, mounted: null });
    expect(parseRobotState(s.strings.get('robot_state') ?? '')).toMatchObject({ pinsLost: 1 });
  });

  it('estop from the control port sets the flag word and shows in the state dump', async () => {
    const s = await session();
    expect(await s.simulator.command('fault estop')).toBe('ok estop done');
    const st = parseRobotStatus(await stringMatching(s, 'robot_status', (t) => (parseRobotStatus(t).status & ROBOT_FLAGS.ESTOP) !== 0));
    expect(st.needClear).toBe(true);
    const dump = await s.simulator.state();
    expect(dump).toMatchObject({ connected: true, flags: expect.arrayContaining(['ESTOP', 'NEED_CLR']) });
    expect(String(dump.ports)).toHaveLength(291);
    expect(parseRobotStateReply(await s.link.run('get_robotstate', [], { timeoutMs: WAIT })).flags).toEqual(['NEED_CLR', 'ESTOP']);
  });

  it('a DHS with a name the server does not know is refused and keeps retrying', async () => {
    const s = await startServer();
    cleanups.push(() => s.server.close());
    const refused = waitFor(s.server.events$, (e) => e.type === 'rejected' && e.reason === 'unknown-dhs');
    const simulator = await Simulator.start(s.server.port, ['--name', 'camera']);
    cleanups.push(() => simulator.stop());
    await refused;
    await waitFor(s.server.events$, (e) => e.type === 'rejected'); // a second attempt, 100 ms later
    expect(s.link.online).toBe(false);
  });
});
