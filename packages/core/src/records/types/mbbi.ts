import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The mbbi (multi-bit binary input) record type, EPICS base 7.0.8 mbbiRecord.dbd: dbCommon, then 71 fields. */
export const mbbiRecordType: RecordTypeDef = {
  name: 'mbbi',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_ENUM', prompt: 'Current Value', pp: true, promptgroup: '40 - Input', asl0: true },
    { name: 'NOBT', dbf: 'DBF_USHORT', prompt: 'Number of Bits', special: 'SPC_NOMOD', promptgroup: '40 - Input', interest: 1 },
    { name: 'INP', dbf: 'DBF_INLINK', prompt: 'Input Specification', promptgroup: '40 - Input', interest: 1 },
    { name: 'ZRVL', dbf: 'DBF_ULONG', prompt: 'Zero Value', special: 'SPC_MOD', pp: true, promptgroup: '41 - Input 0-7', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'ONVL', dbf: 'DBF_ULONG', prompt: 'One Value', special: 'SPC_MOD', pp: true, promptgroup: '41 - Input 0-7', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'TWVL', dbf: 'DBF_ULONG', prompt: 'Two Value', special: 'SPC_MOD', pp: true, promptgroup: '41 - Input 0-7', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'THVL', dbf: 'DBF_ULONG', prompt: 'Three Value', special: 'SPC_MOD', pp: true, promptgroup: '41 - Input 0-7', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'FRVL', dbf: 'DBF_ULONG', prompt: 'Four Value', special: 'SPC_MOD', pp: true, promptgroup: '41 - Input 0-7', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'FVVL', dbf: 'DBF_ULONG', prompt: 'Five Value', special: 'SPC_MOD', pp: true, promptgroup: '41 - Input 0-7', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'SXVL', dbf: 'DBF_ULONG', prompt: 'Six Value', special: 'SPC_MOD', pp: true, promptgroup: '41 - Input 0-7', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'SVVL', dbf: 'DBF_ULONG', prompt: 'Seven Value', special: 'SPC_MOD', pp: true, promptgroup: '41 - Input 0-7', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'EIVL', dbf: 'DBF_ULONG', prompt: 'Eight Value', special: 'SPC_MOD', pp: true, promptgroup: '42 - Input 8-15', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'NIVL', dbf: 'DBF_ULONG', prompt: 'Nine Value', special: 'SPC_MOD', pp: true, promptgroup: '42 - Input 8-15', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'TEVL', dbf: 'DBF_ULONG', prompt: 'Ten Value', special: 'SPC_MOD', pp: true, promptgroup: '42 - Input 8-15', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'ELVL', dbf: 'DBF_ULONG', prompt: 'Eleven Value', special: 'SPC_MOD', pp: true, promptgroup: '42 - Input 8-15', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'TVVL', dbf: 'DBF_ULONG', prompt: 'Twelve Value', special: 'SPC_MOD', pp: true, promptgroup: '42 - Input 8-15', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'TTVL', dbf: 'DBF_ULONG', prompt: 'Thirteen Value', special: 'SPC_MOD', pp: true, promptgroup: '42 - Input 8-15', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'FTVL', dbf: 'DBF_ULONG', prompt: 'Fourteen Value', special: 'SPC_MOD', pp: true, promptgroup: '42 - Input 8-15', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'FFVL', dbf: 'DBF_ULONG', prompt: 'Fifteen Value', special: 'SPC_MOD', pp: true, promptgroup: '42 - Input 8-15', interest: 1 }, // base(HEX): dbpr shows it in hex
    { name: 'ZRST', dbf: 'DBF_STRING', prompt: 'Zero String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '81 - Display 0-7', interest: 1 },
    { name: 'ONST', dbf: 'DBF_STRING', prompt: 'One String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '81 - Display 0-7', interest: 1 },
    { name: 'TWST', dbf: 'DBF_STRING', prompt: 'Two String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '81 - Display 0-7', interest: 1 },
    { name: 'THST', dbf: 'DBF_STRING', prompt: 'Three String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '81 - Display 0-7', interest: 1 },
    { name: 'FRST', dbf: 'DBF_STRING', prompt: 'Four String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '81 - Display 0-7', interest: 1 },
    { name: 'FVST', dbf: 'DBF_STRING', prompt: 'Five String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '81 - Display 0-7', interest: 1 },
    { name: 'SXST', dbf: 'DBF_STRING', prompt: 'Six String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '81 - Display 0-7', interest: 1 },
    { name: 'SVST', dbf: 'DBF_STRING', prompt: 'Seven String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '81 - Display 0-7', interest: 1 },
    { name: 'EIST', dbf: 'DBF_STRING', prompt: 'Eight String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '82 - Display 8-15', interest: 1 },
    { name: 'NIST', dbf: 'DBF_STRING', prompt: 'Nine String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '82 - Display 8-15', interest: 1 },
    { name: 'TEST', dbf: 'DBF_STRING', prompt: 'Ten String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '82 - Display 8-15', interest: 1 },
    { name: 'ELST', dbf: 'DBF_STRING', prompt: 'Eleven String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '82 - Display 8-15', interest: 1 },
    { name: 'TVST', dbf: 'DBF_STRING', prompt: 'Twelve String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '82 - Display 8-15', interest: 1 },
    { name: 'TTST', dbf: 'DBF_STRING', prompt: 'Thirteen String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '82 - Display 8-15', interest: 1 },
    { name: 'FTST', dbf: 'DBF_STRING', prompt: 'Fourteen String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '82 - Display 8-15', interest: 1 },
    { name: 'FFST', dbf: 'DBF_STRING', prompt: 'Fifteen String', size: 26, special: 'SPC_MOD', pp: true, promptgroup: '82 - Display 8-15', interest: 1 },
    { name: 'ZRSV', dbf: 'DBF_MENU', prompt: 'State Zero Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '71 - Alarm 0-7', interest: 1 },
    { name: 'ONSV', dbf: 'DBF_MENU', prompt: 'State One Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '71 - Alarm 0-7', interest: 1 },
    { name: 'TWSV', dbf: 'DBF_MENU', prompt: 'State Two Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '71 - Alarm 0-7', interest: 1 },
    { name: 'THSV', dbf: 'DBF_MENU', prompt: 'State Three Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '71 - Alarm 0-7', interest: 1 },
    { name: 'FRSV', dbf: 'DBF_MENU', prompt: 'State Four Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '71 - Alarm 0-7', interest: 1 },
    { name: 'FVSV', dbf: 'DBF_MENU', prompt: 'State Five Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '71 - Alarm 0-7', interest: 1 },
    { name: 'SXSV', dbf: 'DBF_MENU', prompt: 'State Six Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '71 - Alarm 0-7', interest: 1 },
    { name: 'SVSV', dbf: 'DBF_MENU', prompt: 'State Seven Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '71 - Alarm 0-7', interest: 1 },
    { name: 'EISV', dbf: 'DBF_MENU', prompt: 'State Eight Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '72 - Alarm 8-15', interest: 1 },
    { name: 'NISV', dbf: 'DBF_MENU', prompt: 'State Nine Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '72 - Alarm 8-15', interest: 1 },
    { name: 'TESV', dbf: 'DBF_MENU', prompt: 'State Ten Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '72 - Alarm 8-15', interest: 1 },
    { name: 'ELSV', dbf: 'DBF_MENU', prompt: 'State Eleven Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '72 - Alarm 8-15', interest: 1 },
    { name: 'TVSV', dbf: 'DBF_MENU', prompt: 'State Twelve Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '72 - Alarm 8-15', interest: 1 },
    { name: 'TTSV', dbf: 'DBF_MENU', prompt: 'State Thirteen Sevr', menu: 'menuAlarmSevr', pp: true, promptgroup: '72 - Alarm 8-15', interest: 1 },
    { name: 'FTSV', dbf: 'DBF_MENU', prompt: 'State Fourteen Sevr', menu: 'menuAlarmSevr', pp: true, promptgroup: '72 - Alarm 8-15', interest: 1 },
    { name: 'FFSV', dbf: 'DBF_MENU', prompt: 'State Fifteen Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '72 - Alarm 8-15', interest: 1 },
    { name: 'AFTC', dbf: 'DBF_DOUBLE', prompt: 'Alarm Filter Time Constant', promptgroup: '70 - Alarm', interest: 1 },
    { name: 'AFVL', dbf: 'DBF_DOUBLE', prompt: 'Alarm Filter Value', special: 'SPC_NOMOD', interest: 3 },
    { name: 'UNSV', dbf: 'DBF_MENU', prompt: 'Unknown State Severity', menu: 'menuAlarmSevr', pp: true, promptgroup: '70 - Alarm', interest: 1 },
    { name: 'COSV', dbf: 'DBF_MENU', prompt: 'Change of State Svr', menu: 'menuAlarmSevr', pp: true, promptgroup: '70 - Alarm', interest: 1 },
    { name: 'RVAL', dbf: 'DBF_ULONG', prompt: 'Raw Value', pp: true },
    { name: 'ORAW', dbf: 'DBF_ULONG', prompt: 'Prev Raw Value', special: 'SPC_NOMOD', interest: 3 },
    { name: 'MASK', dbf: 'DBF_ULONG', prompt: 'Hardware Mask', special: 'SPC_NOMOD', interest: 1 },
    { name: 'MLST', dbf: 'DBF_USHORT', prompt: 'Last Value Monitored', special: 'SPC_NOMOD', interest: 3 },
    { name: 'LALM', dbf: 'DBF_USHORT', prompt: 'Last Value Alarmed', special: 'SPC_NOMOD', interest: 3 },
    { name: 'SDEF', dbf: 'DBF_SHORT', prompt: 'States Defined', special: 'SPC_NOMOD', interest: 3 },
    { name: 'SHFT', dbf: 'DBF_USHORT', prompt: 'Shift', promptgroup: '40 - Input', interest: 1 },
    { name: 'SIOL', dbf: 'DBF_INLINK', prompt: 'Simulation Input Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SVAL', dbf: 'DBF_ULONG', prompt: 'Simulation Value' },
    { name: 'SIML', dbf: 'DBF_INLINK', prompt: 'Simulation Mode Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIMM', dbf: 'DBF_MENU', prompt: 'Simulation Mode', menu: 'menuSimm', special: 'SPC_MOD', interest: 1 },
    { name: 'SIMS', dbf: 'DBF_MENU', prompt: 'Simulation Mode Severity', menu: 'menuAlarmSevr', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'OLDSIMM', dbf: 'DBF_MENU', prompt: 'Prev. Simulation Mode', menu: 'menuSimm', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SSCN', dbf: 'DBF_MENU', prompt: 'Sim. Mode Scan', menu: 'menuScan', initial: '65535', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SDLY', dbf: 'DBF_DOUBLE', prompt: 'Sim. Mode Async Delay', initial: '-1.0', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIMPVT', dbf: 'DBF_NOACCESS', prompt: 'Sim. Mode Private', special: 'SPC_NOMOD', interest: 4 },
  ],
};
