/**
 * Model: the base class of an IOC's record model. Records are declared as class fields with
 * the builders (`intval = models.Integer('intval', { maxVal: 1000 })`); `await start()` creates
 * them in the runtime's database (served over CA at once), wires `do_<name>` callbacks, and
 * returns only when everything is serving.
 */
import { type Observable, merge } from 'rxjs';
import { convertArray, epicsNow } from '../ca/protocol/dbr/index.js';
import { getLogger, type Logger } from '../log/index.js';
import { expandMacros, MacroError } from '../macros/index.js';
import type { EpicsRecord } from '../records/record.js';
import { defaultRuntime, type Runtime } from '../runtime/runtime.js';
import { ModelDefinitionError, RECORD_NAME } from './builders.js';
import { RecordHandle, type RecordUpdate } from './handle.js';
import { RemotePv } from './remote-pv.js';
import { RemotePvaPv } from './remote-pva-pv.js';
import { exportDb } from '../records/export-db.js';
import { warmUpModelOnce } from './warm-up-model.js';
import { type Callback, CallbackRunner } from './callback-runner.js';

export interface ModelOptions {
  /** The object whose `do_<name>(record, value, ioc)` methods are called; default the model. */
  callbacks?: object;
  /** Macros for every field, in addition to `device`. */
  macros?: Record<string, string>;
  /** The runtime (database and CA server) to live in; default the process-wide one. */
  runtime?: Runtime;
  /** Do not call the callbacks with the initial values at start (DevIOC always did). */
  skipInitial?: boolean;
  /** Do not call a record's callback for the application's own puts to it. */
  ignoreOwnWrites?: boolean;
  /** Separator between the device name and a record name; default ":". */
  separator?: string;
  logger?: Logger;
}

export class ModelStartError extends Error {
  override name = 'ModelStartError';
}


/** A device name is the prefix of every record name: no spaces, quotes or ".". */
function checkDeviceName(device: string, model: string): void {
  if (device.trim() === '' || /[\s"'.]/.test(device)) {
    throw new ModelDefinitionError(`${model}: invalid device name ${JSON.stringify(device)} (it prefixes every record name: no spaces, quotes or ".")`);
  }
}

export class Model {
  readonly #options: ModelOptions;
  /** Records of the start under way that ask for autosave the runtime cannot give. */
  #unsaved: string[] = [];
  #live: { records: EpicsRecord[]; handles: [string, RecordHandle<unknown, unknown>][]; runtime: Runtime } | undefined;
  /** The callbacks of the current (or last) start. */
  #runner: CallbackRunner | undefined;
  /** The warm-ups start() set going (runtime's, then the model's). */
  #warming: Promise<void> = Promise.resolve();

  constructor(
    /** The device name: the prefix of every record name and the `device` macro. */
    readonly device: string,
    options: ModelOptions = {},
  ) {
    this.#options = options;
    checkDeviceName(device, new.target.name);
  }

  get #log(): Logger {
    return this.#options.logger ?? getLogger(this.constructor.name);
  }

  /** The declared records, in declaration order (parent classes first), by attribute name. */
  recordHandles(): [string, RecordHandle<unknown, unknown>][] {
    return Object.entries(this).filter((e): e is [string, RecordHandle<unknown, unknown>] => e[1] instanceof RecordHandle);
  }

  get isStarted(): boolean {
    return this.#live !== undefined;
  }

  get runtime(): Runtime {
    return this.#live?.runtime ?? this.#options.runtime ?? defaultRuntime();
  }

  /** The macros every field sees: `device`, then the model's own. */
  get macros(): Record<string, string> {
    return { device: this.device, ...this.#options.macros };
  }

  /** Expands macros in one piece of text, naming the record and field on failure. */
  #expand(text: string, where: string): string {
    if (!text.includes('$')) return text;
    try {
      return expandMacros(text, this.macros, { undefined: 'error' });
    } catch (err) {
      if (err instanceof MacroError) throw new ModelStartError(`${where}: ${err.message}`);
      throw err;
    }
  }

  /** The full record name of a declared record. */
  recordName(declaredName: string): string {
    return `${this.device}${this.#options.separator ?? ':'}${this.#expand(declaredName, `record "${declaredName}"`)}`;
  }

  /**
   * Creates the records and serves them. Resolves when clients can connect; throws with the
   * reason otherwise (a duplicate record, a bad field, an undefined macro, a port the server
   * cannot get), leaving nothing behind.
   */
  async start(): Promise<this> {
    if (this.#live !== undefined) return this;
    const runtime = this.runtime;
    const handles = this.recordHandles();
    if (handles.length === 0) this.#log.warn(`model ${this.constructor.name} declares no records`);
    for (const [attr, handle] of handles) handle.nameAfter(attr);
    const runner = new CallbackRunner(this.#resolveCallbacks(handles), this.#options.ignoreOwnWrites === true, this.#log);
    await runtime.attach(this);
    const records: EpicsRecord[] = [];
    try {
      for (const [attr, handle] of handles) records.push(this.#createRecord(runtime, attr, handle));
      runtime.db.initialise(records);
    } catch (err) {
      this.#unsaved = [];
      runtime.db.remove(records);
      await runtime.detach(this);
      throw err instanceof ModelStartError ? err : new ModelStartError(`${this.constructor.name} ${this.device}: ${(err as Error).message}`);
    }
    this.#live = { records, handles, runtime };
    this.#runner = runner;
    if (this.#unsaved.length > 0) {
      // One line for the model, not one per record: the cause is the runtime's settings.
      const names = this.#unsaved.length > 3 ? `${this.#unsaved.slice(0, 3).join(', ')} …` : this.#unsaved.join(', ');
      this.#log.warn(`${this.#unsaved.length} records ask to be autosaved (${names}), but the runtime has no autosave directory: their values are not kept across restarts`);
      this.#unsaved = [];
    }
    handles.forEach(([attr, handle], i) => {
      handle.attach(records[i]);
      if (runner.has(attr)) handle.record.subscribe('VAL', runner.listener(attr, handle));
    });
    // The runtime serves from before the records exist (so that a port it cannot get leaves
    // nothing behind): its warm-up, which copies records, starts now, then the path through the
    // callbacks (model/warm-up-model.ts), with twins of these records. In the background: the
    // model serves meanwhile (warmedUp() says when they have ended).
    const twinHandles = handles.map(([, h]) => h);
    this.#warming = runtime
      .warmUp()
      .then(() => (runtime.closeSignal.aborted ? undefined : warmUpModelOnce({ runtime, handles: twinHandles, makeModel: (device, options) => new Model(device, options), log: this.#log })));
    this.#log.info(`${this.constructor.name} ${this.device}: ${records.length} records serving${runtime.server ? ` on CA port ${runtime.tcpPort}` : ''}`);
    if (!this.#options.skipInitial) {
      for (const [attr, handle] of handles) if (runner.has(attr)) void runner.invoke(attr, handle.get(), undefined);
    }
    return this;
  }

  #createRecord(runtime: Runtime, attr: string, handle: RecordHandle<unknown, unknown>): EpicsRecord {
    const decl = handle.declaration;
    const name = this.recordName(decl.name);
    const record = runtime.db.create(decl.type, name);
    try {
      for (const [field, value] of decl.fields) {
        const where = `${name}.${field}`;
        if (value === RECORD_NAME) record.configure(field, decl.name);
        else if (field === 'VAL') record.configureValue('VAL', handle.encodeForPut(value, record));
        else if (typeof value === 'string') record.configure(field, this.#expand(value, where));
        else record.configureValue(field, value);
      }
    } catch (err) {
      runtime.db.remove([record]);
      throw err instanceof ModelStartError ? err : new ModelStartError(`${name} (${attr}): ${(err as Error).message}`);
    }
    // A record declared with a value starts defined: no UDF alarm, time-stamped now, like
    // pythonSoftIOC's initial_value. (EPICS itself leaves UDF set until the first processing,
    // which is what DevIOC's records showed.) Nothing is processed: OUT links see no write.
    if (decl.fields.some(([f]) => f === 'VAL')) {
      record.setQuiet('UDF', 0);
      record.setQuiet('STAT', 0);
      record.setQuiet('SEVR', 0);
      record.time = epicsNow();
    }
    record.readOnly = handle.options.readOnly === true;
    if (handle.options.asg !== undefined) record.configure('ASG', handle.options.asg);
    const keep = handle.options.autosave;
    if (keep !== undefined && keep !== false) {
      const fields = keep === true ? ['VAL'] : keep;
      if (runtime.autosave === undefined) this.#unsaved.push(name);
      runtime.autosave?.addFields(name, fields, 0);
    }
    const validate = handle.options.validate;
    if (validate !== undefined) {
      record.writeGuards.add((field, value, from) => {
        if (field !== 'VAL') return;
        const shape = record.shape('VAL');
        const native = convertArray(value, from, shape.type, record.conversionFor(record.field('VAL')!));
        const snap = { ...record.snapshot('VAL'), value: native };
        validate(handle.decodeSnapshot(snap, record));
      });
    }
    return record;
  }

  /**
   * Each record's callback: its onUpdate, or a `do_<attr>` method (or DevIOC's all-lower-case
   * spelling) of the callbacks object. A `do_` method that matches no record, and a record
   * given both, are refused with their names: a typo must not silently do nothing.
   */
  #resolveCallbacks(handles: [string, RecordHandle<unknown, unknown>][]): Map<string, Callback> {
    const target = (this.#options.callbacks ?? this) as Record<string, unknown>;
    const methods = doMethodNames(target);
    const out = new Map<string, Callback>();
    const where = `${this.constructor.name}${this.#options.callbacks !== undefined ? ` (callbacks ${target.constructor?.name ?? 'object'})` : ''}`;
    for (const [attr, handle] of handles) {
      const name = methods.has(`do_${attr}`) ? `do_${attr}` : methods.has(`do_${attr}`.toLowerCase()) ? `do_${attr}`.toLowerCase() : undefined;
      const onUpdate = handle.options.onUpdate;
      if (name !== undefined) methods.delete(name);
      if (name !== undefined && onUpdate !== undefined) throw new ModelDefinitionError(`${where}: record "${attr}" has both onUpdate and ${name}(); give one`);
      if (onUpdate !== undefined) out.set(attr, onUpdate);
      else if (name !== undefined) {
        const method = (target[name] as (record: RecordHandle<unknown, unknown>, value: unknown, ioc: Model) => unknown).bind(target);
        out.set(attr, (value) => method(handle, value, this));
      }
    }
    if (methods.size > 0) {
      const names = [...methods].map((m) => `${m}()`).join(', ');
      throw new ModelDefinitionError(`${where}: ${names} ${methods.size === 1 ? 'matches' : 'match'} no record (records: ${handles.map(([a]) => a).join(', ') || 'none'})`);
    }
    return out;
  }

  /**
   * The model as .db text that EPICS softIoc loads unchanged. With `template`, record names and
   * links use `$(device)` as DevIOC's generated databases did (load with `-m device=NAME`).
   * The model must have started (use a runtime with `serve: false` to export without serving).
   */
  toDb(options: { template?: boolean } = {}): string {
    if (this.#live === undefined) throw new Error(`${this.constructor.name}: start() the model before exporting it`);
    return exportDb(this.#live.records, {
      header: `${this.constructor.name} ${options.template ? '(load with -m device=NAME)' : this.device}, exported by devioc`,
      deviceMacro: options.template ? { device: this.device, separator: this.#options.separator } : undefined,
    });
  }

  /**
   * A PV of another IOC (or any PV), reached through the runtime's CA client; `pva://NAME`
   * reaches it over pvAccess instead.
   */
  pv(name: `pva://${string}`): RemotePvaPv;
  pv(name: string): RemotePv;
  pv(name: string): RemotePv | RemotePvaPv {
    if (name.startsWith('pva://')) return new RemotePvaPv(this.runtime.pvaClient, name.slice('pva://'.length));
    return new RemotePv(this.runtime.client, name.startsWith('ca://') ? name.slice('ca://'.length) : name);
  }

  /** Every update of every record of the model, merged. */
  get updates$(): Observable<RecordUpdate<unknown>> {
    return merge(...this.recordHandles().map(([, h]) => h.updates$));
  }

  /**
   * Resolves once the warm-ups start() set going in the background have ended (done, failed,
   * or stopped by the runtime's close()): from then on, clients are served by compiled code.
   * Never rejects. For what measures a fresh IOC; an application need not wait for it.
   */
  warmedUp(): Promise<void> {
    return this.#warming;
  }

  /** Removes the records and, if nothing else uses the runtime, stops its server. */
  async shutdown(): Promise<void> {
    const live = this.#live;
    if (live === undefined) return;
    this.#live = undefined;
    if (this.#runner !== undefined) this.#runner.live = false;
    // The records' streams complete: a subscriber learns the model is gone.
    for (const [, handle] of live.handles) handle.complete();
    live.runtime.db.remove(live.records);
    await this.#runner?.settled();
    await live.runtime.detach(this);
    this.#log.info(`${this.constructor.name} ${this.device}: shut down`);
  }
}

/** The names of the `do_*` methods of a callbacks object (its own and its classes', not Model's). */
function doMethodNames(target: object): Set<string> {
  const names = new Set<string>();
  for (let o: object | null = target; o !== null && o !== Object.prototype && o !== Model.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key.startsWith('do_') && typeof (target as Record<string, unknown>)[key] === 'function') names.add(key);
    }
  }
  return names;
}
