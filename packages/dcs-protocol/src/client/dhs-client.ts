import { connect } from 'node:net';
import type { Observable } from 'rxjs';
import { BehaviorSubject, Subject } from 'rxjs';
import type { FramingMode } from '../framing/decoder.js';
import type { Dcs2HeaderStyle } from '../framing/dcs2.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { formatMessage } from '../messages/format.js';
import { parseServerMessage } from '../messages/parse.js';
import type { HardwareMessage, ServerMessage, UnknownMessage } from '../messages/types.js';
import { FramedSocket } from '../transport/framed-socket.js';

export interface DhsClientOptions {
  host: string;
  port: number;
  /** Sent as `htos_client_is_hardware <name>`. */
  name: string;
  /** Wait between attempts; default 5000 ms, as SSRL's dhs_network and pydcss. */
  retryDelayMs?: number;
  /** Give up on a server that never sends stoc_send_client_type; default 30 s. */
  handshakeTimeoutMs?: number;
  /** Read framing after the handshake: `dcs2` (default, as SSRL DHSs), `dcs1`, or `auto`. */
  framing?: FramingMode;
  /** DCS2 header layout for what we send; default `xos`. */
  headerStyle?: Dcs2HeaderStyle;
  maxTextLength?: number;
  maxBinaryLength?: number;
  logger?: Logger;
}

export type DhsClientState =
  | { status: 'stopped' }
  | { status: 'connecting'; attempt: number }
  | { status: 'handshaking'; remote: string }
  | { status: 'connected'; remote: string }
  | { status: 'waiting'; reason: string; retryInMs: number };

/**
 * The DHS side: connect to DCSS (or UncleSAM), answer the handshake, then talk DCS2.
 * On any failure it waits and reconnects, forever, until stop().
 */
export class DhsClient {
  private readonly stateSubject = new BehaviorSubject<DhsClientState>({ status: 'stopped' });
  private readonly messageSubject = new Subject<ServerMessage>();
  private readonly unrecognizedSubject = new Subject<UnknownMessage>();
  private readonly logger: Logger;
  private connection: FramedSocket | undefined;
  private online = false;
  private running = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private closedWaiters: (() => void)[] = [];
  /** While hung: what arrived, what we wrote, and a close that came meanwhile (see hang()). */
  private held: { incoming: string[]; outgoing: string[]; closed?: () => void } | undefined;

  readonly state$: Observable<DhsClientState> = this.stateSubject.asObservable();
  /** Every catalogued message from the server, across reconnects. */
  readonly messages$: Observable<ServerMessage> = this.messageSubject.asObservable();
  readonly unrecognized$: Observable<UnknownMessage> = this.unrecognizedSubject.asObservable();

  constructor(private readonly options: DhsClientOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get state(): DhsClientState {
    return this.stateSubject.value;
  }

  /** True between a completed handshake and the end of that connection. */
  get connected(): boolean {
    return this.online;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connectOnce();
  }

  /** Stop reconnecting and close the connection. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    const held = this.held;
    this.held = undefined;
    held?.closed?.();
    const connection = this.connection;
    if (connection) {
      await new Promise<void>((resolve) => {
        this.closedWaiters.push(resolve);
        connection.destroy('client stopped');
      });
    }
    this.stateSubject.next({ status: 'stopped' });
  }

  /** Send a message once connected; false (nothing sent) otherwise. */
  send(message: HardwareMessage): boolean {
    return this.sendText(formatMessage(message));
  }

  sendText(text: string): boolean {
    if (!this.online) return false;
    if (this.held) {
      this.held.outgoing.push(text);
      return true;
    }
    return this.connection?.writeText(text) ?? false;
  }

  /** True while hung (see hang()). */
  get hung(): boolean {
    return this.held !== undefined;
  }

  /**
   * Fault injection, a hung DHS: keep the connection open but act on nothing. What the server
   * sends is held unread, what we would send is held unsent, and even the server closing the
   * connection goes unnoticed, as with a process that stopped answering. False if not connected.
   */
  hang(): boolean {
    if (!this.online || !this.connection || this.held) return false;
    this.held = { incoming: [], outgoing: [] };
    return true;
  }

  /**
   * Ends hang(): the held writes go out, what arrived meanwhile is handled in order, and a
   * close that came meanwhile is noticed last (then the client reconnects).
   */
  unhang(): boolean {
    const held = this.held;
    if (!held) return false;
    this.held = undefined;
    for (const text of held.outgoing) this.connection?.writeText(text);
    for (const text of held.incoming) this.receive(text);
    held.closed?.();
    return true;
  }

  /** Write bytes as they are, unframed (fault injection). */
  writeRaw(bytes: Uint8Array): boolean {
    return this.connection?.writeRaw(bytes) ?? false;
  }

  /** Close the current connection gracefully (what was written is flushed); reconnects later. */
  drop(reason = 'dropped'): void {
    this.connection?.close(reason);
  }

  private connectOnce(): void {
    if (!this.running) return;
    this.attempt += 1;
    const { host, port } = this.options;
    const remote = `${host}:${port}`;
    this.stateSubject.next({ status: 'connecting', attempt: this.attempt });
    this.logger.info(`connecting to ${remote} as ${this.options.name} (attempt ${this.attempt})`);
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    let handshakeTimer: NodeJS.Timeout | undefined;
    const framed: FramedSocket = new FramedSocket(
      socket,
      {
        readFraming: 'dcs1',
        writeFraming: 'dcs1',
        headerStyle: this.options.headerStyle,
        maxTextLength: this.options.maxTextLength,
        maxBinaryLength: this.options.maxBinaryLength,
        logger: this.logger,
        label: remote,
      },
      {
        frame: (frame) => {
          if (this.online && this.held) {
            this.held.incoming.push(frame.text);
            return;
          }
          if (this.online) {
            this.receive(frame.text);
            return;
          }
          clearTimeout(handshakeTimer);
          // The C++ DcsMessageHandler compares the text exactly: a GUI-style
          // "stoc_send_client_type <id>" is not for a DHS.
          if (frame.text !== 'stoc_send_client_type') {
            this.logger.error(`${remote}: expected stoc_send_client_type, got ${JSON.stringify(frame.text)}`);
            framed.destroy('bad handshake from the server');
            return;
          }
          framed.writeText(`htos_client_is_hardware ${this.options.name}`);
          const mode = this.options.framing ?? 'dcs2';
          framed.setReadFraming(mode);
          framed.setWriteFraming(mode === 'dcs1' ? 'dcs1' : 'dcs2');
          this.online = true;
          this.attempt = 0;
          this.logger.info(`connected to ${remote} as ${this.options.name}`);
          this.stateSubject.next({ status: 'connected', remote });
        },
        closed: (reason) => {
          clearTimeout(handshakeTimer);
          // Hung: the close is noticed only once the DHS answers again (unhang()).
          if (this.held && this.online) {
            this.held.closed = () => this.onClosed(remote, reason);
            return;
          }
          this.onClosed(remote, reason);
        },
      },
    );
    this.connection = framed;
    socket.once('connect', () => {
      this.stateSubject.next({ status: 'handshaking', remote });
      const timeout = this.options.handshakeTimeoutMs ?? 30_000;
      handshakeTimer = setTimeout(() => framed.destroy(`no stoc_send_client_type within ${timeout} ms`), timeout);
    });
  }

  private onClosed(remote: string, reason: string): void {
    const wasOnline = this.online;
    this.online = false;
    this.connection = undefined;
    for (const resolve of this.closedWaiters.splice(0)) resolve();
    if (!this.running) return;
    const delay = this.options.retryDelayMs ?? 5000;
    this.logger.warn(`${wasOnline ? 'disconnected from' : 'could not connect to'} ${remote}: ${reason}; retrying in ${delay} ms`);
    this.stateSubject.next({ status: 'waiting', reason, retryInMs: delay });
    this.retryTimer = setTimeout(() => this.connectOnce(), delay);
  }

  private receive(text: string): void {
    const message = parseServerMessage(text);
    if (message.type === 'unknown') {
      this.logger.warn(`ignoring message (${message.reason}): ${text}`);
      this.unrecognizedSubject.next(message);
      return;
    }
    this.messageSubject.next(message);
  }
}
