import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The subArray (array slice) record type, EPICS base 7.0.8 subArrayRecord.dbd: dbCommon, then 13 fields. */
export const subArrayRecordType: RecordTypeDef = {
  name: 'subArray',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_NOACCESS', prompt: 'Value', special: 'SPC_DBADDR', pp: true, asl0: true },
    { name: 'PREC', dbf: 'DBF_SHORT', prompt: 'Display Precision', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'FTVL', dbf: 'DBF_MENU', prompt: 'Field Type of Value', menu: 'menuFtype', special: 'SPC_NOMOD', promptgroup: '30 - Action', interest: 1 },
    { name: 'INP', dbf: 'DBF_INLINK', prompt: 'Input Specification', promptgroup: '40 - Input', interest: 1 },
    { name: 'EGU', dbf: 'DBF_STRING', prompt: 'Engineering Units', size: 16, prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'HOPR', dbf: 'DBF_DOUBLE', prompt: 'High Operating Range', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'LOPR', dbf: 'DBF_DOUBLE', prompt: 'Low Operating Range', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'MALM', dbf: 'DBF_ULONG', prompt: 'Maximum Elements', initial: '1', special: 'SPC_NOMOD', promptgroup: '30 - Action', interest: 1 },
    { name: 'NELM', dbf: 'DBF_ULONG', prompt: 'Number of Elements', initial: '1', pp: true, promptgroup: '30 - Action' },
    { name: 'INDX', dbf: 'DBF_ULONG', prompt: 'Substring Index', pp: true, promptgroup: '30 - Action' },
    { name: 'BUSY', dbf: 'DBF_SHORT', prompt: 'Busy Indicator', special: 'SPC_NOMOD' },
    { name: 'NORD', dbf: 'DBF_LONG', prompt: 'Number elements read', special: 'SPC_NOMOD' },
    { name: 'BPTR', dbf: 'DBF_NOACCESS', prompt: 'Buffer Pointer', special: 'SPC_NOMOD', interest: 4 },
  ],
};
