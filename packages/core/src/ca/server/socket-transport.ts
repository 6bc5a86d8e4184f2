import type net from 'node:net';
import { type BufferOwner, type CircuitHost, type CircuitTransport, ServerCircuit } from './circuit.js';

/** How long close() lets a final message go out before it drops a peer that does not read. */
const CLOSE_GRACE_MS = 1000;

/**
 * A circuit's TCP socket. A class, not an object literal made per connection: V8 keeps such a
 * literal, with its getter, as a dictionary-mode object (`%HasFastProperties` false), so the
 * circuit's `transport.writableLength`, read after every chunk it receives, and its `write` were
 * generic property loads with a hash lookup.
 */
export class SocketTransport implements CircuitTransport {
  /** Nothing more is sent (a client dropped by a paused server: its last replies are lost). */
  private muted = false;

  constructor(private readonly socket: net.Socket) {}

  mute(): void {
    this.muted = true;
  }

  write(data: Buffer, owner?: BufferOwner): void {
    if (this.socket.destroyed || this.muted) return;
    // Node calls back once the bytes are with the kernel (or the write failed): either way it
    // holds no reference to them after.
    if (owner === undefined) this.socket.write(data);
    else this.socket.write(data, () => owner.giveBack(data));
  }

  get writableLength(): number {
    return this.socket.writableLength;
  }

  pauseInput(): void {
    this.socket.pause();
  }

  resumeInput(): void {
    this.socket.resume();
  }

  /** Lets a final ERROR go out, but never waits long for a peer that does not read. */
  close(): void {
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }
}

/** A circuit on its socket, as circuitOnSocket made it. */
export interface SocketCircuit {
  readonly circuit: ServerCircuit;
  /**
   * While set, the next chunk the client sends is handled, none of its replies is sent, and
   * the connection closes: rsrv's client thread under iocPause, which handles what it read,
   * then leaves its loop without sending what it queued.
   */
  dropAfterNextChunk(yes: boolean): void;
}

/**
 * A circuit on an accepted TCP socket, wired as every circuit is: the server's for each client,
 * and the runtime's warm-up for its own (so that what V8 compiles there is what clients run).
 * `onClose` runs once the socket has closed and the circuit has freed its channels.
 */
export function circuitOnSocket(socket: net.Socket, host: CircuitHost, onClose: (circuit: ServerCircuit) => void): SocketCircuit {
  socket.setNoDelay(true);
  socket.setKeepAlive(true);
  const address = socket.remoteAddress ?? '?';
  const port = socket.remotePort ?? 0;
  const transport = new SocketTransport(socket);
  const circuit = new ServerCircuit(transport, host, address, port);
  let dropNext = false;
  socket.on('data', (chunk: Buffer) => {
    if (dropNext) transport.mute();
    circuit.receive(chunk);
    if (dropNext) socket.destroy();
  });
  socket.on('drain', () => circuit.onDrain());
  socket.on('error', (err) => host.log.debug(`client ${address}:${port}: ${err.message}`));
  socket.on('close', () => {
    circuit.close();
    onClose(circuit);
  });
  return {
    circuit,
    dropAfterNextChunk: (yes) => {
      dropNext = yes;
    },
  };
}
