import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The stringout (string output) record type, EPICS base 7.0.8 stringoutRecord.dbd: dbCommon, then 17 fields. */
export const stringoutRecordType: RecordTypeDef = {
  name: 'stringout',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_STRING', prompt: 'Current Value', size: 40, pp: true, promptgroup: '50 - Output', asl0: true },
    { name: 'OVAL', dbf: 'DBF_STRING', prompt: 'Previous Value', size: 40, special: 'SPC_NOMOD', interest: 3 },
    { name: 'DOL', dbf: 'DBF_INLINK', prompt: 'Desired Output Link', promptgroup: '40 - Input', interest: 1 },
    { name: 'OMSL', dbf: 'DBF_MENU', prompt: 'Output Mode Select', menu: 'menuOmsl', promptgroup: '50 - Output', interest: 1 },
    { name: 'OUT', dbf: 'DBF_OUTLINK', prompt: 'Output Specification', promptgroup: '50 - Output', interest: 1 },
    { name: 'MPST', dbf: 'DBF_MENU', prompt: 'Post Value Monitors', menu: 'stringoutPOST', promptgroup: '80 - Display', interest: 1 },
    { name: 'APST', dbf: 'DBF_MENU', prompt: 'Post Archive Monitors', menu: 'stringoutPOST', promptgroup: '80 - Display', interest: 1 },
    { name: 'SIOL', dbf: 'DBF_OUTLINK', prompt: 'Simulation Output Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIML', dbf: 'DBF_INLINK', prompt: 'Simulation Mode Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIMM', dbf: 'DBF_MENU', prompt: 'Simulation Mode', menu: 'menuYesNo', special: 'SPC_MOD', interest: 1 },
    { name: 'SIMS', dbf: 'DBF_MENU', prompt: 'Simulation Mode Severity', menu: 'menuAlarmSevr', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'OLDSIMM', dbf: 'DBF_MENU', prompt: 'Prev. Simulation Mode', menu: 'menuSimm', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SSCN', dbf: 'DBF_MENU', prompt: 'Sim. Mode Scan', menu: 'menuScan', initial: '65535', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SDLY', dbf: 'DBF_DOUBLE', prompt: 'Sim. Mode Async Delay', initial: '-1.0', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIMPVT', dbf: 'DBF_NOACCESS', prompt: 'Sim. Mode Private', special: 'SPC_NOMOD', interest: 4 },
    { name: 'IVOA', dbf: 'DBF_MENU', prompt: 'INVALID output action', menu: 'menuIvoa', promptgroup: '50 - Output', interest: 2 },
    { name: 'IVOV', dbf: 'DBF_STRING', prompt: 'INVALID output value', size: 40, promptgroup: '50 - Output', interest: 2 },
  ],
};
