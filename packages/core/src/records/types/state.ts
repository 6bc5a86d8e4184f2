import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The state (state string) record type, EPICS base 7.0.8 stateRecord.dbd: dbCommon, then 2 fields. */
export const stateRecordType: RecordTypeDef = {
  name: 'state',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_STRING', prompt: 'Value', size: 20, pp: true, promptgroup: '40 - Input', asl0: true },
    { name: 'OVAL', dbf: 'DBF_STRING', prompt: 'Prev Value', size: 20, special: 'SPC_NOMOD', interest: 3 },
  ],
};
