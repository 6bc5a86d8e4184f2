import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The printf (formatted string) record type, EPICS base 7.0.8 printfRecord.dbd: dbCommon, then 16 fields. */
export const printfRecordType: RecordTypeDef = {
  name: 'printf',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_NOACCESS', prompt: 'Result', special: 'SPC_DBADDR', pp: true, asl0: true },
    { name: 'SIZV', dbf: 'DBF_USHORT', prompt: 'Size of VAL buffer', initial: '41', special: 'SPC_NOMOD', promptgroup: '30 - Action', interest: 1 },
    { name: 'LEN', dbf: 'DBF_ULONG', prompt: 'Length of VAL', special: 'SPC_NOMOD' },
    { name: 'OUT', dbf: 'DBF_OUTLINK', prompt: 'Output Specification', promptgroup: '50 - Output', interest: 1 },
    { name: 'FMT', dbf: 'DBF_STRING', prompt: 'Format String', size: 81, pp: true, promptgroup: '30 - Action' },
    { name: 'IVLS', dbf: 'DBF_STRING', prompt: 'Invalid Link String', size: 16, initial: 'LNK', promptgroup: '30 - Action' },
    { name: 'INP0', dbf: 'DBF_INLINK', prompt: 'Input 0', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP1', dbf: 'DBF_INLINK', prompt: 'Input 1', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP2', dbf: 'DBF_INLINK', prompt: 'Input 2', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP3', dbf: 'DBF_INLINK', prompt: 'Input 3', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP4', dbf: 'DBF_INLINK', prompt: 'Input 4', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP5', dbf: 'DBF_INLINK', prompt: 'Input 5', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP6', dbf: 'DBF_INLINK', prompt: 'Input 6', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP7', dbf: 'DBF_INLINK', prompt: 'Input 7', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP8', dbf: 'DBF_INLINK', prompt: 'Input 8', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP9', dbf: 'DBF_INLINK', prompt: 'Input 9', promptgroup: '40 - Input', interest: 1 },
  ],
};
