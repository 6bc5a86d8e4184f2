import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The lsi (long string input) record type, EPICS base 7.0.8 lsiRecord.dbd: dbCommon, then 16 fields. */
export const lsiRecordType: RecordTypeDef = {
  name: 'lsi',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_NOACCESS', prompt: 'Current Value', special: 'SPC_DBADDR', pp: true, asl0: true },
    { name: 'OVAL', dbf: 'DBF_NOACCESS', prompt: 'Old Value', special: 'SPC_DBADDR', interest: 3 },
    { name: 'SIZV', dbf: 'DBF_USHORT', prompt: 'Size of buffers', initial: '41', special: 'SPC_NOMOD', promptgroup: '40 - Input', interest: 1 },
    { name: 'LEN', dbf: 'DBF_ULONG', prompt: 'Length of VAL', special: 'SPC_NOMOD' },
    { name: 'OLEN', dbf: 'DBF_ULONG', prompt: 'Length of OVAL', special: 'SPC_NOMOD' },
    { name: 'INP', dbf: 'DBF_INLINK', prompt: 'Input Specification', promptgroup: '40 - Input', interest: 1 },
    { name: 'MPST', dbf: 'DBF_MENU', prompt: 'Post Value Monitors', menu: 'menuPost', promptgroup: '80 - Display', interest: 1 },
    { name: 'APST', dbf: 'DBF_MENU', prompt: 'Post Archive Monitors', menu: 'menuPost', promptgroup: '80 - Display', interest: 1 },
    { name: 'SIML', dbf: 'DBF_INLINK', prompt: 'Simulation Mode Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIMM', dbf: 'DBF_MENU', prompt: 'Simulation Mode', menu: 'menuYesNo', special: 'SPC_MOD', interest: 1 },
    { name: 'SIMS', dbf: 'DBF_MENU', prompt: 'Simulation Mode Severity', menu: 'menuAlarmSevr', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIOL', dbf: 'DBF_INLINK', prompt: 'Simulation Input Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'OLDSIMM', dbf: 'DBF_MENU', prompt: 'Prev. Simulation Mode', menu: 'menuSimm', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SSCN', dbf: 'DBF_MENU', prompt: 'Sim. Mode Scan', menu: 'menuScan', initial: '65535', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SDLY', dbf: 'DBF_DOUBLE', prompt: 'Sim. Mode Async Delay', initial: '-1.0', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIMPVT', dbf: 'DBF_NOACCESS', prompt: 'Sim. Mode Private', special: 'SPC_NOMOD', interest: 4 },
  ],
};
