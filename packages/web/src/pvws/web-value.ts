/**
 * What the pvws layer knows of one PV at one instant: its snapshot (the same value model the CA
 * server uses), its shape, description and write access, or that it is disconnected. Both the
 * in-process records and remote CA PVs are brought to this form.
 */
import type { PvSnapshot } from '@devioc/core/ca';

export interface ConnectedValue {
  connected: true;
  snapshot: PvSnapshot;
  /** The channel's element count (NELM): more than one makes it an array VType. */
  nativeCount: number;
  /** DESC of the record, or "" when unknown. */
  description: string;
  /** True when the PV refuses writes (read-only field, access security). */
  readOnly: boolean;
}

export interface DisconnectedValue {
  connected: false;
  /** When the disconnection was noticed (ms since the POSIX epoch). */
  since: number;
}

export type WebValue = ConnectedValue | DisconnectedValue;
