/**
 * Access security as asLib computes it (asComputePvt): for a record's group (ASG), a field's
 * level (ASL0/ASL1) and a client's user and host, the rules of the group grant NONE, READ or
 * WRITE, and say whether writes are trapped (TRAPWRITE). CALC rules read the group's inputs
 * (INPA..INPL); when an input changes, every watcher is told, so that channels can push their
 * new rights to clients at once.
 */
import type { ClientInfo, Unsubscribe } from '../ca/server/provider.js';
import { type AcfConfig, type AcfGroup, type AcfRule, type AsAccess, DEFAULT_ASG } from './acf-parse.js';
import type { TrappedWrite } from './put-log.js';

export interface AsRights {
  readonly access: AsAccess;
  readonly trapWrite: boolean;
}

export interface AsIdentity {
  readonly user: string;
  /** Lower-cased, as asAddClient stores it. */
  readonly host: string;
}

const NO_ACCESS: AsRights = { access: 0, trapWrite: false };
const FULL_ACCESS: AsRights = { access: 2, trapWrite: false };

/** The state of one INPx of a group: its value, and whether it is bad (disconnected, INVALID). */
interface InputState {
  readonly group: GroupState;
  readonly index: number;
  readonly pv: string;
  connected: boolean;
  /** What the last update said about this input, for ascar. */
  readAccess: boolean;
  writeAccess: boolean;
  host: string;
}

interface GroupState {
  readonly def: AcfGroup;
  readonly values: Float64Array;
  /** Bit n set while INP(n) is bad; every declared input starts bad. */
  inpBad: number;
  /** Each rule's CALC result (1 or 0), recomputed when an input it uses changes. */
  readonly results: number[];
  readonly inputsUsed: number[];
}

/** Strips the IPv4-mapped prefix Node gives IPv4 peers on dual-stack sockets. */
export const plainAddress = (address: string): string => (address.startsWith('::ffff:') ? address.slice(7) : address);

/** Something told when the rights may have changed (AccessSecurity.watch). */
export interface AccessWatcher {
  accessChanged(): void;
  /** AccessSecurity's own bookkeeping: where it keeps the watcher (-1 when not watching). */
  watchSlot: number;
}

export class AccessSecurity {
  private config: AcfConfig | undefined;
  private groups = new Map<string, GroupState>();
  private inputStates: InputState[] = [];
  /** Host names of each HAG as compared: lower-cased, or IP addresses when checkClientIP. */
  private hagHosts = new Map<string, Set<string>>();
  /**
   * The watchers in the order they came, a hole where one left (compacted when holes are half):
   * every connecting channel adds one, and a Set's insertion was a tenth of a channel's creation.
   */
  private watchers: (AccessWatcher | undefined)[] = emptyObjectArray();
  private watcherHoles = 0;
  private readonly trapListeners = new Set<(write: TrappedWrite) => void>();
  /**
   * asCheckClientIP: take the client's host from its IP address and ignore HOST_NAME (HAG
   * entries must then be addresses, or names resolved when the file is loaded).
   */
  checkClientIP = false;

  /** Whether a configuration is loaded (asActive); without one every client may write. */
  get active(): boolean {
    return this.config !== undefined;
  }

  get current(): AcfConfig | undefined {
    return this.config;
  }

  /**
   * Installs a configuration (asInitialize), replacing the previous one; `resolvedHags` gives
   * each HAG's hosts as compared (see resolveHags). Watchers are told, so that every channel
   * re-evaluates its rights.
   */
  load(config: AcfConfig, resolvedHags?: Map<string, Set<string>>): void {
    this.config = config;
    this.groups = new Map();
    this.inputStates = [];
    for (const def of config.groups.values()) {
      const state: GroupState = {
        def,
        values: new Float64Array(12),
        inpBad: 0,
        results: def.rules.map(() => 0),
        inputsUsed: def.rules.map((r) => r.calc?.inputsUsed ?? 0),
      };
      for (const input of def.inputs) {
        state.inpBad |= 1 << input.index;
        this.inputStates.push({ group: state, index: input.index, pv: input.pv, connected: false, readAccess: false, writeAccess: false, host: '' });
      }
      this.groups.set(def.name, state);
    }
    this.hagHosts = resolvedHags ?? lowerCasedHags(config);
    this.notify();
  }

  /** Drops the configuration: access security off, every client may write again. */
  unload(): void {
    this.config = undefined;
    this.groups = new Map();
    this.inputStates = [];
    this.notify();
  }

  /** Every INPx of every group, for whoever connects them to PVs. */
  inputs(): readonly { readonly group: string; readonly index: number; readonly pv: string }[] {
    return this.inputStates.map((s) => ({ group: s.group.def.name, index: s.index, pv: s.pv }));
  }

  /**
   * An input's new value (asCa's eventCallback): `undefined` marks it bad (disconnected, no
   * read access, or INVALID severity). Re-evaluates the CALC rules that use it and tells the
   * watchers.
   */
  setInput(group: string, index: number, value: number | undefined, info: { connected?: boolean; readAccess?: boolean; writeAccess?: boolean; host?: string } = {}): void {
    const state = this.groups.get(group);
    if (state === undefined) return;
    for (const s of this.inputStates) {
      if (s.group === state && s.index === index) {
        s.connected = info.connected ?? value !== undefined;
        s.readAccess = info.readAccess ?? s.connected;
        s.writeAccess = info.writeAccess ?? s.writeAccess;
        s.host = info.host ?? s.host;
      }
    }
    const bit = 1 << index;
    if (value === undefined) {
      if ((state.inpBad & bit) !== 0) return;
      state.inpBad |= bit;
    } else {
      state.inpBad &= ~bit;
      state.values[index] = value;
    }
    state.def.rules.forEach((rule, i) => {
      if (rule.calc === undefined || (state.inputsUsed[i]! & bit) === 0) return;
      const result = rule.calc.evaluate(state.values);
      state.results[i] = result > 0.99 && result < 1.01 ? 1 : 0;
    });
    this.notify();
  }

  /** The identity asLib sees for a client: CLIENT_NAME, and HOST_NAME or the IP address. */
  identity(client: ClientInfo): AsIdentity {
    const host = this.checkClientIP ? plainAddress(client.address) : client.host;
    return { user: client.user, host: host.toLowerCase() };
  }

  /** asComputePvt: the rights a client has on a member of `asg` at `level`. */
  rights(asg: string, level: number, id: AsIdentity): AsRights {
    if (this.config === undefined) return FULL_ACCESS;
    const state = this.groups.get(asg) ?? this.groups.get(DEFAULT_ASG);
    if (state === undefined) return NO_ACCESS;
    let access: AsAccess = 0;
    let trapWrite = false;
    const rules = state.def.rules;
    for (let i = 0; i < rules.length; i++) {
      if (access === 2) break;
      const rule = rules[i]!;
      if (access >= rule.access || level > rule.level) continue;
      if (rule.uags.length > 0 && !rule.uags.some((u) => this.config!.uags.get(u)?.includes(id.user) === true)) continue;
      if (rule.hags.length > 0 && !rule.hags.some((h) => this.hagHosts.get(h)?.has(id.host) === true)) continue;
      if (rule.calc === undefined || ((state.inpBad & state.inputsUsed[i]!) === 0 && state.results[i] === 1)) {
        access = rule.access;
        trapWrite = rule.trapWrite;
      }
    }
    return { access, trapWrite };
  }

  /** Called whenever rights may have changed (a load, an input change): watch() for a function. */
  onChange(listener: () => void): Unsubscribe {
    const watcher: AccessWatcher = { watchSlot: -1, accessChanged: listener };
    this.watch(watcher);
    return () => this.unwatch(watcher);
  }

  /**
   * Tells `watcher` whenever rights may have changed, until unwatch(watcher): an object, so
   * that a channel watching its rights costs no closures.
   */
  watch(watcher: AccessWatcher): void {
    if (watcher.watchSlot >= 0 && this.watchers[watcher.watchSlot] === watcher) return;
    watcher.watchSlot = this.watchers.length;
    this.watchers.push(watcher);
  }

  unwatch(watcher: AccessWatcher): void {
    const slot = watcher.watchSlot;
    if (slot < 0 || this.watchers[slot] !== watcher) return;
    this.watchers[slot] = undefined;
    watcher.watchSlot = -1;
    if (++this.watcherHoles * 2 > this.watchers.length) this.compactWatchers();
  }

  private compactWatchers(): void {
    const kept: AccessWatcher[] = emptyObjectArray();
    for (const w of this.watchers) {
      if (w === undefined) continue;
      w.watchSlot = kept.length;
      kept.push(w);
    }
    this.watchers = kept;
    this.watcherHoles = 0;
  }

  /** Receives every write a TRAPWRITE rule let through (asTrapWriteRegisterListener). */
  onTrapWrite(listener: (write: TrappedWrite) => void): Unsubscribe {
    this.trapListeners.add(listener);
    return () => this.trapListeners.delete(listener);
  }

  get trapWriteWatched(): boolean {
    return this.trapListeners.size > 0;
  }

  reportTrapWrite(write: TrappedWrite): void {
    for (const listener of this.trapListeners) listener(write);
  }

  private notify(): void {
    // Those watching when it changed, in the order they came (one that leaves meanwhile is
    // still told, as the Set's copy did).
    for (const watcher of [...this.watchers]) watcher?.accessChanged();
  }

  // ------------------------------------------------------------------ dumps (iocsh commands)

  /** asprules / asDumpRules: the groups with their inputs (and values) and rules. */
  dumpRules(asg?: string): string {
    if (this.config === undefined) return '';
    let out = '';
    const groups = [...this.groups.values()].sort((a, b) => compareC(a.def.name, b.def.name));
    if (groups.length === 0) return 'No ASGs\n';
    for (const g of groups) {
      if (asg !== undefined && asg !== '' && g.def.name !== asg) continue;
      const brace = g.def.inputs.length > 0 || g.def.rules.length > 0;
      out += `ASG(${g.def.name})${brace ? ' {\n' : '\n'}`;
      for (const input of g.def.inputs) {
        const bad = (g.inpBad & (1 << input.index)) !== 0 ? ' INVALID' : '';
        out += `\tINP${String.fromCharCode(65 + input.index)}(${input.pv})${bad} value=${g.values[input.index]!.toFixed(6)}\n`;
      }
      g.def.rules.forEach((rule, i) => out += dumpRule(rule, g.results[i]!));
      if (brace) out += '}\n';
    }
    return out;
  }

  /** aspuag / asDumpUag. */
  dumpUags(uag?: string): string {
    if (this.config === undefined) return '';
    return dumpAccessGroups('UAG', this.config.uags, uag, (x) => x);
  }

  /** asphag / asDumpHag: hosts as compared (lower-cased, or resolved addresses). */
  dumpHags(hag?: string): string {
    if (this.config === undefined) return '';
    const hosts = new Map<string, string[]>();
    for (const name of this.config.hags.keys()) hosts.set(name, [...(this.hagHosts.get(name) ?? [])]);
    return dumpAccessGroups('HAG', hosts, hag, (x) => x);
  }

  /** ascar: the channels of the INPx inputs. */
  dumpInputs(level = 0): string {
    if (this.config === undefined) return 'access security not started\n';
    let out = '';
    let bad = 0;
    for (const s of this.inputStates) {
      if (!s.connected) bad++;
      if (level > 1 || (level === 1 && !s.connected)) {
        out += `connected:${s.connected ? 'yes   ' : 'never '} read:${s.readAccess ? 'yes' : 'no '} write:${s.writeAccess ? 'yes' : 'no '} ${s.pv} ${s.host}\n`;
      }
    }
    return `${out}${this.inputStates.length} channels ${bad} not connected\n`;
  }
}

/** strcmp order (asLib keeps its lists sorted that way). */
const compareC = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function dumpRule(rule: AcfRule, result: number): string {
  const names = ['NONE', 'READ', 'WRITE'];
  let out = `\tRULE(${rule.level},${names[rule.access]},${rule.trapWrite ? 'TRAPWRITE' : 'NOTRAPWRITE'})`;
  const brace = rule.uags.length > 0 || rule.hags.length > 0 || rule.calc !== undefined;
  out += brace ? ' {\n' : '\n';
  if (rule.uags.length > 0) out += `\t\tUAG(${rule.uags.join(',')})\n`;
  if (rule.hags.length > 0) out += `\t\tHAG(${rule.hags.join(',')})\n`;
  if (rule.calc !== undefined) out += `\t\tCALC("${rule.calc.expression}") result=${result === 1 ? 'TRUE' : 'FALSE'}\n`;
  if (brace) out += '\t}\n';
  return out;
}

function dumpAccessGroups(kind: string, groups: Map<string, string[]>, only: string | undefined, show: (x: string) => string): string {
  const names = [...groups.keys()].sort(compareC);
  if (names.length === 0) return `No ${kind}s\n`;
  let out = '';
  for (const name of names) {
    if (only !== undefined && only !== '' && name !== only) continue;
    const members = groups.get(name)!;
    out += `${kind}(${name})${members.length > 0 ? ` {${members.map(show).join(',')}}` : ''}\n`;
  }
  return out;
}

function lowerCasedHags(config: AcfConfig): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [name, hosts] of config.hags) out.set(name, new Set(hosts.map((h) => h.toLowerCase())));
  return out;
}

/**
 * An empty array that V8 already stores as an array of objects. An empty `[]` is stored as an
 * array of small integers and changes its kind (its map) at its first object. The warm-up's
 * database made its watchers' array long before V8 kept type feedback for watch(), so the code
 * compiled for it knew only arrays of objects, and every fresh IOC's first channel threw it away
 * (--trace-deopt: "wrong map", in onCreateChannel, where watch() is inlined), with a dozen
 * functions inlined there that V8 then compiled again while the first client connected.
 */
function emptyObjectArray<T>(): T[] {
  const array: (T | undefined)[] = [undefined];
  array.length = 0;
  return array as T[];
}
