/**
 * The record database: every record of a runtime by name (and alias), served to the CA server
 * through the provider interface, with link resolution and scanning. Several models share one
 * database, so links between their records are local.
 */
import { AccessSecurity } from '../access/access-security.js';
import { getLogger, type Logger } from '../log/index.js';
import type { CaPv, PvProvider } from '../ca/server/provider.js';
import { NativeType } from '../ca/protocol/dbr/types.js';
import { asMenuChoices } from '../ca/protocol/dbr/convert.js';
import { MENUS } from './fields/menus.js';
import { recordType } from './types/index.js';
import { ChannelFilterError, type ChannelFilter, parseChannelFilters } from './channel-filters.js';
import { FieldChannel, RecordTypeChannel } from './field-channel.js';
import { DbStates } from './db-states.js';
import { initLastValues } from './support/init-last-values.js';
import { FilteredChannel } from './filtered-channel.js';
import type { LinkTarget, RemoteLinkFactory } from './links/link-target.js';
import { LocalLink } from './links/local-link.js';
import { type LinkResolver, RecordLinks } from './links/record-links.js';
import { EpicsRecord, type RecordHost, isServed } from './record.js';
import { isLinkDbf, numOf } from './field-value.js';
import type { FieldDef } from './fields/field-def.js';
import { SCAN_PASSIVE, Scanner } from './scan/scanner.js';
import { supportFor } from './support/registry.js';

/** menuPini's YES, RUN, RUNNING, PAUSE and PAUSED. */
const PINI_YES = 1;
const PINI_RUN = 2;
const PINI_RUNNING = 3;
const PINI_PAUSE = 4;
const PINI_PAUSED = 5;

/**
 * The records whose PINI is `pass`, in the order piniProcess processes them: by PHAS, lowest
 * first; within a phase by record type, in the order softIoc.dbd defines them (strcmp order of
 * the names: aSub before aai, sub before subArray); within a type in load order.
 */
function piniOrder(records: readonly EpicsRecord[], pass: number): EpicsRecord[] {
  const chosen = records.filter((r) => numOf(r.v.PINI) === pass);
  if (chosen.length < 2) return chosen;
  // Array#sort is stable: load order stays within a phase and a type.
  return chosen.sort((a, b) => numOf(a.v.PHAS) - numOf(b.v.PHAS) || byTypeName(a, b));
}

/** softIoc.dbd's record type order (strcmp of the names). */
const byTypeName = (a: EpicsRecord, b: EpicsRecord): number => (a.typeName < b.typeName ? -1 : a.typeName > b.typeName ? 1 : 0);

/**
 * The records in the order iocInit adds them to their scan lists: by record type in
 * softIoc.dbd's order, each type's in load order. A list keeps its records by PHAS and, within
 * a phase, in the order they were added, so two records of one period and phase process in
 * this order (an ai before a calc, whatever the .db says).
 */
function scanRegistrationOrder(records: readonly EpicsRecord[]): EpicsRecord[] {
  return [...records].sort(byTypeName);
}

export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

/**
 * Splits a channel name into record, field, the `$` flag and its filters (dbChannel's grammar:
 * channel-filters.ts). A name whose filters do not parse still names its record and field here;
 * `filterError` says what is wrong with them.
 */
export function parseChannelName(name: string): { record: string; field: string; dollar: boolean; filters: ChannelFilter[]; filterError?: string } {
  try {
    return parseChannelFilters(name);
  } catch (err) {
    if (!(err instanceof ChannelFilterError)) throw err;
    const dot = name.indexOf('.');
    const field = dot === -1 ? 'VAL' : /^(?:[A-Za-z_][A-Za-z0-9_]*)?/.exec(name.slice(dot + 1))![0] || 'VAL';
    return { record: dot === -1 ? name : name.slice(0, dot), field, dollar: false, filters: [], filterError: err.message };
  }
}

export interface RecordDatabaseOptions {
  /** CA links for PVs that are not records here (set later with setRemoteLinks too). */
  remoteLinks?: RemoteLinkFactory;
  logger?: Logger;
  /**
   * Records' own warnings (a bad CALC at init_record…) not logged: the warm-up's copies of the
   * IOC's records, whose warnings the IOC's records have given already.
   */
  quietRecords?: boolean;
}

/** iocInit's hooks, for a batch of records: before their links and init_record, and after. */
export interface InitHooks {
  beforeInit?(records: readonly EpicsRecord[]): void;
  afterInit?(records: readonly EpicsRecord[]): void;
  /** Records about to be removed (a model shutting down), still readable. */
  beforeRemove?(records: readonly EpicsRecord[]): void;
}

export class RecordDatabase implements PvProvider {
  private readonly records = new Map<string, EpicsRecord>();
  private readonly aliases = new Map<string, string>();
  /** Each menu's choices, made once (asMenuChoices marks the array). */
  private readonly menuChoices = new Map<string, readonly string[]>();
  private readonly linkSets = new Map<EpicsRecord, RecordLinks>();
  private readonly scanner: Scanner;
  private remoteLinks: RemoteLinkFactory | undefined;
  private readonly log: Logger;
  private readonly host: RecordHost;
  private readonly resolver: LinkResolver;
  /** Named states for the sync channel filter (dbStateCreate, dbStateSet, dbStateClear). */
  readonly states = new DbStates();
  /** Access security for CA clients (asLib); inactive until a configuration is loaded. */
  readonly security = new AccessSecurity();

  private readonly initHooks = new Set<InitHooks>();

  /** Called around the initialisation of every batch of records (autosave's restore passes). */
  addInitHooks(hooks: InitHooks): () => void {
    this.initHooks.add(hooks);
    return () => this.initHooks.delete(hooks);
  }

  constructor(options: RecordDatabaseOptions = {}) {
    this.remoteLinks = options.remoteLinks;
    this.log = options.logger ?? getLogger('db');
    const quietRecords = options.quietRecords === true;
    this.scanner = new Scanner(
      () => this.menuLabels('menuScan'),
      (record, err) => this.log.error(`${record.name}: processing failed: ${(err as Error).message}`),
      // dbScan.c's words, seconds with three decimals.
      (thread, r) =>
        this.log.warn(
          `dbScan warning from '${thread}' scan thread: scan processing averages ${(r.averageMs / 1000).toFixed(3)} seconds ` +
            `(${(r.minMs / 1000).toFixed(3)} .. ${(r.maxMs / 1000).toFixed(3)}). Over-runs have now happened ${r.inARow} times in a row. ` +
            'To fix this, move some records to a slower scan rate.',
        ),
      (record, message) => this.log.error(`${record.name}: ${message}`),
    );
    this.host = {
      menuLabels: (menu) => this.menuLabels(menu),
      scanOnce: (record) => this.scanner.once(record),
      scanChanged: (record) => this.scanner.register(record),
      linkChanged: (record, field) => this.linkSets.get(record)?.resolve(field),
      postEvent: (name) => {
        this.scanner.postEvent(name);
      },
      declareEvent: (name) => this.scanner.declareEvent(name),
      warn: (record, message) => {
        if (!quietRecords) this.log.warn(`${record.name}: ${message}`);
      },
    };
    this.resolver = {
      local: (pv, record, field) => this.localTarget(pv, record, field),
      remote: (pv, monitor) => this.remoteLinks?.create(pv, { monitor }),
      processFromLink: (record) => this.scanner.processFromLink(record),
      warn: (record, message) => this.log.warn(`${record.name}: ${message}`),
      error: (record, message) => this.log.error(`${record.name}: ${message}`),
    };
  }

  setRemoteLinks(factory: RemoteLinkFactory | undefined): void {
    this.remoteLinks = factory;
  }

  menuLabels(menu: string): readonly string[] {
    let labels = this.menuChoices.get(menu);
    if (labels === undefined) {
      labels = asMenuChoices(MENUS.get(menu)?.choices.map((c) => c.label) ?? []);
      this.menuChoices.set(menu, labels);
    }
    return labels;
  }

  // ------------------------------------------------------------------ records

  /** Creates a record of `type` called `name` (not yet initialised). */
  create(type: string, name: string): EpicsRecord {
    const record = this.make(type, name);
    this.adopt(record);
    return record;
  }

  /**
   * A record of this database that is not in it yet: configured as a .db file is read, and
   * added (adopt) at iocInit.
   */
  make(type: string, name: string): EpicsRecord {
    return new EpicsRecord(name, recordType(type), supportFor(type), this.host);
  }

  /** Adds a record made by make() (not yet initialised). */
  adopt(record: EpicsRecord): void {
    if (this.records.has(record.name) || this.aliases.has(record.name)) throw new DatabaseError(`duplicate record name "${record.name}"`);
    this.records.set(record.name, record);
  }

  alias(name: string, alias: string): void {
    if (!this.records.has(name)) throw new DatabaseError(`alias "${alias}" for unknown record "${name}"`);
    if (this.records.has(alias) || this.aliases.has(alias)) throw new DatabaseError(`duplicate record name "${alias}"`);
    this.aliases.set(alias, name);
  }

  get(name: string): EpicsRecord | undefined {
    return this.records.get(name) ?? this.records.get(this.aliases.get(name) ?? '');
  }

  get size(): number {
    return this.records.size;
  }

  names(): IterableIterator<string> {
    return this.records.keys();
  }

  /** Every alias with the record it names, in the order they were added. */
  aliasEntries(): IterableIterator<[string, string]> {
    return this.aliases.entries();
  }

  /**
   * Brings newly created records to life, in two passes as iocInit does: resolve every link
   * and run init_record for all of them, then register scans and process the PINI records.
   */
  initialise(records: readonly EpicsRecord[]): void {
    // initHookAfterInitDevSup's predecessors: autosave's pass 0 restores configured values.
    for (const hooks of [...this.initHooks]) hooks.beforeInit?.(records);
    for (const record of records) {
      const links = new RecordLinks(record, this.resolver);
      record.links = links;
      this.linkSets.set(record, links);
      links.resolveAll();
    }
    for (const record of records) {
      // iocInit's initial severity: UDFS while undefined with a UDF status, none otherwise.
      if (record.defs.has('UDF')) record.v.SEVR = record.num('UDF') !== 0 && record.num('STAT') === 17 ? record.num('UDFS') : 0;
      try {
        record.support.init?.(record);
        initLastValues(record);
      } catch (err) {
        const message = (err as Error).message;
        throw Object.assign(new DatabaseError(message.startsWith(`${record.name}.`) ? message : `${record.name}: ${message}`), { record: record.name });
      }
    }
    // initHookAfterInitDatabase: autosave's pass 1, before scans start and PINI records process.
    for (const hooks of [...this.initHooks]) hooks.afterInit?.(records);
    for (const record of scanRegistrationOrder(records)) this.scanner.register(record);
    // iocInit's piniProcess: YES (iocBuild), then RUN (initHookAtIocRun) and RUNNING
    // (initHookAfterIocRunning); PAUSE and PAUSED wait for an iocPause (pause()).
    for (const pass of [PINI_YES, PINI_RUN, PINI_RUNNING]) this.processPini(records, pass);
  }

  private processPini(records: readonly EpicsRecord[], pass: number): void {
    for (const record of piniOrder(records, pass)) record.process();
  }

  /**
   * iocPause's part in the database, in its order: the PINI PAUSE records process
   * (initHookAtIocPause), the servers stop (`stopServers`, the caller's), writes through CA
   * links wait (dbCaPause), scans pause (scanPause: periodic, I/O Intr, events), `suspended` runs (iocPause's message), then the
   * PINI PAUSED records process (initHookAfterIocPaused). False when already paused.
   */
  async pause(steps: { stopServers?: () => Promise<void>; suspended?: () => void } = {}): Promise<boolean> {
    if (this.iocState !== 'running') return false;
    this.iocState = 'pausing';
    const records = [...this.records.values()];
    try {
      this.processPini(records, PINI_PAUSE);
      await steps.stopServers?.();
    } finally {
      this.remoteLinks?.pause?.();
      this.scanner.pause();
      this.iocState = 'paused';
    }
    steps.suspended?.();
    this.processPini(records, PINI_PAUSED);
    return true;
  }

  /**
   * iocRun after iocPause: PINI RUN records process (initHookAtIocRun), scans go on
   * (scanRun), the CA links' waiting writes go out (dbCaRun), the servers start again (`startServers`), `restarted` runs (iocRun's message),
   * then PINI RUNNING records process (initHookAfterIocRunning). False when not paused.
   */
  async run(steps: { startServers?: () => Promise<void>; restarted?: () => void } = {}): Promise<boolean> {
    if (this.iocState !== 'paused') return false;
    this.iocState = 'resuming';
    const records = [...this.records.values()];
    try {
      this.processPini(records, PINI_RUN);
      this.scanner.run();
      this.remoteLinks?.run?.();
      await steps.startServers?.();
    } finally {
      this.iocState = 'running';
    }
    steps.restarted?.();
    this.processPini(records, PINI_RUNNING);
    return true;
  }

  /** iocPause and iocRun in progress or done (iocState's running and paused). */
  private iocState: 'running' | 'pausing' | 'paused' | 'resuming' = 'running';

  /** Whether iocPause has paused the scans (until iocRun). */
  get isPaused(): boolean {
    return this.iocState === 'paused';
  }

  /** Removes records (a model shutting down): their scans stop and their links close. */
  remove(records: readonly EpicsRecord[]): void {
    if (records.length === 0) return;
    for (const hooks of [...this.initHooks]) hooks.beforeRemove?.(records);
    for (const record of records) {
      this.scanner.unregister(record);
      this.linkSets.get(record)?.close();
      this.linkSets.delete(record);
      this.records.delete(record.name);
      for (const [alias, target] of this.aliases) if (target === record.name) this.aliases.delete(alias);
    }
  }

  /** I/O Intr: tells the scanner a record's source has a new value. */
  ioRequest(record: EpicsRecord): boolean {
    return this.scanner.ioRequest(record);
  }

  /** The event scan lists, the newest first, as scanpel reports them (`pattern` picks event names). */
  eventLists(pattern?: (name: string) => boolean): { name: string; byPriority: EpicsRecord[][] }[] {
    return this.scanner.eventLists(pattern);
  }

  /** The periodic scan lists (period in ms → records), as scanppl reports them. */
  scanLists(): Map<number, EpicsRecord[]> {
    return this.scanner.periodicLists();
  }

  postEvent(name: string): number {
    return this.scanner.postEvent(name);
  }

  processFromLink(record: EpicsRecord): void {
    this.scanner.processFromLink(record);
  }

  /** Stops every scan and closes every link. */
  close(): void {
    this.scanner.stop();
    for (const links of this.linkSets.values()) links.close();
    this.linkSets.clear();
  }

  private localTarget(pv: string, recordName: string, field: string): LinkTarget | undefined {
    const record = this.get(recordName);
    if (record === undefined || record.field(field) === undefined) return undefined;
    return new LocalLink(pv, record, field);
  }

  isPassive(record: EpicsRecord): boolean {
    return record.num('SCAN') === SCAN_PASSIVE;
  }

  // ------------------------------------------------------------------ provider

  has(name: string): boolean {
    // A bare record name (most searches) is its VAL, with no filter to parse.
    if (name.indexOf('.') === -1) {
      const f = this.get(name)?.field('VAL');
      return f !== undefined && isServed(f);
    }
    const { record, field, dollar, filters, filterError } = parseChannelName(name);
    const r = this.get(record);
    if (r === undefined) return false;
    const refused = filterError ?? this.missingState(filters);
    if (refused !== undefined) {
      this.reportFilterError(name, refused);
      return false;
    }
    if (field === 'RTYP') return true;
    const f = r.field(field);
    return f !== undefined && isServed(f) && (!dollar || longStringSize(r, f) !== undefined);
  }

  open(name: string): CaPv | undefined {
    if (name.indexOf('.') === -1) {
      const r = this.get(name);
      return r === undefined ? undefined : this.openField(r, 'VAL', false);
    }
    const { record, field, dollar, filters, filterError } = parseChannelName(name);
    const r = this.get(record);
    if (r === undefined) return undefined;
    if (filterError !== undefined) {
      this.reportFilterError(name, filterError);
      return undefined;
    }
    if (field === 'RTYP') return new RecordTypeChannel(r, dollar);
    const missing = this.missingState(filters);
    if (missing !== undefined) {
      this.reportFilterError(name, missing);
      return undefined;
    }
    const channel = this.openField(r, field, dollar);
    return channel === undefined || filters.length === 0 ? channel : new FilteredChannel(channel, filters, this.states);
  }

  /** sync.c parse_ok(): the named state must exist when the channel is made. */
  private missingState(filters: readonly ChannelFilter[]): string | undefined {
    for (const f of filters) {
      if (f.kind === 'sync' && !this.states.has(f.state)) return `sync: no state "${f.state}" (create it with dbStateCreate)`;
    }
    return undefined;
  }

  /** Names whose filters were refused, each logged once (searches repeat). */
  private readonly refusedFilters = new Set<string>();

  private reportFilterError(name: string, reason: string): void {
    if (this.refusedFilters.has(name)) return;
    if (this.refusedFilters.size > 1000) this.refusedFilters.clear();
    this.refusedFilters.add(name);
    this.log.warn(`channel "${name}" refused: ${reason}`);
  }

  private openField(r: EpicsRecord, field: string, dollar: boolean): CaPv | undefined {
    const f = r.field(field);
    if (f === undefined || !isServed(f)) return undefined;
    if (!dollar) return new FieldChannel(r, field, 0, this.security);
    const size = longStringSize(r, f);
    return size === undefined ? undefined : new FieldChannel(r, field, size, this.security);
  }
}

/**
 * The char array a `$` channel serves a field as (dbChannel's long-string form): a string
 * field's size, 1024 for a link field, a long-string record's SIZV for VAL and OVAL. Undefined
 * for any other field, which dbChannelCreate refuses (S_dbLib_fieldNotFound: not found).
 */
function longStringSize(r: EpicsRecord, f: FieldDef): number | undefined {
  if (f.dbf === 'DBF_STRING') return f.size ?? 40;
  if (isLinkDbf(f.dbf)) return 1024;
  if (f.special === 'SPC_DBADDR' && r.shape(f.name).type === NativeType.STRING) return Math.max(1, r.num('SIZV'));
  return undefined;
}
