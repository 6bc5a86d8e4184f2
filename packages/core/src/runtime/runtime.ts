/**
 * The runtime: one record database and one CA server, shared by every model started in it.
 * A process normally has one (defaultRuntime()); tests and tools may create their own.
 */
import { getLogger, type Logger } from '../log/index.js';
import { CaServer } from '../ca/server/server.js';
import type { CaServerOptions } from '../ca/server/config.js';
import type { RemoteLinkFactory } from '../records/links/link-target.js';
import { RecordDatabase } from '../records/database.js';

export interface RuntimeOptions extends CaServerOptions {
  /** Serve the records over CA (default true); false keeps them in-process only. */
  serve?: boolean;
  /** CA links for PVs that are not records here (set later with setRemoteLinks too). */
  remoteLinks?: RemoteLinkFactory;
  logger?: Logger;
}

export class Runtime {
  readonly db: RecordDatabase;
  readonly server: CaServer | undefined;
  private readonly users = new Set<object>();
  private starting: Promise<void> | undefined;
  private readonly log: Logger;

  constructor(private readonly options: RuntimeOptions = {}) {
    this.log = options.logger ?? getLogger('runtime');
    this.db = new RecordDatabase({ remoteLinks: options.remoteLinks, logger: this.log.child('db') });
    this.server = options.serve === false ? undefined : new CaServer({ ...options, providers: [this.db] });
  }

  setRemoteLinks(factory: RemoteLinkFactory | undefined): void {
    this.db.setRemoteLinks(factory);
  }

  /** Registers a user (a model) and makes sure the server is serving; throws if it cannot. */
  async attach(user: object): Promise<void> {
    this.users.add(user);
    if (this.server === undefined || this.server.isRunning) return;
    this.starting ??= this.server.start().finally(() => {
      this.starting = undefined;
    });
    try {
      await this.starting;
    } catch (err) {
      this.users.delete(user);
      throw err;
    }
  }

  /** Unregisters a user; the last one out stops the server. */
  async detach(user: object): Promise<void> {
    if (!this.users.delete(user)) return;
    if (this.users.size === 0) await this.close();
  }

  /** Stops the server, every scan and every link. */
  async close(): Promise<void> {
    this.users.clear();
    this.db.close();
    await this.server?.stop();
    defaultInstance = defaultInstance === this ? undefined : defaultInstance;
  }

  get tcpPort(): number {
    return this.server?.tcpPort ?? 0;
  }
}

let defaultInstance: Runtime | undefined;

/** The process-wide runtime that models use unless given one; created on first use. */
export function defaultRuntime(): Runtime {
  defaultInstance ??= new Runtime();
  return defaultInstance;
}
