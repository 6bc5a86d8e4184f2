import type { Observable } from 'rxjs';
import { BehaviorSubject, filter, lastValueFrom, map, Subject } from 'rxjs';
import type { Framing } from '../framing/constants.js';
import type { FramingMode } from '../framing/decoder.js';
import type { Logger } from '../logger.js';
import { formatMessage } from '../messages/format.js';
import { parseHardwareMessage } from '../messages/parse.js';
import type { HardwareMessage, RegistrationMessage, ServerMessage, UnknownMessage } from '../messages/types.js';
import type { FramedSocket } from '../transport/framed-socket.js';
import type { OperationEvent, StartOperationOptions } from './operation-tracker.js';
import { OperationTracker } from './operation-tracker.js';

/** One DHS the server accepts (a DCSS database.dat entry). */
export interface DhsDefinition {
  /** The name the DHS sends in `htos_client_is_hardware <name>`, e.g. `robot`. */
  name: string;
  /** Peer addresses allowed for this DHS (IP literals or `localhost`); any if omitted. */
  host?: string | readonly string[];
  /** Framing after the handshake: `dcs2` (default, what SSRL DHSs use), `dcs1`, or `auto`. */
  framing?: FramingMode;
  /** Sent as `stoh_register_operation <op> <op>` after each handshake, in this order. */
  operations?: readonly string[];
  /** Sent as `stoh_register_string <s> <s>` after the operations. */
  strings?: readonly string[];
  /** Further registrations, sent last. */
  devices?: readonly RegistrationMessage[];
  /**
   * Answers `htos_send_configuration <device>` with `stoh_configure_string <device>
   * <name> <contents>` when it returns a string (the robot asks this for robot_attribute).
   * Return undefined to answer yourself from messages$.
   */
  configuration?: (device: string) => string | undefined;
}

export type DhsLinkState =
  | { status: 'offline'; reason?: string }
  | { status: 'online'; remoteAddress: string; remotePort: number; framing: FramingMode; since: Date };

/** The registrations of a definition, in the order they are sent. */
export function registrationsOf(definition: DhsDefinition): RegistrationMessage[] {
  return [
    ...(definition.operations ?? []).map(
      (name): RegistrationMessage => ({ type: 'stoh_register_operation', name, hardwareName: name }),
    ),
    ...(definition.strings ?? []).map((name): RegistrationMessage => ({ type: 'stoh_register_string', name, hardwareName: name })),
    ...(definition.devices ?? []),
  ];
}

/**
 * The server's side of one DHS name. It outlives connections: subscribe once to
 * messages$ and state$, and they keep working across disconnects and reconnects.
 */
export class DhsLink {
  readonly name: string;
  readonly operations: OperationTracker;
  private readonly stateSubject = new BehaviorSubject<DhsLinkState>({ status: 'offline' });
  private readonly messageSubject = new Subject<HardwareMessage>();
  private readonly unrecognizedSubject = new Subject<UnknownMessage>();
  private readonly disconnectedSubject = new Subject<string>();
  private connection: FramedSocket | undefined;

  /** Current and future connection states (replays the current one). */
  readonly state$: Observable<DhsLinkState> = this.stateSubject.asObservable();
  /** Every catalogued message from the DHS, across connections. */
  readonly messages$: Observable<HardwareMessage> = this.messageSubject.asObservable();
  /** Texts that are not in the catalogue (DCSS logs these and carries on; so do we). */
  readonly unrecognized$: Observable<UnknownMessage> = this.unrecognizedSubject.asObservable();
  /** Emits the reason each time a connection is lost. */
  readonly disconnected$: Observable<string> = this.disconnectedSubject.asObservable();

  constructor(
    readonly definition: DhsDefinition,
    private readonly logger: Logger,
    handlePrefix?: string,
  ) {
    this.name = definition.name;
    this.operations = new OperationTracker({
      send: (message) => this.send(message),
      messages$: this.messages$,
      disconnected$: this.disconnected$,
      handlePrefix,
    });
  }

  get state(): DhsLinkState {
    return this.stateSubject.value;
  }

  get online(): boolean {
    return this.connection !== undefined;
  }

  /** Send a message to the DHS; false (and nothing sent) if it is not connected. */
  send(message: ServerMessage): boolean {
    return this.sendText(formatMessage(message));
  }

  sendText(text: string): boolean {
    return this.connection?.writeText(text) ?? false;
  }

  /** Start an operation: see OperationTracker.start. */
  start(operation: string, args: readonly string[] = [], options?: StartOperationOptions): Observable<OperationEvent> {
    return this.operations.start(operation, args, options);
  }

  /** Run an operation to the end and resolve with its `normal` returns (rejects with OperationError). */
  run(operation: string, args: readonly string[] = [], options?: StartOperationOptions): Promise<string> {
    return lastValueFrom(
      this.start(operation, args, options).pipe(
        filter((event) => event.type === 'result'),
        map((event) => event.returns),
      ),
    );
  }

  /** Close the current connection (the DHS will reconnect on its own). */
  disconnect(reason = 'disconnected by the server'): void {
    this.connection?.close(reason);
  }

  /** @internal Called by the server once the handshake has succeeded. */
  attach(connection: FramedSocket, framing: FramingMode): void {
    this.connection = connection;
    const socket = connection.socket;
    this.stateSubject.next({
      status: 'online',
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      framing,
      since: new Date(),
    });
    for (const registration of registrationsOf(this.definition)) this.send(registration);
  }

  /** @internal Called by the server for each text received on the attached connection. */
  receive(text: string): void {
    const message = parseHardwareMessage(text);
    if (message.type === 'unknown') {
      this.logger.warn(`DHS ${this.name}: ignoring message (${message.reason}): ${text}`);
      this.unrecognizedSubject.next(message);
      return;
    }
    if (message.type === 'htos_send_configuration' && this.definition.configuration) {
      const contents = this.definition.configuration(message.device);
      if (contents !== undefined) {
        this.send({ type: 'stoh_configure_string', name: message.device, owner: this.name, contents });
      }
    }
    this.messageSubject.next(message);
  }

  /** @internal Called by the server when the attached connection is gone. */
  detach(connection: FramedSocket, reason: string): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.stateSubject.next({ status: 'offline', reason });
    this.disconnectedSubject.next(reason);
  }

  /** @internal The write framing to use right after the handshake. */
  static writeFramingFor(mode: FramingMode): Framing {
    return mode === 'dcs1' ? 'dcs1' : 'dcs2';
  }
}
