/**
 * Whether a step that failed during a record's processing makes its process() return an error
 * status. dbGetLink and dbPutLink of a CA link that is not connected return -1 (and a PP write
 * returns the target's processing status); whether the record's process() returns that depends
 * on its device support (EPICS base 7.0.8.1, std/dev: devLoSoft, devMbboSoft, devMbboDirectSoft,
 * devAaoSoft, devHistogramSoft and the raw mbbiDirect ignore it; lso and printf write through
 * dbPutLinkLS, which does not fail; an Async Soft Channel input reports it only to its
 * callback) and on the record (ao, bo, longout, int64out and stringout keep DOL's status when
 * IVOA "Don't drive outputs" skips the write; aao returns a failed DOL read at once). In
 * simulation mode SIOL's status always counts, and a sub returns its input links' status and
 * its subroutine's negative status.
 * dbPutField returns that status, and rsrv answers a put without callback whose status is an
 * error with ECA_PUTFAIL (softIoc: caput prints "Channel write request failed").
 */
import { ASYNC_SOFT_CHANNEL, RAW_SOFT_CHANNEL, SOFT_CHANNEL } from './device-table.js';

/** Inputs whose Soft Channel device support returns INP's status. */
const INPUTS = new Set(['ai', 'bi', 'mbbi', 'mbbiDirect', 'longin', 'int64in', 'stringin', 'lsi', 'waveform', 'aai', 'event', 'subArray']);
/** Inputs whose Raw Soft Channel device support returns INP's status. */
const RAW_INPUTS = new Set(['ai', 'bi', 'mbbi']);
/** Outputs whose Soft Channel (and Raw Soft Channel) device support returns OUT's status. */
const OUTPUTS = new Set(['ao', 'bo', 'stringout']);
/** Outputs whose Async Soft Channel device support returns OUT's status (dbPutLinkAsync). */
const ASYNC_OUTPUTS = new Set(['ao', 'bo', 'longout', 'int64out', 'mbbo', 'mbboDirect', 'stringout']);
/** Outputs whose process() keeps DOL's status when it does not write. */
const DOL_KEPT = new Set(['ao', 'bo', 'longout', 'int64out', 'stringout']);

/** IVOA "Don't drive outputs". */
const IVOA_DONT_DRIVE = 1;

/**
 * Whether `link`, having failed, is an error status of the processing of a record of `type`
 * with device support `device` (its DTYP's name) and IVOA `ivoa`.
 */
export function failureIsProcessStatus(type: string, device: string, link: string, ivoa: number): boolean {
  switch (link) {
    case 'SIOL':
    case 'SIMM':
      // SIMM: a simulation mode past the record's menu (device support's "default:" branch).
      return true;
    case 'INP':
      return device === SOFT_CHANNEL ? INPUTS.has(type) : device === RAW_SOFT_CHANNEL && RAW_INPUTS.has(type);
    case 'OUT':
      return device === ASYNC_SOFT_CHANNEL ? ASYNC_OUTPUTS.has(type) : (device === SOFT_CHANNEL || device === RAW_SOFT_CHANNEL) && OUTPUTS.has(type);
    case 'DOL':
      // aaoRecord.c returns fetchValue's status before anything else.
      return type === 'aao' || (ivoa === IVOA_DONT_DRIVE && DOL_KEPT.has(type));
    case 'SNAM':
      // subRecord.c returns do_sub's status: the subroutine's, when negative.
      return type === 'sub';
    default:
      // subRecord.c returns fetch_values' status: any input link.
      return type === 'sub' && /^INP[A-L]$/.test(link);
  }
}
