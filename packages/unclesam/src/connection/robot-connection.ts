import type { Observable, Subscription } from 'rxjs';
import { catchError, distinctUntilChanged, filter, last, map, merge, NEVER, of, share, switchMap, throwError } from 'rxjs';
import type { DhsLink, FramingMode, HardwareMessage, HtosLog, Logger } from '@devioc/dcs-protocol';
import { DcssServer, ofType, OperationError, ROBOT_OPERATIONS, ROBOT_STRINGS } from '@devioc/dcs-protocol';
import { heartbeat, type HeartbeatEvent } from './heartbeat.js';

export interface RobotConnectionOptions {
  /** TCP port the RobotDHS connects to; default 14242, 0 = any free port. */
  port?: number;
  /** Interface to listen on; all if omitted. */
  host?: string;
  /** The name the DHS gives in the handshake; default `robot`. */
  dhsName?: string;
  /** Peer addresses allowed for the DHS; any if omitted. */
  dhsHost?: string | readonly string[];
  /** Framing after the handshake: `dcs2` (the RobotDHS), `dcs1` for level-1 DHSs, or `auto`. */
  framing?: FramingMode;
  /** Probe with get_robotstate after this long without traffic; default 5000 ms. */
  heartbeatMs?: number;
  /** Drop the connection when a probe is not answered within this long; default 15000 ms. */
  heartbeatTimeoutMs?: number;
  /** The robot_attribute values to give the robot when it asks (the 14 numbers). */
  attributes: () => string;
  logger?: Logger;
}

/** A string the robot wrote, with its contents. */
export interface RobotStringUpdate {
  name: string;
  contents: string;
}

/**
 * UncleSAM's side of the DCS link: it listens for the RobotDHS, registers the robot's
 * operations and strings after every handshake (DcssServer does it from the definition),
 * answers robot_attribute from the records, and runs the heartbeat, dropping a DHS that has
 * gone silent so that it reconnects. The link itself survives reconnects.
 */
export class RobotConnection {
  readonly server: DcssServer;
  readonly link: DhsLink;
  /** true while a DHS is connected (replays the current state). */
  readonly online$: Observable<boolean>;
  /** Every `htos_set_string_completed <name> normal …`. */
  readonly strings$: Observable<RobotStringUpdate>;
  readonly logs$: Observable<HtosLog>;
  /** Operation updates (with detailed messages on, the robot's step prints). */
  readonly updates$: Observable<string>;
  /** Each heartbeat result: the get_robotstate returns, or why the DHS was dropped. */
  readonly heartbeat$: Observable<HeartbeatEvent<string>>;
  private subscription: Subscription | undefined;

  constructor(private readonly options: RobotConnectionOptions) {
    this.server = new DcssServer({
      port: options.port ?? 14242,
      host: options.host,
      logger: options.logger,
      dhs: {
        name: options.dhsName ?? 'robot',
        host: options.dhsHost,
        framing: options.framing,
        operations: ROBOT_OPERATIONS,
        strings: ROBOT_STRINGS,
        configuration: (device) => (device === 'robot_attribute' ? options.attributes() : undefined),
      },
    });
    this.link = this.server.dhs(options.dhsName ?? 'robot');
    this.online$ = this.link.state$.pipe(
      map((s) => s.status === 'online'),
      distinctUntilChanged(),
    );
    this.strings$ = this.link.messages$.pipe(
      ofType('htos_set_string_completed'),
      filter((m) => m.status === 'normal'),
      map((m) => ({ name: m.name, contents: m.contents })),
    );
    this.logs$ = this.link.messages$.pipe(ofType<HardwareMessage, 'htos_log'>('htos_log'));
    this.updates$ = this.link.messages$.pipe(
      ofType('htos_operation_update'),
      map((m) => `${m.operation}: ${m.text}`),
    );
    const activity$ = merge(this.link.messages$, this.link.unrecognized$);
    this.heartbeat$ = this.online$.pipe(
      switchMap((online) =>
        online
          ? heartbeat({
              activity$,
              probe: () => this.probe(),
              periodMs: options.heartbeatMs ?? 5000,
              timeoutMs: options.heartbeatTimeoutMs ?? 15_000,
            })
          : NEVER,
      ),
      share(),
    );
  }

  /** get_robotstate's returns; a refusal is still an answer, so it counts as alive. */
  private probe(): Observable<string> {
    return this.link.start('get_robotstate').pipe(
      last(),
      map((event) => (event.type === 'result' ? event.returns : '')),
      catchError((error: unknown) =>
        error instanceof OperationError && (error.kind === 'failed' || error.kind === 'busy') ? of('') : throwError(() => error),
      ),
    );
  }

  /** Listen for the DHS and keep the heartbeat running. */
  async listen(): Promise<{ address: string; port: number }> {
    const address = await this.server.listen();
    this.subscription = this.heartbeat$.subscribe((event) => {
      if (event.type === 'dead') {
        this.options.logger?.warn(`RobotDHS silent, dropping it: ${event.reason}`);
        this.link.disconnect(`heartbeat: ${event.reason}`);
      }
    });
    return address;
  }

  get online(): boolean {
    return this.link.online;
  }

  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    await this.server.close();
  }
}
