/**
 * The interface between the CA server and what it serves. The server knows nothing of records:
 * a provider resolves names to PVs, and a PV reads, writes, publishes events and says who may
 * access it. The record layer, the in-memory PV set of the tests, and any user code implement it.
 */
import type { ReplySnapshot } from './reply-snapshot.js';
import type { AccessRights } from '../protocol/constants.js';
import type { DecodedDbr, NativeType, PvSnapshot } from '../protocol/dbr/types.js';

/** Who is on the other end of a circuit (for access security and logging). */
export interface ClientInfo {
  /** HOST_NAME as the client announced it (or the peer address until it does). */
  host: string;
  /** CLIENT_NAME (the user name) as announced, or "" until it does. */
  user: string;
  /** The peer's IP address and port as seen by the socket. */
  address: string;
  port: number;
}

export type Unsubscribe = () => void;

/** A value change or other event, with the DBE_* bits that describe it. */
export type PvEventListener = (mask: number, snapshot: PvSnapshot) => void;

/** Thrown (or rejected) by a PV's write to refuse it; `eca` is what the client sees. */
export class PvWriteError extends Error {
  constructor(
    message: string,
    /** An ECA status code: Eca.PUTFAIL, Eca.NOWTACCESS, Eca.BADTYPE, … */
    readonly eca: number,
  ) {
    super(message);
    this.name = 'PvWriteError';
  }
}

export interface WriteContext {
  client: ClientInfo;
  /** True for WRITE_NOTIFY (put with callback): the client waits for the returned promise. */
  notify: boolean;
  /**
   * pvAccess `record[process=…]`: true processes the record once after the value is stored, even
   * when the field is not one whose put processes (dbPut then dbProcess, as QSRV2 does); false
   * only stores it (dbPut); undefined is a CA put (dbPutField).
   */
  process?: boolean;
}

/** One servable PV, as the server sees it. */
export interface CaPv {
  /** The native DBR type of the channel (0..6). */
  readonly nativeType: NativeType;
  /** The maximum number of elements (NELM), advertised at channel creation. */
  readonly nativeCount: number;
  /**
   * The field's own DBF type (`DBF_ULONG`, `DBF_INT64`, `DBF_UCHAR`, …; an array's element type)
   * when it is more precise than `nativeType`; pvAccess serves values in it, as QSRV2 does.
   */
  readonly dbfType?: string;
  /** The current value and metadata. Synchronous: in-process PVs keep their state in memory. */
  read(): PvSnapshot;
  /**
   * read() for a reply encoded at once (default read()): the PV may return `into`, filled, which
   * the circuit fills again at its next read, so the caller keeps nothing of what it returns.
   */
  readInto?(into: ReplySnapshot): PvSnapshot;
  /**
   * Writes a client's value (already decoded from the wire: `value.value` is an array of the
   * DBR's value type, which may differ from the native type). Return a promise to make a
   * WRITE_NOTIFY complete only when processing has finished; throw or reject with PvWriteError
   * to refuse the write with a status the client sees.
   */
  write(value: DecodedDbr, context: WriteContext): void | Promise<void>;
  /**
   * True when write() is done with a one-element value and with `value` itself when it returns
   * (it copied the number or text out, and nothing it set off reads them later). The server then
   * decodes a plain WRITE of one element into arrays it reuses, not new ones per write.
   */
  readonly copiesScalarWrites?: boolean;
  /** Subscribes to events; the server filters them by each subscription's mask. */
  subscribe(listener: PvEventListener): Unsubscribe;
  /**
   * The first update of a new subscription with this mask (default: read()). A channel with
   * filters runs it through them as an event, as db_post_single_event does; undefined when a
   * filter drops it (no first update then).
   */
  initialEvent?(mask: number): PvSnapshot | undefined;
  /** Access rights for a client; default read and write. */
  accessFor?(client: ClientInfo): AccessRights;
  /**
   * Tells `listener` when this client's rights may have changed, until unwatchAccess(listener)
   * (the server then sends ACCESS_RIGHTS and stops or resumes that client's monitors). The
   * listener is the server's channel itself: a PV from open() serves one channel, and watching
   * costs it no function of its own (a connect made four, a third of a channel's bytes).
   */
  watchAccess?(client: ClientInfo, listener: AccessListener): void;
  unwatchAccess?(listener: AccessListener): void;
  /** Notifies the server when the PV goes away (the server sends SERVER_DISCONN). */
  watchRemoval?(onRemoved: () => void): Unsubscribe;
}

/** What CaPv.watchAccess tells: a channel of one client. */
export interface AccessListener {
  /** The client's rights now (they may be the same as before). */
  rightsChanged(rights: AccessRights): void;
}

/** A source of PVs. Several providers (models) can share one server. */
export interface PvProvider {
  /**
   * Whether `name` resolves here. Called for every UDP search, so it must be fast; it should
   * accept every name `open` accepts (fields, `$`, …).
   */
  has(name: string): boolean;
  /** Resolves a name to a PV for a new channel, or undefined when it does not exist here. */
  open(name: string): CaPv | undefined;
  /** The names it serves, for listings (pvxlist's "channels" query); optional. */
  names?(): Iterable<string>;
}
