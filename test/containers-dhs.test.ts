// Our DcssServer on the host against the simulated RobotDHS in a container, through
// testcontainers (test/helpers/containers.ts). The container uses host networking: the DHS
// connects to the server's free port on 127.0.0.1, and its control port is on 127.0.0.1 too.
//
// Needs `npm run build` (the image bundles fixtures/robot-dhs/dist/main.js) and a container
// engine that speaks the Docker API: scripts/test-all.sh sets one up (scripts/container-engine.sh);
// without one, every test here fails with a message that says what is missing.
import type { Observable } from 'rxjs';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DcssServerEvent, DhsLinkState, HardwareMessage, OperationEvent } from '@devioc/dcs-protocol';
import {
  DcssServer,
  DEFAULT_ROBOT_ATTRIBUTES,
  formatRobotAttributes,
  OK_TO_PREPARE,
  OperationError,
  parsePortReply,
  parseRobotCassette,
  parseRobotState,
  parseRobotStatus,
  ROBOT_FLAGS,
  ROBOT_OPERATIONS,
  ROBOT_STRINGS,
  ROBOT_WRITE_STRINGS,
} from '@devioc/dcs-protocol';
import { simulatorImage, startSimulatorContainer, type SimulatorContainer, type SimulatorContainerOptions } from './helpers/containers.js';

const WAIT = 10_000;
const MOUNT_ARGS = ['l', '1', 'A', '0', '0', '0', '0'];

function waitFor<T>(source: Observable<T>, predicate: (value: T) => boolean, ms = WAIT): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate), timeout(ms)));
}

/** Our side: a DcssServer for the robot on a free port of 127.0.0.1, with the latest value of every string. */
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
  const states: DhsLinkState[] = [];
  link.messages$.subscribe((m) => {
    received.push(m);
    if (m.type === 'htos_set_string_completed' && m.status === 'normal') strings.set(m.name, m.contents);
  });
  link.state$.subscribe((s) => states.push(s));
  server.events$.subscribe((e) => events.push(e));
  return { server, link, strings, received, events, states };
}

type Server = Awaited<ReturnType<typeof startServer>>;
type Session = Server & { simulator: SimulatorContainer };

/** Wait until a string satisfies a predicate (current value first, then updates). */
function stringMatching(session: Server, name: string, predicate: (contents: string) => boolean): Promise<string> {
  const current = session.strings.get(name);
  if (current !== undefined && predicate(current)) return Promise.resolve(current);
  return waitFor(session.link.messages$, (m) => m.type === 'htos_set_string_completed' && m.name === name && predicate(m.contents)).then(
    (m) => (m.type === 'htos_set_string_completed' ? m.contents : ''),
  );
}

/** Registration makes the robot send every cached string; robot_attribute is echoed last. */
async function allStrings(session: Server): Promise<void> {
  await waitFor(session.link.messages$, (m) => m.type === 'htos_set_string_completed' && m.name === 'robot_attribute');
  for (const name of ROBOT_WRITE_STRINGS) await stringMatching(session, name, () => true);
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server on the host plus the simulator container connected to it, registered, with all strings received. */
async function session(options: Omit<SimulatorContainerOptions, 'dhsPort'> = {}): Promise<Session> {
  await image;
  const s = await startServer();
  cleanups.push(() => s.server.close());
  const registered = allStrings(s);
  registered.catch(() => undefined);
  const simulator = await startSimulatorContainer({ dhsPort: s.server.port, ...options });
  cleanups.push(() => simulator.remove());
  await waitFor(s.link.state$, (state) => state.status === 'online');
  await registered;
  return { ...s, simulator };
}

// The image, built once (seconds on a fresh machine; later runs find it by its hash). Without a
// container engine this rejects with what is missing, and every test fails with that message:
// none is skipped.
let image: Promise<string>;
beforeAll(async () => {
  image = simulatorImage();
  await image.catch(() => undefined);
}, 180_000);

describe('the simulated RobotDHS in a container (testcontainers)', () => {
  it('connects from the container to the host, handshakes, registers and sends every string', async () => {
    const s = await session();
    const online = s.states.at(-1);
    expect(online).toMatchObject({ status: 'online', remoteAddress: '127.0.0.1', framing: 'dcs2' });
    expect(s.events.filter((e) => e.type === 'online')).toHaveLength(1);
    expect(s.received.find((m) => m.type === 'htos_send_configuration')).toEqual({ type: 'htos_send_configuration', device: 'robot_attribute' });
    expect(s.strings.get('robot_attribute')).toBe(formatRobotAttributes({ ...DEFAULT_ROBOT_ATTRIBUTES, lostPinThreshold: 7 }));
    expect(parseRobotStatus(s.strings.get('robot_status') ?? '')).toMatchObject({ status: 0, state: 'idle', mounted: null });
    expect(s.strings.get('robot_cassette')).toHaveLength(581);
    expect(await s.link.run('get_robotstate', [], { timeoutMs: WAIT })).toBe('0');

    // It is the containerised simulator that talks: its log comes from the container.
    const connected = await s.simulator.waitForLine(/connected to /, { from: 0 });
    expect(connected.text).toContain(`connected to 127.0.0.1:${s.server.port} as robot`);
    expect(s.simulator.container.getId()).toMatch(/^[0-9a-f]{12,}$/);
    expect(await s.simulator.state()).toMatchObject({ connected: true, flags: [] });
  });

  it('mounts and dismounts: prepare_mount_crystal + mount_crystal + robot_standby, then the dismount', async () => {
    const s = await session();
    const prepare: OperationEvent[] = [];
    await new Promise<void>((resolve, reject) =>
      s.link.start('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT }).subscribe({ next: (e) => prepare.push(e), error: reject, complete: resolve }),
    );
    expect(prepare[0]).toMatchObject({ type: 'update', text: OK_TO_PREPARE });
    expect(prepare.at(-1)).toMatchObject({ type: 'result', returns: 'l 1 A' });
    expect(parseRobotState(s.strings.get('robot_state') ?? '').point).toBe('P3');

    expect(parsePortReply(await s.link.run('mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT }))).toEqual({ cassette: 'l', column: 'A', row: 1 });
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).mounted?.column === 'A');
    expect(parseRobotCassette(await stringMatching(s, 'robot_cassette', (t) => t[2] === 'm')).l.ports[0]).toBe('m');
    expect(s.strings.get('robot_sample')).toBe('mounted');
    expect(await s.link.run('robot_standby', [], { timeoutMs: WAIT })).toBe('OK');
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).state === 'idle');
    expect(parseRobotState(s.strings.get('robot_state') ?? '')).toMatchObject({ point: 'P0', sample: 'on gonio', pinsMounted: 1 });

    expect(await s.link.run('prepare_dismount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).toBe('l 1 A');
    expect(await s.link.run('dismount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).toBe('l 1 A');
    expect(await s.link.run('robot_standby', [], { timeoutMs: WAIT })).toBe('OK');
    await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).state === 'idle' && parseRobotStatus(t).mounted === null);
    expect(parseRobotCassette(await stringMatching(s, 'robot_cassette', (t) => t[2] === '1')).l.ports[0]).toBe('1');
  });

  it('stopped mid-mount: the operation fails as disconnected, the link goes offline; started again, the DHS comes back', async () => {
    // A slower robot (a mount takes about a second), so that the stop lands while it runs.
    const s = await session({ speed: 10 });
    await s.link.run('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT });
    const mounting = s.link.run('mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT }).then(
      (returns) => ({ ok: true as const, returns }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    await stringMatching(s, 'robot_sample', (t) => t.endsWith('mounting'));

    const offline = waitFor(s.link.state$, (state) => state.status === 'offline');
    const stoppedAt = Date.now();
    await s.simulator.stop();
    const result = await mounting;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(OperationError);
      expect(result.error).toMatchObject({ kind: 'disconnected', operation: 'mount_crystal', text: 'the DHS disconnected' });
    }
    expect(await offline).toMatchObject({ status: 'offline', reason: expect.stringMatching(/closed by peer|connection lost/) });
    expect(s.events.filter((e) => e.type === 'offline')).toHaveLength(1);
    expect(Date.now() - stoppedAt).toBeLessThan(WAIT);
    // While it is down, operations are refused at once.
    await expect(s.link.run('get_robotstate', [], { timeoutMs: WAIT })).rejects.toMatchObject({ kind: 'not-connected' });

    // Power back on: a new simulator process in the same container connects, registers, re-sends every string.
    s.strings.clear();
    const registered = allStrings(s);
    await s.simulator.start();
    await waitFor(s.link.state$, (state) => state.status === 'online');
    await registered;
    expect(s.events.filter((e) => e.type === 'online')).toHaveLength(2);
    expect(parseRobotStatus(s.strings.get('robot_status') ?? '')).toMatchObject({ state: 'idle', mounted: null });
    expect(await s.link.run('get_robotstate', [], { timeoutMs: WAIT })).toBe('0');
    // The mount that failed is tried again, and goes through.
    await s.link.run('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT });
    expect(await s.link.run('mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).toBe('l 1 A');
    expect(s.simulator.lines.filter((line) => /\bconnected to /.test(line.text))).toHaveLength(2);
  }, 60_000);

  it('a gripper jam injected through the control port fails the mount and shows in robot_status', async () => {
    const s = await session();
    expect(await s.simulator.control('fault gripper_jam')).toBe('ok gripper_jam armed');
    expect(JSON.parse(await s.simulator.control('faults'))).toEqual(['gripper_jam']);
    await s.link.run('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT });
    await expect(s.link.run('mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).rejects.toMatchObject({ kind: 'failed', text: 'FAILED: gripper jammed' });
    const status = parseRobotStatus(await stringMatching(s, 'robot_status', (t) => parseRobotStatus(t).needClear));
    expect(status.status & ROBOT_FLAGS.GRIPPER_JAM).toBe(ROBOT_FLAGS.GRIPPER_JAM);
    expect(status.warning).toBe('FAILED: gripper jammed');
    expect(await stringMatching(s, 'robot_sample', (t) => t === 'robot stopped')).toBe('robot stopped');
    expect(await s.simulator.state()).toMatchObject({ flags: expect.arrayContaining(['GRIPPER_JAM', 'NEED_CLR']) });
    await expect(s.link.run('prepare_mount_crystal', MOUNT_ARGS, { timeoutMs: WAIT })).rejects.toMatchObject({ text: 'need clear or reset first' });
    expect(await s.link.run('robot_standby', [], { timeoutMs: WAIT })).toBe('OK');
    expect(await s.link.run('robot_config', ['clear'], { timeoutMs: WAIT })).toBe('0 cleared');
    await stringMatching(s, 'robot_status', (t) => !parseRobotStatus(t).needClear);
  });

  it('a fault armed at start (--fault estop) shows as soon as the DHS registers', async () => {
    const s = await session({ faults: ['estop'] });
    const status = parseRobotStatus(await stringMatching(s, 'robot_status', (t) => (parseRobotStatus(t).status & ROBOT_FLAGS.ESTOP) !== 0));
    expect(status.needClear).toBe(true);
    expect(await s.simulator.waitForLine(/fault estop: /, { from: 0 })).toMatchObject({ text: expect.stringContaining('fault estop: done') });
  });
});
