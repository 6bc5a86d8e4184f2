/**
 * The runtime: one record database and one CA server, shared by every model started in it.
 * A process normally has one (defaultRuntime()); tests and tools may create their own.
 */
import { getLogger, type Logger } from '../log/index.js';
import { CaServer } from '../ca/server/server.js';
import type { CaServerOptions } from '../ca/server/config.js';
import type { RemoteLinkFactory } from '../records/links/link-target.js';
import { RecordDatabase } from '../records/database.js';
import { CaLinkFactory } from '../records/links/ca-link.js';
import { CaClient } from '../ca/client/context.js';
import type { CaClientOptions } from '../ca/client/config.js';

export interface RuntimeOptions extends CaServerOptions {
  /** Serve the records over CA (default true); false keeps them in-process only. */
  serve?: boolean;
  /**
   * CA links for PVs that are not records here. Default: CA links on a client this runtime
   * creates on first use (with `client` options); set later with setRemoteLinks too.
   */
  remoteLinks?: RemoteLinkFactory;
  /** Options of the CA client behind remote links. */
  client?: CaClientOptions;
  logger?: Logger;
}

export class Runtime {
  readonly db: RecordDatabase;
  readonly server: CaServer | undefined;
  private readonly users = new Set<object>();
  private starting: Promise<void> | undefined;
  private readonly log: Logger;
  private caClient: CaClient | undefined;

  constructor(private readonly options: RuntimeOptions = {}) {
    this.log = options.logger ?? getLogger('runtime');
    const remoteLinks = options.remoteLinks ?? new CaLinkFactory(() => this.client, this.log.child('links'));
    this.db = new RecordDatabase({ remoteLinks, logger: this.log.child('db') });
    this.server = options.serve === false ? undefined : new CaServer({ ...options, providers: [this.db] });
  }

  /** The CA client of this runtime (remote links, and the application's remote PVs). */
  get client(): CaClient {
    this.caClient ??= new CaClient(this.options.client);
    return this.caClient;
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
    await this.caClient?.close();
    this.caClient = undefined;
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
