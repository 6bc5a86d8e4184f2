import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The bo (binary output) record type, EPICS base 7.0.8 boRecord.dbd: dbCommon, then 29 fields. */
export const boRecordType: RecordTypeDef = {
  name: 'bo',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_ENUM', prompt: 'Current Value', pp: true, promptgroup: '50 - Output', asl0: true },
    { name: 'OMSL', dbf: 'DBF_MENU', prompt: 'Output Mode Select', menu: 'menuOmsl', promptgroup: '50 - Output', interest: 1 },
    { name: 'DOL', dbf: 'DBF_INLINK', prompt: 'Desired Output Link', promptgroup: '40 - Input', interest: 1 },
    { name: 'OUT', dbf: 'DBF_OUTLINK', prompt: 'Output Specification', promptgroup: '50 - Output', interest: 1 },
    { name: 'HIGH', dbf: 'DBF_DOUBLE', prompt: 'Seconds to Hold High', promptgroup: '30 - Action', interest: 1 },
    { name: 'ZNAM', dbf: 'DBF_STRING', prompt: 'Zero Name', size: 26, pp: true, prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'ONAM', dbf: 'DBF_STRING', prompt: 'One Name', size: 26, pp: true, prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'RVAL', dbf: 'DBF_ULONG', prompt: 'Raw Value', pp: true },
    { name: 'ORAW', dbf: 'DBF_ULONG', prompt: 'prev Raw Value', special: 'SPC_NOMOD', interest: 3 },
    { name: 'MASK', dbf: 'DBF_ULONG', prompt: 'Hardware Mask', special: 'SPC_NOMOD', interest: 1 },
    { name: 'RPVT', dbf: 'DBF_NOACCESS', prompt: 'Record Private', special: 'SPC_NOMOD', interest: 4 },
    { name: 'WDPT', dbf: 'DBF_NOACCESS', prompt: 'Watch Dog Timer ID', special: 'SPC_NOMOD', interest: 4 },
    { name: 'ZSV', dbf: 'DBF_MENU', prompt: 'Zero Error Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '70 - Alarm', interest: 1 },
    { name: 'OSV', dbf: 'DBF_MENU', prompt: 'One Error Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '70 - Alarm', interest: 1 },
    { name: 'COSV', dbf: 'DBF_MENU', prompt: 'Change of State Sevr', menu: 'menuAlarmSevr', pp: true, promptgroup: '70 - Alarm', interest: 1 },
    { name: 'RBV', dbf: 'DBF_ULONG', prompt: 'Readback Value', special: 'SPC_NOMOD' },
    { name: 'ORBV', dbf: 'DBF_ULONG', prompt: 'Prev Readback Value', special: 'SPC_NOMOD', interest: 3 },
    { name: 'MLST', dbf: 'DBF_USHORT', prompt: 'Last Value Monitored', special: 'SPC_NOMOD', interest: 3 },
    { name: 'LALM', dbf: 'DBF_USHORT', prompt: 'Last Value Alarmed', special: 'SPC_NOMOD', interest: 3 },
    { name: 'SIOL', dbf: 'DBF_OUTLINK', prompt: 'Simulation Output Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIML', dbf: 'DBF_INLINK', prompt: 'Simulation Mode Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIMM', dbf: 'DBF_MENU', prompt: 'Simulation Mode', menu: 'menuSimm', special: 'SPC_MOD', interest: 1 },
    { name: 'SIMS', dbf: 'DBF_MENU', prompt: 'Simulation Mode Severity', menu: 'menuAlarmSevr', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'OLDSIMM', dbf: 'DBF_MENU', prompt: 'Prev. Simulation Mode', menu: 'menuSimm', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SSCN', dbf: 'DBF_MENU', prompt: 'Sim. Mode Scan', menu: 'menuScan', initial: '65535', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SDLY', dbf: 'DBF_DOUBLE', prompt: 'Sim. Mode Async Delay', initial: '-1.0', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIMPVT', dbf: 'DBF_NOACCESS', prompt: 'Sim. Mode Private', special: 'SPC_NOMOD', interest: 4 },
    { name: 'IVOA', dbf: 'DBF_MENU', prompt: 'INVALID outpt action', menu: 'menuIvoa', promptgroup: '50 - Output', interest: 2 },
    { name: 'IVOV', dbf: 'DBF_USHORT', prompt: 'INVALID output value', promptgroup: '50 - Output', interest: 2 },
  ],
};
