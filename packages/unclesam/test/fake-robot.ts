/**
 * A scripted robot for unit tests: a real OperationTracker in front, and answers chosen per
 * operation, delivered asynchronously as the RobotDHS would. No sockets, no timers of its own
 * beyond a macrotask per answer.
 */
import { BehaviorSubject, Subject } from 'rxjs';
import type { HardwareMessage, OperationEvent, ServerMessage, StartOperationOptions } from '@devioc/dcs-protocol';
import { OperationTracker } from '@devioc/dcs-protocol';
import { Runtime } from '@devioc/core';
import type { Observable } from 'rxjs';
import type { OperationLink } from '../src/index.js';
import { Approach, RobotModel, Sequencer, type Prefetch, type PrefetchSlot } from '../src/index.js';

/** What the robot answers to one operation: updates, then a completion text (or nothing: it hangs). */
export interface Answer {
  updates?: string[];
  /** `normal l 1 A`, `FAILED: …`; undefined = never completes. */
  completion?: string;
  /** Delay before answering, ms. */
  delayMs?: number;
}

export class FakeRobot implements OperationLink {
  readonly sent: ServerMessage[] = [];
  readonly timeline: string[] = [];
  readonly messages = new Subject<HardwareMessage>();
  readonly disconnected = new Subject<string>();
  online = true;
  private readonly tracker = new OperationTracker({
    send: (m) => this.send(m),
    messages$: this.messages,
    disconnected$: this.disconnected,
  });
  private readonly answers = new Map<string, (args: string[]) => Answer>();

  /** Default answers: every prepare says OK to prepare; everything completes normally. */
  constructor() {
    const port = (args: string[], at: number) => args.slice(at, at + 3).join(' ');
    this.answer('prepare_mount_crystal', (a) => ({ updates: ['OK to prepare'], completion: `normal ${port(a, 0)}` }));
    this.answer('mount_crystal', (a) => ({ completion: `normal ${port(a, 0)}` }));
    this.answer('prepare_mount_next_crystal', (a) => ({ updates: ['OK to prepare'], completion: `normal ${port(a, 0)} normal ${port(a, 3)}` }));
    this.answer('mount_next_crystal', (a) => ({ completion: `normal ${port(a, 0)} normal ${port(a, 3)}` }));
    this.answer('prepare_dismount_crystal', (a) => ({ updates: ['OK to prepare'], completion: `normal ${port(a, 0)}` }));
    this.answer('dismount_crystal', (a) => ({ completion: `normal ${port(a, 0)}` }));
    this.answer('prepare_move_crystal', () => ({ updates: ['OK to prepare'], completion: 'normal' }));
    this.answer('move_crystal', () => ({ completion: 'normal' }));
    this.answer('prepare_wash_crystal', () => ({ updates: ['OK to Wash'], completion: 'normal' }));
    this.answer('wash_crystal', () => ({ completion: 'normal' }));
    this.answer('robot_standby', () => ({ completion: 'normal OK' }));
    this.answer('robot_config', () => ({ completion: 'normal OK' }));
    this.answer('robot_calibrate', () => ({ completion: 'normal OK' }));
  }

  answer(operation: string, answer: (args: string[]) => Answer): this {
    this.answers.set(operation, answer);
    return this;
  }

  start(operation: string, args: readonly string[] = [], options?: StartOperationOptions): Observable<OperationEvent> {
    return this.tracker.start(operation, args, options);
  }

  send(message: ServerMessage): boolean {
    if (!this.online) return false;
    this.sent.push(message);
    if (message.type === 'stoh_start_operation') {
      this.timeline.push(`start ${message.operation}`);
      const answer = this.answers.get(message.operation)?.(message.args) ?? { completion: 'normal' };
      setTimeout(() => this.reply(message.operation, message.handle, answer), answer.delayMs ?? 0);
    } else {
      this.timeline.push(message.type);
    }
    return true;
  }

  private reply(operation: string, handle: string, answer: Answer): void {
    if (!this.online) return;
    for (const text of answer.updates ?? []) this.messages.next({ type: 'htos_operation_update', operation, handle, text });
    if (answer.completion === undefined) return;
    const [status = '', ...rest] = answer.completion.split(' ');
    this.timeline.push(`done ${operation}`);
    this.messages.next({ type: 'htos_operation_completed', operation, handle, status, returns: rest.join(' ') });
  }

  /** The operations started, with their arguments: `prepare_mount_crystal l 1 A 0 0 0 0`. */
  operations(): string[] {
    return this.sent.flatMap((m) => (m.type === 'stoh_start_operation' ? [[m.operation, ...m.args].join(' ')] : []));
  }

  drop(): void {
    this.online = false;
    this.disconnected.next('dropped');
  }
}

/** A model (served nowhere), a sequencer on a FakeRobot, and an approach that records its writes. */
export async function sequenceBench(options: { approachDelayMs?: number; failWrites?: string[] } = {}) {
  const runtime = new Runtime({ serve: false });
  const model = new RobotModel('T', { runtime, approachOn: 'G:on', approachOff: 'G:off' });
  await model.start();
  const robot = new FakeRobot();
  const said: string[] = [];
  const errors: string[] = [];
  const activities: string[] = [];
  let prefetch: Prefetch | undefined;
  const slot: PrefetchSlot = {
    get: () => prefetch,
    set: (p) => {
      prefetch = p;
      void model.prefetched.put(p === undefined ? '' : `${p.port.cassette.toUpperCase()}${p.port.column}${p.port.row}`);
    },
  };
  const approach = new Approach({
    onPv: () => model.approachOnPv.get(),
    offPv: () => model.approachOffPv.get(),
    write: async (pv) => {
      robot.timeline.push(`write ${pv}`);
      if (options.approachDelayMs) await new Promise((resolve) => setTimeout(resolve, options.approachDelayMs));
      if (options.failWrites?.includes(pv)) throw new Error(`${pv} unreachable`);
      robot.timeline.push(`wrote ${pv}`);
    },
    state: (on) => void model.approach.put(on ? 1 : 0),
    log: { info: () => {}, warn: () => {}, error: (t) => errors.push(t) },
    retryDelayMs: 1,
  });
  let healthy = true;
  const unhealthy = new BehaviorSubject<string | undefined>(undefined);
  const sequencer = new Sequencer({
    model,
    link: robot,
    approach,
    prefetch: slot,
    say: (t) => said.push(t),
    fail: (t) => errors.push(t),
    healthy: () => healthy,
    unhealthy$: unhealthy,
  });
  sequencer.activity$.subscribe((a) => activities.push(a));
  return {
    model,
    robot,
    approach,
    sequencer,
    said,
    errors,
    activities,
    slot,
    /** HEALTH good or bad; `reason` is what unhealthy$ says then (`robot needs clear`). */
    setHealthy: (h: boolean, reason = 'robot not healthy') => {
      healthy = h;
      unhealthy.next(h ? undefined : reason);
    },
    /** Sets what the robot strings would: mounted port (LA1 form), port map, point. */
    robotState: async (s: { mounted?: string; ports?: string; point?: string }) => {
      if (s.mounted !== undefined) await model.port.put(s.mounted);
      if (s.ports !== undefined) await model.ports.put(s.ports);
      if (s.point !== undefined) await model.position.put(s.point);
    },
    close: async () => {
      await model.shutdown();
      await runtime.close();
    },
  };
}
