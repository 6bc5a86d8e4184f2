/**
 * The runtime: one record database and one CA server, shared by every model started in it.
 * A process normally has one (defaultRuntime()); tests and tools may create their own.
 */
import { getLogger, type Logger } from '../log/index.js';
import { CaServer } from '../ca/server/server.js';
import { type CaServerConfig, type CaServerOptions, resolveServerConfig } from '../ca/server/config.js';
import type { RemoteLinkFactory } from '../records/links/link-target.js';
import { RecordDatabase } from '../records/database.js';
import { CaLinkFactory } from '../records/links/ca-link.js';
import { CaClient } from '../ca/client/context.js';
import type { CaClientOptions } from '../ca/client/config.js';
import type { MacroSource } from '../macros/index.js';
import { loadAcfFile, resolveHagHosts } from '../access/acf-load.js';
import { type AcfConfig, parseAcf } from '../access/acf-parse.js';
import { connectAccessInputs } from '../access/as-inputs.js';
import { formatPutLogLine, PutLogFile } from '../access/put-log.js';
import { PvaServer } from '../pva/server/server.js';
import { PvaClient } from '../pva/client/client.js';
import type { PvaClientOptions } from '../pva/client/config.js';
import type { PvaServerOptions } from '../pva/server/config.js';
import { Autosave, type AutosaveOptions } from '../autosave/autosave.js';
import { envYesNo } from '../ca/net/env.js';
import { type RuntimeHttpOptions, startRuntimeWeb, type WebServerLike } from './runtime-web.js';
import { type WarmUpReport, warmUpSamples, warmUpServing } from './warm-up.js';
import { OncePerProcess } from './once-per-process.js';
import { tuneCompilerForServing } from './compiler-tuning.js';

/** An access security configuration: a file (asSetFilename) or text, with substitutions. */
export interface AcfSource {
  file?: string;
  text?: string;
  /** asSetSubstitutions / softIoc -m: macros applied to the file. */
  macros?: MacroSource;
}

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
  /** Options of the pvAccess client behind `pva://` remote PVs. */
  pvaClient?: PvaClientOptions;
  logger?: Logger;
  /** Access security (an .acf file, or its text): rules for who may read and write what. */
  acf?: string | AcfSource;
  /**
   * asCheckClientIP: identify client hosts by IP address, ignoring HOST_NAME. Default: the
   * environment's DEVIOC_AS_CHECK_CLIENT_IP (YES/NO), else off.
   */
  checkClientIP?: boolean;
  /** Also append TRAPWRITE lines (caPutLog's format) to this file. */
  putLogFile?: string;
  /**
   * Serve the records over pvAccess too (default: on, unless DEVIOC_PVA=NO). Options here, or the
   * EPICS_PVAS_* / EPICS_PVA_* environment, say where.
   */
  pva?: boolean | PvaServerOptions;
  /**
   * Serve a live web screen of the records and a PV Web Socket (pvws) endpoint on this HTTP
   * port (or with these settings) while the runtime serves; needs the @devioc/web package.
   * The CLIs' `--http PORT`. Read-only unless `write` is set.
   */
  http?: number | RuntimeHttpOptions;
  /**
   * Autosave (synApps-compatible): a directory for the .sav files, or the full settings (request
   * files, periods, days dated copies are kept). Values are restored as records initialise.
   */
  autosave?: string | AutosaveOptions;
  /**
   * As soon as it serves, warm the serving code up: about 90,000 CA requests, over a loopback
   * connection of its own, to copies of its records (runtime/warm-up.ts), so that clients are
   * served as fast a second after a start as an hour after it. Once per process, in the
   * background: the runtime serves (and attach() and Model.start() resolve) without waiting for
   * it; it takes 0.7 to 2 s of a core, says at info when it is done, and is stopped by close().
   * Default: on, unless DEVIOC_WARM_UP=NO.
   */
  warmUp?: boolean;
  /**
   * Before it serves, raise V8's inlining budget for the process (runtime/compiler-tuning.ts):
   * 20 to 35 % less CPU per request, 10 to 30 MiB more RSS. Default: on, unless
   * DEVIOC_V8_TUNING=NO; a budget given on node's command line is kept. The flags are the
   * process's: the first runtime that serves decides, once.
   */
  tuneV8?: boolean;
}

/** The process's warm-up: JIT-compiled code is the process's, not a runtime's. */
const processWarmUp = new OncePerProcess<WarmUpReport>('warm-up');

export class Runtime {
  readonly db: RecordDatabase;
  readonly server: CaServer | undefined;
  /** The pvAccess server beside the CA server (undefined when switched off). */
  readonly pvaServer: PvaServer | undefined;
  private readonly users = new Set<object>();
  private starting: Promise<void> | undefined;
  /** Aborted by close(): a warm-up this runtime started stops there (renewed when it serves again). */
  private closing = new AbortController();
  private readonly log: Logger;
  /** What the database was made with (the warm-up makes its own the same way). */
  private readonly dbOptions: { remoteLinks: RemoteLinkFactory; dbLog: Logger };
  private caClient: CaClient | undefined;
  private pvaClientInstance: PvaClient | undefined;
  private acfSource: AcfSource | undefined;
  private stopInputs: (() => void) | undefined;
  private putLog: PutLogFile | undefined;
  private webServer: WebServerLike | undefined;
  private webStarting: Promise<void> | undefined;
  /** Autosave of this runtime's records (undefined without the `autosave` option). */
  readonly autosave: Autosave | undefined;

  constructor(private readonly options: RuntimeOptions = {}) {
    this.log = options.logger ?? getLogger('runtime');
    const remoteLinks = options.remoteLinks ?? new CaLinkFactory(() => this.client, this.log.child('links'));
    this.dbOptions = { remoteLinks, dbLog: this.log.child('db') };
    this.db = new RecordDatabase({ remoteLinks, logger: this.dbOptions.dbLog });
    this.server = options.serve === false ? undefined : new CaServer({ ...options, providers: [this.db] });
    const env = options.env ?? process.env;
    const pvaWanted = options.pva ?? envYesNo(env, 'DEVIOC_PVA', true);
    this.pvaServer =
      options.serve === false || pvaWanted === false
        ? undefined
        : new PvaServer({ env, ...(typeof pvaWanted === 'object' ? pvaWanted : {}), providers: [this.db], logger: this.log.child('pva') });
    this.db.security.checkClientIP = options.checkClientIP ?? /^(YES|Y|1|TRUE)$/i.test(env.DEVIOC_AS_CHECK_CLIENT_IP ?? '');
    if (options.acf !== undefined) this.acfSource = typeof options.acf === 'string' ? { file: options.acf } : options.acf;
    // Request files are read here: a malformed one stops the IOC before anything serves.
    if (options.autosave !== undefined) {
      const settings = typeof options.autosave === 'string' ? { directory: options.autosave } : options.autosave;
      this.autosave = new Autosave(this.db, { logger: this.log.child('autosave'), ...settings });
    }
    if (options.putLogFile !== undefined) this.putLog = new PutLogFile(options.putLogFile);
    const trapLog = this.log.child('putlog');
    this.db.security.onTrapWrite((w) => {
      trapLog.info(formatPutLogLine(w));
      this.putLog?.write(w);
    });
  }

  /**
   * Loads (or reloads: asInit) the access security configuration: parses it (throwing with
   * file:line), installs it, connects the INPx inputs, and every channel pushes its new rights.
   * Without an argument it reloads the source given before (the `acf` option).
   */
  async loadAccessSecurity(source: string | AcfSource | undefined = this.acfSource): Promise<void> {
    if (source === undefined) throw new Error('no access security file given');
    const src = typeof source === 'string' ? { file: source } : source;
    const warn = (m: string): void => this.log.warn(m);
    let config: AcfConfig;
    if (src.text !== undefined) config = parseAcf(src.text, { file: src.file ?? '<acf>', macros: src.macros, onWarning: warn });
    else if (src.file !== undefined) config = loadAcfFile(src.file, { macros: src.macros, onWarning: warn });
    else throw new Error('an access security source needs a file or text');
    const security = this.db.security;
    const hags = await resolveHagHosts(config, security.checkClientIP, warn);
    this.stopInputs?.();
    this.acfSource = src;
    security.load(config, hags);
    this.stopInputs = connectAccessInputs(security, this.db, () => this.client);
    this.log.info(`access security: ${src.file ?? 'configuration'} loaded (${config.groups.size} groups, ${config.uags.size} UAGs, ${config.hags.size} HAGs)`);
  }

  /** The CA client of this runtime (remote links, and the application's remote PVs). */
  get client(): CaClient {
    this.caClient ??= new CaClient(this.options.client);
    return this.caClient;
  }

  /** The pvAccess client of this runtime (the application's `pva://` remote PVs). */
  get pvaClient(): PvaClient {
    this.pvaClientInstance ??= new PvaClient(this.options.pvaClient);
    return this.pvaClientInstance;
  }

  setRemoteLinks(factory: RemoteLinkFactory | undefined): void {
    this.db.setRemoteLinks(factory);
  }

  /** Registers a user (a model) and makes sure the server is serving; throws if it cannot. */
  async attach(user: object): Promise<void> {
    if (this.acfSource !== undefined && !this.db.security.active) await this.loadAccessSecurity(this.acfSource);
    this.users.add(user);
    const server = this.server;
    if (server !== undefined && !server.isRunning) {
      if (this.closing.signal.aborted) this.closing = new AbortController();
      this.tuneCompiler();
      // The warm-up runs once the server listens, in the background: clients are answered from
      // the start, and attach() resolves (the IOC says it serves) as soon as it listens.
      this.starting ??= Promise.all([server.start(), this.startPva()])
        .then(() => void this.warmUp())
        .finally(() => {
          this.starting = undefined;
        });
    }
    try {
      await this.starting;
      await this.startWeb();
    } catch (err) {
      this.users.delete(user);
      throw err;
    }
  }

  /** V8's inlining budget for serving (runtime/compiler-tuning.ts), before anything is served. */
  private tuneCompiler(): void {
    if (this.options.tuneV8 === false) return;
    const { applied, keptFromCommandLine } = tuneCompilerForServing(this.options.env ?? process.env);
    if (applied.length > 0) this.log.debug(`V8 inlining budget raised for serving: ${applied.join(' ')}`);
    if (keptFromCommandLine.length > 0) this.log.debug(`V8 flags kept as node's command line gave them: ${keptFromCommandLine.join(', ')}`);
  }

  /** Whether this runtime serves CA and warms up (the `warmUp` option, else DEVIOC_WARM_UP). */
  get warmsUp(): boolean {
    const env = this.options.env ?? process.env;
    return this.server !== undefined && (this.options.warmUp ?? envYesNo(env, 'DEVIOC_WARM_UP', true));
  }

  /** The settings its CA server runs with (the warm-ups' circuits read their limits). */
  get serverConfig(): CaServerConfig {
    return resolveServerConfig(this.options);
  }

  /**
   * The warm-up (the `warmUp` option, runtime/warm-up.ts): once per process, with copies of this
   * runtime's records, as soon as the server listens. attach() starts it when the records exist
   * already (softioc's iocInit); Model.start() once it has made its records. Neither waits for
   * it: the returned promise resolves when it has ended (done, failed, or stopped by close()),
   * and never rejects. Until the runtime has records it does nothing: copies of none would
   * compile code for records unlike the IOC's. It cannot stop the IOC: a failure is devioc's
   * own, so it is logged and the IOC serves, only with its first requests slower.
   */
  warmUp(): Promise<void> {
    if (!this.warmsUp || this.db.size === 0) return processWarmUp.current ?? Promise.resolve();
    const { remoteLinks, dbLog } = this.dbOptions;
    return processWarmUp.start(
      this.closing.signal,
      this.log,
      (signal) =>
        warmUpServing({
          config: this.serverConfig,
          samples: warmUpSamples(this.db),
          makeDatabase: () => new RecordDatabase({ remoteLinks, logger: dbLog, quietRecords: true }),
          log: this.log.child('ca.server'),
          signal,
        }),
      (r) =>
        this.log.info(`warm-up done: ${r.requests} requests in ${r.ms.toFixed(0)} ms (${r.compileWaitMs.toFixed(0)} ms of it waiting for compiles), the serving code is compiled${r.refused > 0 ? ` (${r.refused} refused)` : ''}`),
    );
  }

  /** Aborted once close() is called (a warm-up of this runtime's stops there); a new one when it serves again. */
  get closeSignal(): AbortSignal {
    return this.closing.signal;
  }

  /** The web server of the `http` option, once the runtime serves (undefined without it). */
  get web(): WebServerLike | undefined {
    return this.webServer;
  }

  private async startWeb(): Promise<void> {
    const http = this.options.http;
    if (http === undefined || this.webServer !== undefined) return;
    const options = typeof http === 'number' ? { port: http } : http;
    this.webStarting ??= startRuntimeWeb(options, this.db, options.caPvs ? this.client : undefined)
      .then((server) => {
        this.webServer = server;
        this.log.info(`web screen and pvws at http://localhost:${server.port}/`);
      })
      .finally(() => {
        this.webStarting = undefined;
      });
    await this.webStarting;
  }

  /** PVA is served beside CA; if it cannot start, CA still serves and the reason is logged once. */
  private async startPva(): Promise<void> {
    if (this.pvaServer === undefined || this.pvaServer.isRunning) return;
    try {
      await this.pvaServer.start();
    } catch (err) {
      this.log.error(`${(err as Error).message}; serving Channel Access only`);
    }
  }

  /** Whether pause() stopped the PVA server (run() starts it again). */
  private pvaPaused = false;

  /**
   * iocPause: PINI PAUSE records process; the CA server stops answering searches, beaconing and
   * accepting, and drops each client at its next message (rsrv_pause); the PVA server stops
   * (QSRV's initHookAfterCaServerPaused); periodic, I/O Intr and event scans pause; `suspended`
   * runs; PINI PAUSED records process. False (nothing done) unless the IOC is running.
   */
  async pause(suspended?: () => void): Promise<boolean> {
    return this.db.pause({
      stopServers: async () => {
        this.server?.pause();
        this.pvaPaused = this.pvaServer?.isRunning ?? false;
        if (this.pvaPaused) await this.pvaServer?.stop();
      },
      ...(suspended ? { suspended } : {}),
    });
  }

  /**
   * iocRun after iocPause: PINI RUN records process, scans go on, the CA server serves the
   * clients that waited and answers searches again, the PVA server starts again, `restarted`
   * runs, PINI RUNNING records process. False (nothing done) unless the IOC is paused.
   */
  async run(restarted?: () => void): Promise<boolean> {
    return this.db.run({
      startServers: async () => {
        this.server?.resume();
        if (this.pvaPaused) {
          this.pvaPaused = false;
          await this.startPva();
        }
      },
      ...(restarted ? { restarted } : {}),
    });
  }

  /** Whether pause() holds the IOC (until run()). */
  get isPaused(): boolean {
    return this.db.isPaused;
  }

  /** Unregisters a user; the last one out stops the server. */
  async detach(user: object): Promise<void> {
    if (!this.users.delete(user)) return;
    if (this.users.size === 0) await this.close();
  }

  /** Stops the server, every scan and every link. */
  async close(): Promise<void> {
    this.closing.abort();
    this.users.clear();
    this.autosave?.close();
    this.stopInputs?.();
    this.stopInputs = undefined;
    this.putLog?.close();
    this.putLog = undefined;
    await this.webStarting?.catch(() => undefined);
    const web = this.webServer;
    this.webServer = undefined;
    await web?.stop();
    this.db.close();
    await Promise.all([this.server?.stop(), this.pvaServer?.stop()]);
    await this.caClient?.close();
    this.caClient = undefined;
    await this.pvaClientInstance?.close();
    this.pvaClientInstance = undefined;
    defaultInstance = defaultInstance === this ? undefined : defaultInstance;
  }

  get tcpPort(): number {
    return this.server?.tcpPort ?? 0;
  }

  /** The pvAccess TCP port (0 when PVA is off or not started). */
  get pvaTcpPort(): number {
    return this.pvaServer?.tcpPort ?? 0;
  }
}

let defaultInstance: Runtime | undefined;

/** The process-wide runtime that models use unless given one; created on first use. */
export function defaultRuntime(): Runtime {
  defaultInstance ??= new Runtime();
  return defaultInstance;
}
