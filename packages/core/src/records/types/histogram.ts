import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The histogram record type, EPICS base 7.0.8 histogramRecord.dbd: dbCommon, then 26 fields. */
export const histogramRecordType: RecordTypeDef = {
  name: 'histogram',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_NOACCESS', prompt: 'Value', special: 'SPC_DBADDR', asl0: true },
    { name: 'NELM', dbf: 'DBF_USHORT', prompt: 'Num of Array Elements', initial: '1', special: 'SPC_NOMOD', promptgroup: '30 - Action', interest: 1 },
    { name: 'CSTA', dbf: 'DBF_SHORT', prompt: 'Collection Status', initial: '1', special: 'SPC_NOMOD', interest: 1 },
    { name: 'CMD', dbf: 'DBF_MENU', prompt: 'Collection Control', menu: 'histogramCMD', special: 'SPC_CALC', interest: 1, asl0: true },
    { name: 'ULIM', dbf: 'DBF_DOUBLE', prompt: 'Upper Signal Limit', special: 'SPC_RESET', prop: true, promptgroup: '30 - Action', interest: 1 },
    { name: 'LLIM', dbf: 'DBF_DOUBLE', prompt: 'Lower Signal Limit ', special: 'SPC_RESET', prop: true, promptgroup: '30 - Action', interest: 1 },
    { name: 'WDTH', dbf: 'DBF_DOUBLE', prompt: 'Element Width', special: 'SPC_NOMOD', interest: 3 },
    { name: 'SGNL', dbf: 'DBF_DOUBLE', prompt: 'Signal Value', special: 'SPC_MOD' },
    { name: 'PREC', dbf: 'DBF_SHORT', prompt: 'Display Precision', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'SVL', dbf: 'DBF_INLINK', prompt: 'Signal Value Location', promptgroup: '40 - Input', interest: 1 },
    { name: 'BPTR', dbf: 'DBF_NOACCESS', prompt: 'Buffer Pointer', special: 'SPC_NOMOD', interest: 4 },
    { name: 'WDOG', dbf: 'DBF_NOACCESS', prompt: 'Watchdog callback', special: 'SPC_NOMOD', interest: 4 },
    { name: 'MDEL', dbf: 'DBF_SHORT', prompt: 'Monitor Count Deadband', promptgroup: '80 - Display', interest: 1 },
    { name: 'MCNT', dbf: 'DBF_SHORT', prompt: 'Counts Since Monitor', special: 'SPC_NOMOD', interest: 3 },
    { name: 'SDEL', dbf: 'DBF_DOUBLE', prompt: 'Monitor Seconds Dband', special: 'SPC_RESET', promptgroup: '80 - Display', interest: 1 },
    { name: 'SIOL', dbf: 'DBF_INLINK', prompt: 'Simulation Input Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SVAL', dbf: 'DBF_DOUBLE', prompt: 'Simulation Value' },
    { name: 'SIML', dbf: 'DBF_INLINK', prompt: 'Simulation Mode Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIMM', dbf: 'DBF_MENU', prompt: 'Simulation Mode', menu: 'menuYesNo', special: 'SPC_MOD', interest: 1 },
    { name: 'SIMS', dbf: 'DBF_MENU', prompt: 'Simulation Mode Severity', menu: 'menuAlarmSevr', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'OLDSIMM', dbf: 'DBF_MENU', prompt: 'Prev. Simulation Mode', menu: 'menuSimm', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SSCN', dbf: 'DBF_MENU', prompt: 'Sim. Mode Scan', menu: 'menuScan', initial: '65535', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SDLY', dbf: 'DBF_DOUBLE', prompt: 'Sim. Mode Async Delay', initial: '-1.0', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIMPVT', dbf: 'DBF_NOACCESS', prompt: 'Sim. Mode Private', special: 'SPC_NOMOD', interest: 4 },
    { name: 'HOPR', dbf: 'DBF_ULONG', prompt: 'High Operating Range', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'LOPR', dbf: 'DBF_ULONG', prompt: 'Low Operating Range', prop: true, promptgroup: '80 - Display', interest: 1 },
  ],
};
