/**
 * UncleSAM: the SAM robot's IOC. It owns the record model, the DCS link to the RobotDHS and
 * one sequencer, and wires them: robot strings become record values, CMD: toggles start
 * sequences (or are refused with a MESSAGE), CONNECTED/HEALTH/STATUS follow the link, the
 * robot and the sequence, and the goniometer handshake goes through the runtime's CA client.
 */
import type { Logger, RecordHandle } from '@devioc/core';
import { getLogger, Runtime } from '@devioc/core';
import type { AutosaveOptions } from '@devioc/core/autosave';
import { Dbe } from '@devioc/core/ca';
import type { HtosLog } from '@devioc/dcs-protocol';
import { formatPortName, formatRobotAttributes, samePort } from '@devioc/dcs-protocol';
import type { Subscription } from 'rxjs';
import { BehaviorSubject, combineLatest, filter, firstValueFrom, interval, map, merge, pairwise, startWith, timeout } from 'rxjs';
import { deriveHealth, deriveStatus } from './connection/health.js';
import { RobotConnection, type RobotConnectionOptions, type RobotStringUpdate } from './connection/robot-connection.js';
import { Health } from './model/choices.js';
import { ATTRIBUTE_TABLE, attributesOf } from './model/records/attributes.js';
import { RobotModel } from './model/robot-model.js';
import { applyValues, fitLong, fitString, robotStateReplyValues, statusWord, stringValues } from './parse/index.js';
import { Approach } from './safety/approach.js';
import { abortable } from './sequences/abortable.js';
import { mountedPort } from './sequences/common.js';
import type { Prefetch, PrefetchSlot } from './sequences/context.js';
import { dryDue, drySequence } from './sequences/drying.js';
import { POINT_COOL } from './sequences/points.js';
import { type CommandFacts, refusal, unhealthyReason } from './sequences/rules.js';
import { Sequencer } from './sequences/sequencer.js';
import { Commands } from './commands.js';

export interface UncleSamOptions extends Omit<RobotConnectionOptions, 'attributes' | 'logger'> {
  /** The PV prefix: every record is `<device>:<suffix>`. */
  device: string;
  /** PV written 1 when the robot may enter the goniometer area (any IOC, over CA). */
  approachOn?: string;
  /** PV written 1 when the robot has left the goniometer area. */
  approachOff?: string;
  /** PV that reads non-zero when the goniometer is ready for the robot; waited for after approach-on. */
  gonioReady?: string;
  /** Longest wait for an approach write to complete, and for the goniometer to be ready; default 60 s. */
  approachTimeoutMs?: number;
  /** Longest a single robot operation may take; default 10 minutes. */
  operationTimeoutMs?: number;
  /** Dry the tong by itself when TIMER:REHEAT or TIMER:SAMPLES runs out while idle; default true. */
  autoDry?: boolean;
  /** One second of TIMER:REHEAT; default 1000 ms (tests shorten it). */
  tickMs?: number;
  /**
   * Runtime (record database and CA server); default the process-wide one, or a runtime of its
   * own when `autosave` is given.
   */
  runtime?: Runtime;
  /**
   * Keep ATTR:*, PARAM:* and the TIMER:* records across restarts (synApps autosave .sav files in
   * this directory, or these settings). Only without `runtime` (a runtime brings its own autosave).
   */
  autosave?: string | AutosaveOptions;
  logger?: Logger;
}

/** What start() reports. */
export interface UncleSamAddress {
  /** The TCP port the RobotDHS connects to. */
  dhsPort: number;
  /** The CA server's TCP port. */
  caPort: number;
  records: number;
}

export class UncleSam {
  readonly model: RobotModel;
  readonly connection: RobotConnection;
  readonly approach: Approach;
  readonly sequencer: Sequencer;
  /** The CMD: callbacks (the model's `callbacks`). */
  readonly commands: Commands;
  private readonly log: Logger;
  private readonly severe$ = new BehaviorSubject(false);
  private prefetchState: Prefetch | undefined;
  private subscriptions: Subscription | undefined;
  private autoDryNotBefore = 0;

  constructor(readonly options: UncleSamOptions) {
    this.log = options.logger ?? getLogger('UncleSAM');
    // The model needs its callbacks now; they reach the model and the sequencer only once
    // clients can write, after start().
    const app = this;
    this.commands = new Commands({
      get model() {
        return app.model;
      },
      get sequencer() {
        return app.sequencer;
      },
      facts: () => this.facts(),
      abort: () => this.abort(),
      cleared: () => this.severe$.next(false),
      say: (text) => this.say(text),
      refuse: (text) => this.refuse(text),
    });
    if (options.runtime !== undefined && options.autosave !== undefined) throw new Error('UncleSAM: give autosave to the runtime, not beside it');
    this.model = new RobotModel(options.device, {
      runtime: options.runtime ?? (options.autosave === undefined ? undefined : new Runtime({ autosave: options.autosave, logger: this.log.child('runtime') })),
      callbacks: this.commands,
      // Commands and attributes react to clients only: the IOC's own puts never loop back.
      ignoreOwnWrites: true,
      skipInitial: true,
      approachOn: options.approachOn,
      approachOff: options.approachOff,
      gonioReady: options.gonioReady,
      logger: this.log,
    });
    this.connection = new RobotConnection({
      ...options,
      attributes: () => formatRobotAttributes(attributesOf(this.model)),
      logger: this.log.child('dcs'),
    });
    const approachTimeoutMs = options.approachTimeoutMs ?? 60_000;
    this.approach = new Approach({
      onPv: () => this.model.approachOnPv.get().trim(),
      offPv: () => this.model.approachOffPv.get().trim(),
      write: (pv) => this.model.pv(pv).put(1, { wait: true, timeout: approachTimeoutMs / 1000 }),
      ready: options.gonioReady ? (signal) => this.gonioReady(approachTimeoutMs, signal) : undefined,
      state: (on) => void this.model.approach.put(on ? 1 : 0, { soft: true }),
      log: {
        info: (text) => this.log.info(text),
        warn: (text) => this.log.warn(text),
        error: (text) => this.fail(text),
      },
    });
    this.sequencer = new Sequencer({
      model: this.model,
      link: this.connection.link,
      approach: this.approach,
      prefetch: this.prefetch,
      say: (text) => this.say(text),
      fail: (text) => this.fail(text),
      failure: (text) => this.failure(text),
      healthy: () => this.healthy(),
      // What HEALTH says, with the reason: a dry's soak ends on it (an emergency stop meanwhile).
      unhealthy$: combineLatest([this.connection.online$, this.model.code.value$, this.severe$]).pipe(
        map(([connected, code, severe]) => {
          const word = statusWord(code);
          if (deriveHealth({ connected, word, severe }) === Health.GOOD) return undefined;
          return connected ? (unhealthyReason(word, severe) ?? 'robot not healthy') : 'robot disconnected';
        }),
      ),
      operationTimeoutMs: options.operationTimeoutMs,
    });
  }

  /** Serves the records, then listens for the RobotDHS. */
  async start(): Promise<UncleSamAddress> {
    await this.model.start();
    const handles = this.model.recordHandles();
    // A record that still reads UDF/INVALID (an input never processed) gets its default written once.
    for (const [, handle] of handles) if (handle.alarm.severity !== 0) void handle.put(handle.get(), { quiet: true });
    this.subscriptions = this.wire();
    let dhsPort: number;
    try {
      ({ port: dhsPort } = await this.connection.listen());
    } catch (error) {
      await this.stop();
      throw new Error(`UncleSAM cannot listen for the RobotDHS on TCP ${this.options.port ?? 14242}: ${(error as Error).message}`);
    }
    const caPort = this.model.runtime.tcpPort;
    this.log.important(
      `UncleSAM ${this.options.device}: ${handles.length} records on CA port ${caPort}; ` +
        `waiting for RobotDHS "${this.options.dhsName ?? 'robot'}" on TCP ${this.options.host ?? '0.0.0.0'}:${dhsPort}`,
    );
    return { dhsPort, caPort, records: handles.length };
  }

  /** Aborts what runs (approach-off included), closes the DCS link and removes the records. */
  async stop(): Promise<void> {
    if (this.sequencer.busy !== undefined) {
      this.connection.link.send({ type: 'stoh_abort_all', mode: 'soft' });
      await this.sequencer.abort('UncleSAM shutting down');
    }
    await this.approach.release();
    await this.connection.close();
    this.subscriptions?.unsubscribe();
    this.subscriptions = undefined;
    await this.model.shutdown();
  }

  /** CMD:abort: the robot's abort flag, then the sequence fails (approach-off included). Never refused. */
  async abort(): Promise<void> {
    const sent = this.connection.link.send({ type: 'stoh_abort_all', mode: 'soft' });
    this.say(sent ? 'abort' : 'abort: robot not connected');
    await this.sequencer.abort('aborted by CMD:abort');
  }

  private facts(): CommandFacts {
    return {
      enabled: this.model.enabled.get() === 1,
      connected: this.connection.online,
      word: statusWord(this.model.code.get()),
      severe: this.severe$.value,
      busy: this.sequencer.busy,
      robotTask: this.model.task.get(),
    };
  }

  private healthy(): boolean {
    return deriveHealth({ connected: this.connection.online, word: statusWord(this.model.code.get()), severe: this.severe$.value }) === Health.GOOD;
  }

  // ------------------------------------------------------------------ messages

  /**
   * MESSAGE (39 characters, cut with "…"; posted even when repeated, so clients see each one),
   * MESSAGE:LONG and LOG (whole up to 256 characters, then cut with "…"); the log line whole, once,
   * at the level given.
   */
  private show(text: string, level: 'info' | 'warn' | 'error'): void {
    this.log[level](text);
    void this.model.message.put(fitString(text), { force: true });
    void this.model.messageLong.put(fitLong(text), { force: true });
    void this.model.logText.put(fitLong(text));
  }

  private say(text: string): void {
    this.show(text, 'info');
  }

  private refuse(text: string): void {
    this.show(text, 'warn');
  }

  /** A failure: MESSAGE, MESSAGE:LONG, LOG and ERROR, logged once as an error. */
  private failure(text: string): void {
    this.show(text, 'error');
    void this.model.error.put(fitLong(text));
  }

  /** ERROR, in full. */
  private fail(text: string): void {
    this.log.error(text);
    void this.model.error.put(fitLong(text));
  }

  // ------------------------------------------------------------------ prefetch

  /** The prefetched port, mirrored in STATE:PREFETCHED. */
  private readonly prefetch: PrefetchSlot = {
    get: () => this.prefetchState,
    set: (prefetch) => {
      this.prefetchState = prefetch;
      void this.model.prefetched.put(prefetch === undefined ? '' : formatPortName(prefetch.port), { soft: true });
    },
  };

  /** The robot went home by itself (its 300 s follow-up window ran out): the prefetch is gone. */
  private checkPrefetch(): void {
    const held = this.prefetchState;
    if (held === undefined || this.sequencer.busy !== undefined) return;
    if (this.model.task.get() === 'idle' || this.model.position.get() !== POINT_COOL || !samePort(held.mounted, mountedPort(this.model))) {
      this.prefetch.set(undefined);
      this.say(`prefetch of ${formatPortName(held.port)} given up: robot left P3`);
    }
  }

  // ------------------------------------------------------------------ wiring

  private wire(): Subscription {
    const m = this.model;
    const c = this.connection;
    const subscriptions = c.strings$.subscribe((update) => this.onString(update));
    subscriptions.add(c.logs$.subscribe((log) => this.onLog(log)));
    subscriptions.add(c.updates$.subscribe((text) => void m.logText.put(fitLong(text))));
    subscriptions.add(
      c.heartbeat$.subscribe((event) => {
        if (event.type !== 'alive' || event.reply === '') return;
        try {
          applyValues(m, robotStateReplyValues(event.reply));
        } catch (error) {
          this.log.warn(`get_robotstate reply "${event.reply}": ${(error as Error).message}`);
        }
      }),
    );
    subscriptions.add(
      c.online$.pipe(startWith(false), pairwise()).subscribe(([was, online]) => {
        void m.connected.put(online ? 1 : 0, { soft: true });
        if (online) {
          this.severe$.next(false); // a fresh connection: the robot says itself what is wrong
          const state = c.link.state;
          this.say(`RobotDHS connected${state.status === 'online' ? ` from ${state.remoteAddress}` : ''}`);
        } else if (was) {
          this.prefetch.set(undefined);
          const state = c.link.state;
          this.failure(`RobotDHS disconnected${state.status === 'offline' && state.reason ? `: ${state.reason}` : ''}`);
        }
      }),
    );
    // HEALTH and STATUS, kept true whatever changes.
    subscriptions.add(
      combineLatest([c.online$, m.code.value$, this.severe$, this.sequencer.activity$, m.task.value$]).subscribe(
        ([connected, code, severe, activity, robotTask]) => {
          const health = deriveHealth({ connected, word: statusWord(code), severe });
          void m.health.put(health, { soft: true });
          void m.status.put(deriveStatus({ connected, healthy: health === Health.GOOD, activity, robotTask }), { soft: true });
        },
      ),
    );
    // A client's write to an ATTR record goes to the robot at once (and at every connect).
    const attributeUpdates = ATTRIBUTE_TABLE.map((row) => (m[row.attr] as RecordHandle<number, unknown>).updates$);
    subscriptions.add(
      merge(...attributeUpdates)
        .pipe(filter((u) => u.cause === 'client' && (u.mask & Dbe.VALUE) !== 0))
        .subscribe(() => {
          c.link.send({ type: 'stoh_set_string', name: 'robot_attribute', contents: formatRobotAttributes(attributesOf(m)) });
        }),
    );
    subscriptions.add(interval(this.options.tickMs ?? 1000).subscribe(() => this.tick()));
    return subscriptions;
  }

  private onString(update: RobotStringUpdate): void {
    let values;
    try {
      values = stringValues(update.name, update.contents);
    } catch (error) {
      this.fail(`bad ${update.name} from the robot: ${(error as Error).message}`);
      return;
    }
    if (values === undefined) return;
    // robot_sample goes to MESSAGE; an empty one (the robot clearing it) is not worth a log line.
    if (update.name === 'robot_sample' && update.contents.trim() !== '') this.log.info(`robot: ${update.contents.trim()}`);
    applyValues(this.model, values);
    if (update.name === 'robot_status' || update.name === 'robot_state') this.checkPrefetch();
  }

  private onLog(log: HtosLog): void {
    const text = `${log.level} ${log.sender}: ${log.text}`;
    void this.model.logText.put(fitLong(text));
    if (log.level === 'error' || log.level === 'severe') this.fail(text);
    else this.log.info(`robot log: ${text}`);
    if (log.level === 'severe') this.severe$.next(true);
  }

  /** Once a second: TIMER:REHEAT counts down, and a due dry starts by itself when nothing else runs. */
  private tick(): void {
    const m = this.model;
    const period = m.reheatPeriod.get();
    void m.reheatTimer.put(Math.min(period, Math.max(0, m.reheatTimer.get() - 1)), { soft: true });
    if (m.samplesTimer.get() > m.maxSamples.get()) void m.samplesTimer.put(m.maxSamples.get());
    if (this.options.autoDry === false || !dryDue(m) || Date.now() < this.autoDryNotBefore) return;
    if (this.prefetchState !== undefined || refusal('dry', this.facts()) !== undefined) return;
    // A failed dry is not retried at once: the timers only restart after a good one.
    this.autoDryNotBefore = Date.now() + 60_000;
    this.say('tong reheat due: drying');
    void this.sequencer.start('dry', drySequence, 'standby');
  }

  /** Resolves when INP:gonioReady (a CA link to the configured PV) reads 1. */
  private gonioReady(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const ready = firstValueFrom(
      this.model.gonioReady.value$.pipe(
        filter((value) => value === 1),
        timeout({ first: timeoutMs, with: () => Promise.reject(new Error(`goniometer not ready within ${timeoutMs / 1000} s`)) }),
      ),
    ).then(() => undefined);
    return abortable(ready, signal);
  }
}

