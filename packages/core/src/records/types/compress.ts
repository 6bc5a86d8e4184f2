import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The compress (array compression/circular buffer) record type, EPICS base 7.0.8 compressRecord.dbd: dbCommon, then 23 fields. */
export const compressRecordType: RecordTypeDef = {
  name: 'compress',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_NOACCESS', prompt: 'Value', special: 'SPC_DBADDR', pp: true, asl0: true },
    { name: 'INP', dbf: 'DBF_INLINK', prompt: 'Input Specification', promptgroup: '40 - Input', interest: 1 },
    { name: 'RES', dbf: 'DBF_SHORT', prompt: 'Reset', special: 'SPC_RESET', interest: 3, asl0: true },
    { name: 'ALG', dbf: 'DBF_MENU', prompt: 'Compression Algorithm', menu: 'compressALG', special: 'SPC_RESET', promptgroup: '30 - Action', interest: 1 },
    { name: 'PBUF', dbf: 'DBF_MENU', prompt: 'Use Partial buffers', menu: 'menuYesNo', initial: 'NO', special: 'SPC_RESET', promptgroup: '30 - Action', interest: 1 },
    { name: 'BALG', dbf: 'DBF_MENU', prompt: 'Buffering Algorithm', menu: 'bufferingALG', special: 'SPC_RESET', promptgroup: '30 - Action', interest: 1 },
    { name: 'NSAM', dbf: 'DBF_ULONG', prompt: 'Number of Values', initial: '1', special: 'SPC_NOMOD', promptgroup: '30 - Action', interest: 1 },
    { name: 'N', dbf: 'DBF_ULONG', prompt: 'N to 1 Compression', initial: '1', special: 'SPC_RESET', promptgroup: '30 - Action', interest: 1 },
    { name: 'IHIL', dbf: 'DBF_DOUBLE', prompt: 'Init High Interest Lim', promptgroup: '30 - Action', interest: 1 },
    { name: 'ILIL', dbf: 'DBF_DOUBLE', prompt: 'Init Low Interest Lim', promptgroup: '30 - Action', interest: 1 },
    { name: 'HOPR', dbf: 'DBF_DOUBLE', prompt: 'High Operating Range', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'LOPR', dbf: 'DBF_DOUBLE', prompt: 'Low Operating Range', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'PREC', dbf: 'DBF_SHORT', prompt: 'Display Precision', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'EGU', dbf: 'DBF_STRING', prompt: 'Engineering Units', size: 16, prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'OFF', dbf: 'DBF_ULONG', prompt: 'Offset', special: 'SPC_NOMOD' },
    { name: 'NUSE', dbf: 'DBF_ULONG', prompt: 'Number Used', special: 'SPC_NOMOD' },
    { name: 'OUSE', dbf: 'DBF_ULONG', prompt: 'Old Number Used', special: 'SPC_NOMOD' },
    { name: 'BPTR', dbf: 'DBF_NOACCESS', prompt: 'Buffer Pointer', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SPTR', dbf: 'DBF_NOACCESS', prompt: 'Summing Buffer Ptr', special: 'SPC_NOMOD', interest: 4 },
    { name: 'WPTR', dbf: 'DBF_NOACCESS', prompt: 'Working Buffer Ptr', special: 'SPC_NOMOD', interest: 4 },
    { name: 'INPN', dbf: 'DBF_LONG', prompt: 'Number of elements in Working Buffer', special: 'SPC_NOMOD', interest: 4 },
    { name: 'CVB', dbf: 'DBF_DOUBLE', prompt: 'Compress Value Buffer', special: 'SPC_NOMOD', interest: 3 },
    { name: 'INX', dbf: 'DBF_ULONG', prompt: 'Current number of readings', special: 'SPC_NOMOD', interest: 3 },
  ],
};
