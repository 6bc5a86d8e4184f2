import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The permissive (handshake) record type, EPICS base 7.0.8 permissiveRecord.dbd: dbCommon, then 5 fields. */
export const permissiveRecordType: RecordTypeDef = {
  name: 'permissive',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_USHORT', prompt: 'Status', pp: true, promptgroup: '40 - Input', asl0: true },
    { name: 'WFLG', dbf: 'DBF_USHORT', prompt: 'Wait Flag', pp: true },
    { name: 'LABL', dbf: 'DBF_STRING', prompt: 'Button Label', size: 20, pp: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'OVAL', dbf: 'DBF_USHORT', prompt: 'Old Status', special: 'SPC_NOMOD', interest: 3 },
    { name: 'OFLG', dbf: 'DBF_USHORT', prompt: 'Old Flag', special: 'SPC_NOMOD', interest: 3 },
  ],
};
