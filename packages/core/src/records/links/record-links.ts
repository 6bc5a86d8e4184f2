/**
 * The links of one record: parsed from their field text, resolved to a local record or a CA
 * link, read and written with EPICS' PP/NPP/CP/CPP and MS/NMS/MSS/MSI semantics.
 */
import { AlarmSeverity, AlarmStatus, type EpicsTimestamp, type NativeArray, type NativeType, type PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { Unsubscribe } from '../../ca/server/provider.js';
import type { EpicsRecord, LinkStatus } from '../record.js';
import type { RecordLinkAccess } from '../support/support.js';
import { isLinkDbf } from '../fields/dbf.js';
import type { CaLinkReport, LinkReading, LinkTarget } from './link-target.js';
import { LocalCaLink } from './local-link.js';
import { type LinkSpec, LinkParseError, linkFieldType, parseLink } from './parse-link.js';
import { readsByProcessNotify } from '../devices/device-table.js';

/** What a record's links need from the database. */
export interface LinkResolver {
  /** A local target for (record, field), or undefined when no such record is here. */
  local(pv: string, record: string, field: string): LinkTarget | undefined;
  /** A CA link, or undefined when no CA client is available. */
  remote(pv: string, monitor: boolean): LinkTarget | undefined;
  /** Processing triggered by a CP/CPP link. */
  processFromLink(record: EpicsRecord): void;
  warn(record: EpicsRecord, message: string): void;
  /** A link the record's device support refuses at init (logged as an error, as recGblRecordError). */
  error(record: EpicsRecord, message: string): void;
}

const NONE: LinkSpec = { kind: 'none' };

/** dbLink.c setLinkAlarm's message (AMSG), as softIoc 7.0.8.1 shows it: `field INP`. */
const linkAlarmMessage = (field: string): string => `field ${field}`;

export class RecordLinks implements RecordLinkAccess {
  // Made on first use: most records have few links or none, and 100,000 records made
  // 300,000 empty Maps (about 30 MB) before.
  private specs: Map<string, LinkSpec> | undefined;
  private targets: Map<string, LinkTarget> | undefined;
  private monitors: Map<string, Unsubscribe> | undefined;
  /** Whether a link is a PV link (hasPvLinks), made again after a link changes. */
  private anyPv: boolean | undefined;

  constructor(
    private readonly owner: EpicsRecord,
    private readonly resolver: LinkResolver,
  ) {}

  /** (Re)parses and resolves every link field of the record. */
  resolveAll(): void {
    for (const f of this.owner.typeDef.fields) {
      if (isLinkDbf(f.dbf)) this.resolve(f.name);
    }
  }

  /** Parses one link field's text and connects it (after a put to the field, too). */
  resolve(field: string): void {
    this.release(field);
    const f = this.owner.field(field);
    if (f === undefined) return;
    this.anyPv = undefined;
    // Most link fields are empty: nothing to parse, connect or remember.
    if (this.owner.str(field).trim() === '') {
      this.specs?.delete(field);
      if (field === 'TSEL') this.timeStampLink = undefined;
      if (field === 'INP') this.refuseAsyncInput();
      return;
    }
    let spec: LinkSpec;
    try {
      spec = parseLink(this.owner.str(field), f.dbf === 'DBF_FWDLINK' ? 'PP' : 'NPP', linkFieldType(f.dbf));
    } catch (err) {
      if (!(err instanceof LinkParseError)) throw err;
      this.resolver.warn(this.owner, `${field}: ${err.message}`);
      spec = NONE;
    }
    if (spec.kind === 'pv' && field === 'INP' && readsByProcessNotify(this.owner.typeName, this.owner.device)) {
      this.resolveProcessNotifyInput(spec);
      return;
    }
    if (spec.kind === 'constant' && field === 'INP') this.refuseAsyncInput();
    (this.specs ??= new Map()).set(field, spec);
    if (field === 'TSEL') this.timeStampLink = spec.kind === 'pv' ? (spec.field === 'TIME' ? 'time' : 'event') : undefined;
    if (spec.kind !== 'pv') return;
    const monitor = f.dbf === 'DBF_INLINK';
    // TSEL "REC.TIME" (dbLink.c TSEL_modified): the link is made to REC itself (VAL), and the
    // record takes its time stamp from REC's.
    const [pv, targetField] = field === 'TSEL' && spec.field === 'TIME' ? [spec.record, 'VAL'] : [spec.pv, spec.field];
    const found = spec.forceCa ? undefined : this.resolver.local(pv, spec.record, targetField);
    const local = found !== undefined && monitor && (spec.process === 'CP' || spec.process === 'CPP') ? new LocalCaLink(found) : found;
    const target = local ?? this.resolver.remote(pv, monitor);
    if (target === undefined) {
      this.resolver.warn(this.owner, `${field}: no record "${spec.record}" here and no CA client for "${spec.pv}"`);
      return;
    }
    if (local === undefined && f.dbf === 'DBF_FWDLINK' && !namesProcField(pv)) {
      // dbLink.c: a forward link over CA writes 1 to the PV it names only when that is a PROC
      // field (pvlOptFWD); to anything else it does nothing, and iocInit says so.
      this.resolver.error(this.owner, `Forward-link uses Channel Access without pointing to PROC field: ${this.owner.name}.${field} => ${pv} (it processes nothing)`);
      target.close();
      return;
    }
    (this.targets ??= new Map()).set(field, target);
    if (f.dbf === 'DBF_INLINK' && (spec.process === 'CP' || spec.process === 'CPP')) {
      // EPICS makes every CP/CPP input a CA link (dbCa), even to a record of the same IOC: it
      // connects after iocInit, and its first monitor update processes the record once (a calc
      // fed by CP inputs holds its computed value from the start); what the source posted
      // before (PINI) is not seen apart from it. A local link has no such first update, so its
      // updates count from when the loading code has run, which processes the record once.
      let connected = local === undefined;
      const onUpdate = (): void => {
        // CPP processes the record only while it is Passive; CP always does.
        if (!connected || (spec.process === 'CPP' && this.owner.num('SCAN') !== 0)) return;
        this.resolver.processFromLink(this.owner);
      };
      const unsubscribe = target.subscribe(onUpdate);
      (this.monitors ??= new Map()).set(field, unsubscribe);
      if (local !== undefined) {
        setImmediate(() => {
          if (this.monitors?.get(field) !== unsubscribe) return;
          connected = true;
          onUpdate();
        });
      }
    }
  }

  /**
   * An Async Soft Channel input's add_record refuses an INP that is no link to a record (empty
   * or a constant: S_db_badField, "Illegal INP field"); the record then processes as with a
   * constant INP, as in softIoc.
   */
  private refuseAsyncInput(): void {
    if (!readsByProcessNotify(this.owner.typeName, this.owner.device)) return;
    this.resolver.error(this.owner, 'INP: Async Soft Channel needs a link to a record of this IOC, and INP is empty or a constant: INP is not read (softIoc: "Illegal INP field")');
  }

  /**
   * The INP of an Async Soft Channel input (devXxSoftCallback's add_record): a channel to a record
   * of this IOC, whatever its CA flag says, read with processNotify, which processes the record
   * first when it is Passive (a PP read here); only the MS flags count (no CP monitor). When the
   * IOC has no such record, add_record fails ("linked record not found") and the device support
   * never reads INP: the record processes as with a constant INP.
   */
  private resolveProcessNotifyInput(spec: Extract<LinkSpec, { kind: 'pv' }>): void {
    const target = this.resolver.local(spec.pv, spec.record, spec.field);
    const specs = (this.specs ??= new Map());
    if (target === undefined) {
      this.resolver.error(this.owner, `INP: no record "${spec.record}" in this IOC, and Async Soft Channel reads only its own records: INP is not read (softIoc: "linked record not found")`);
      specs.set('INP', NONE);
      return;
    }
    specs.set('INP', { ...spec, process: 'PP', forceCa: false });
    (this.targets ??= new Map()).set('INP', target);
  }

  private release(field: string): void {
    this.monitors?.get(field)?.();
    this.monitors?.delete(field);
    this.targets?.get(field)?.close();
    this.targets?.delete(field);
  }

  /** Disconnects every link (the record is going away). */
  close(): void {
    for (const field of [...(this.targets?.keys() ?? [])]) this.release(field);
  }

  /**
   * Whether any link of the record is a PV link: one without reads nothing at processing (an
   * empty or constant link's dbGetLink changes nothing), which a calc's twelve inputs skip.
   */
  hasPvLinks(): boolean {
    this.anyPv ??= this.specs !== undefined && [...this.specs.values()].some((spec) => spec.kind === 'pv');
    return this.anyPv;
  }

  spec(field: string): LinkSpec {
    return this.specs?.get(field) ?? NONE;
  }

  /**
   * What a link is, as calcout's INAV…OUTV show it: a constant (or none), a record of this
   * process, or a CA link, connected or not.
   */
  status(field: string): LinkStatus {
    const spec = this.specs?.get(field);
    if (spec?.kind !== 'pv') return 'constant';
    const target = this.targets?.get(field);
    // EPICS makes a CP or CPP link a CA link even to a record of its own IOC (devioc serves
    // it locally, with the same monitor semantics).
    if (target?.local === true && spec.process !== 'CP' && spec.process !== 'CPP') return 'local';
    return target?.isConnected() === true ? 'connected' : 'disconnected';
  }

  isConnected(field: string): boolean {
    return this.targets?.get(field)?.isConnected() ?? false;
  }

  caLink(field: string): { pv: string; report: CaLinkReport } | undefined {
    const spec = this.specs?.get(field);
    const report = this.targets?.get(field)?.caReport?.();
    return spec?.kind === 'pv' && report !== undefined ? { pv: spec.pv, report } : undefined;
  }

  read(field: string): LinkReading | undefined {
    return this.take(field, false);
  }

  /**
   * read() for a record that wants text (dbGetLink as DBR_STRING): a CA link to an ENUM channel
   * gives its state strings (LinkTarget.readText).
   */
  readText(field: string): LinkReading | undefined {
    return this.take(field, true);
  }

  private take(field: string, text: boolean): LinkReading | undefined {
    const spec = this.specs?.get(field);
    if (spec === undefined || spec.kind !== 'pv') return undefined;
    const target = this.targets?.get(field);
    const processFirst = spec.process === 'PP';
    const reading =
      target === undefined || !target.isConnected()
        ? undefined
        : text && target.readText !== undefined
          ? target.readText(processFirst, this.owner.putf, this.owner.linkPut())
          : target.read(processFirst, this.owner.putf, this.owner.linkPut());
    if (reading === undefined) {
      this.owner.setSevr(AlarmStatus.LINK, AlarmSeverity.INVALID, linkAlarmMessage(field));
      this.owner.reportFailure(field);
      return undefined;
    }
    // Maximize severity: MS takes the source's severity as a LINK alarm, MSS also its status,
    // MSI only an INVALID severity (dbLink.c recGblInheritSevr).
    const { status, severity } = reading.alarm;
    if (severity > 0) {
      if (spec.severity === 'MS') this.owner.setSevr(AlarmStatus.LINK, severity);
      else if (spec.severity === 'MSS') this.owner.setSevr(status, severity);
      else if (spec.severity === 'MSI' && severity === AlarmSeverity.INVALID) this.owner.setSevr(AlarmStatus.LINK, severity);
    }
    return reading;
  }

  write(field: string, value: NativeArray, type: NativeType): boolean {
    const spec = this.specs?.get(field);
    if (spec === undefined || spec.kind !== 'pv') return false;
    const target = this.targets?.get(field);
    if (target === undefined || !target.isConnected()) {
      this.owner.setSevr(AlarmStatus.LINK, AlarmSeverity.INVALID, linkAlarmMessage(field));
      this.owner.reportFailure(field);
      return false;
    }
    const sevr = this.owner.nsev;
    const alarm =
      spec.severity === 'MS' || (spec.severity === 'MSI' && sevr === AlarmSeverity.INVALID)
        ? { status: AlarmStatus.LINK, severity: sevr }
        : spec.severity === 'MSS'
          ? { status: this.owner.nsta, severity: sevr }
          : undefined;
    // A PP target whose processing failed fails this write too (dbDbPutValue's status), and
    // dbPutLink raises the link alarm for it.
    if (!target.write(value, type, spec.process === 'PP', alarm, this.owner.putf, this.owner.linkPut())) {
      this.owner.setSevr(AlarmStatus.LINK, AlarmSeverity.INVALID, linkAlarmMessage(field));
      this.owner.reportFailure(field);
    }
    return true;
  }

  forward(): void {
    this.targets?.get('FLNK')?.forward(this.owner.putf, this.owner.linkPut());
  }

  /**
   * TSEL as a PV link: 'time' when it names a record's TIME field (the record takes that
   * record's time stamp), 'event' when it gives the time event (TSE) to read; undefined when
   * TSEL is empty or a constant. Kept as a field: every processing asks.
   */
  timeStampLink: 'time' | 'event' | undefined;

  /** The time stamp of TSEL's record (dbGetTimeStamp); undefined when it has none to give. */
  linkedTime(): EpicsTimestamp | undefined {
    return this.targets?.get('TSEL')?.time();
  }

  /** The CA type of the field a PV link points at (dbGetLinkDBFtype), when known. */
  targetType(field: string): NativeType | undefined {
    if (this.specs?.get(field)?.kind !== 'pv') return undefined;
    return this.targets?.get(field)?.nativeType?.();
  }

  metadata(field: string): PvMetadata | undefined {
    if (this.specs?.get(field)?.kind !== 'pv') return undefined;
    const target = this.targets?.get(field);
    return target !== undefined && target.isConnected() ? target.metadata?.() : undefined;
  }

  forwardLink(field: string): void {
    this.targets?.get(field)?.forward(this.owner.putf, this.owner.linkPut());
  }
}

/** dbLink.c's test for a CA forward link: the text after the name's last '.' contains "PROC". */
function namesProcField(pv: string): boolean {
  const dot = pv.lastIndexOf('.');
  return dot >= 0 && pv.slice(dot).includes('PROC');
}
