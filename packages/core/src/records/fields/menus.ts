/**
 * The menus (DBF_MENU choice lists) used by the record types in ../types, as EPICS base 7.0.8
 * declares them: the global menu*.dbd files and the record-specific menus in the record .dbd
 * files. A DBF_MENU field holds the choice index; `label` is what clients see (DBR_STRING and
 * the enum strings of DBR_GR/CTRL_ENUM) and what a .db file may use as the value.
 */
import type { MenuDef } from './field-def.js';

export const menuAlarmSevr: MenuDef = {
  name: 'menuAlarmSevr',
  choices: [
    { id: 'menuAlarmSevrNO_ALARM', label: 'NO_ALARM' },
    { id: 'menuAlarmSevrMINOR', label: 'MINOR' },
    { id: 'menuAlarmSevrMAJOR', label: 'MAJOR' },
    { id: 'menuAlarmSevrINVALID', label: 'INVALID' },
  ],
};

export const menuAlarmStat: MenuDef = {
  name: 'menuAlarmStat',
  choices: [
    { id: 'menuAlarmStatNO_ALARM', label: 'NO_ALARM' },
    { id: 'menuAlarmStatREAD', label: 'READ' },
    { id: 'menuAlarmStatWRITE', label: 'WRITE' },
    { id: 'menuAlarmStatHIHI', label: 'HIHI' },
    { id: 'menuAlarmStatHIGH', label: 'HIGH' },
    { id: 'menuAlarmStatLOLO', label: 'LOLO' },
    { id: 'menuAlarmStatLOW', label: 'LOW' },
    { id: 'menuAlarmStatSTATE', label: 'STATE' },
    { id: 'menuAlarmStatCOS', label: 'COS' },
    { id: 'menuAlarmStatCOMM', label: 'COMM' },
    { id: 'menuAlarmStatTIMEOUT', label: 'TIMEOUT' },
    { id: 'menuAlarmStatHWLIMIT', label: 'HWLIMIT' },
    { id: 'menuAlarmStatCALC', label: 'CALC' },
    { id: 'menuAlarmStatSCAN', label: 'SCAN' },
    { id: 'menuAlarmStatLINK', label: 'LINK' },
    { id: 'menuAlarmStatSOFT', label: 'SOFT' },
    { id: 'menuAlarmStatBAD_SUB', label: 'BAD_SUB' },
    { id: 'menuAlarmStatUDF', label: 'UDF' },
    { id: 'menuAlarmStatDISABLE', label: 'DISABLE' },
    { id: 'menuAlarmStatSIMM', label: 'SIMM' },
    { id: 'menuAlarmStatREAD_ACCESS', label: 'READ_ACCESS' },
    { id: 'menuAlarmStatWRITE_ACCESS', label: 'WRITE_ACCESS' },
  ],
};

export const menuConvert: MenuDef = {
  name: 'menuConvert',
  choices: [
    { id: 'menuConvertNO_CONVERSION', label: 'NO CONVERSION' },
    { id: 'menuConvertSLOPE', label: 'SLOPE' },
    { id: 'menuConvertLINEAR', label: 'LINEAR' },
    { id: 'menuConverttypeKdegF', label: 'typeKdegF' },
    { id: 'menuConverttypeKdegC', label: 'typeKdegC' },
    { id: 'menuConverttypeJdegF', label: 'typeJdegF' },
    { id: 'menuConverttypeJdegC', label: 'typeJdegC' },
    { id: 'menuConverttypeEdegF', label: 'typeEdegF(ixe only)' },
    { id: 'menuConverttypeEdegC', label: 'typeEdegC(ixe only)' },
    { id: 'menuConverttypeTdegF', label: 'typeTdegF' },
    { id: 'menuConverttypeTdegC', label: 'typeTdegC' },
    { id: 'menuConverttypeRdegF', label: 'typeRdegF' },
    { id: 'menuConverttypeRdegC', label: 'typeRdegC' },
    { id: 'menuConverttypeSdegF', label: 'typeSdegF' },
    { id: 'menuConverttypeSdegC', label: 'typeSdegC' },
  ],
};

export const menuFtype: MenuDef = {
  name: 'menuFtype',
  choices: [
    { id: 'menuFtypeSTRING', label: 'STRING' },
    { id: 'menuFtypeCHAR', label: 'CHAR' },
    { id: 'menuFtypeUCHAR', label: 'UCHAR' },
    { id: 'menuFtypeSHORT', label: 'SHORT' },
    { id: 'menuFtypeUSHORT', label: 'USHORT' },
    { id: 'menuFtypeLONG', label: 'LONG' },
    { id: 'menuFtypeULONG', label: 'ULONG' },
    { id: 'menuFtypeINT64', label: 'INT64' },
    { id: 'menuFtypeUINT64', label: 'UINT64' },
    { id: 'menuFtypeFLOAT', label: 'FLOAT' },
    { id: 'menuFtypeDOUBLE', label: 'DOUBLE' },
    { id: 'menuFtypeENUM', label: 'ENUM' },
  ],
};

export const menuIvoa: MenuDef = {
  name: 'menuIvoa',
  choices: [
    { id: 'menuIvoaContinue_normally', label: 'Continue normally' },
    { id: 'menuIvoaDon_t_drive_outputs', label: 'Don\'t drive outputs' },
    { id: 'menuIvoaSet_output_to_IVOV', label: 'Set output to IVOV' },
  ],
};

export const menuOmsl: MenuDef = {
  name: 'menuOmsl',
  choices: [
    { id: 'menuOmslsupervisory', label: 'supervisory' },
    { id: 'menuOmslclosed_loop', label: 'closed_loop' },
  ],
};

export const menuPini: MenuDef = {
  name: 'menuPini',
  choices: [
    { id: 'menuPiniNO', label: 'NO' },
    { id: 'menuPiniYES', label: 'YES' },
    { id: 'menuPiniRUN', label: 'RUN' },
    { id: 'menuPiniRUNNING', label: 'RUNNING' },
    { id: 'menuPiniPAUSE', label: 'PAUSE' },
    { id: 'menuPiniPAUSED', label: 'PAUSED' },
  ],
};

export const menuPost: MenuDef = {
  name: 'menuPost',
  choices: [
    { id: 'menuPost_OnChange', label: 'On Change' },
    { id: 'menuPost_Always', label: 'Always' },
  ],
};

export const menuPriority: MenuDef = {
  name: 'menuPriority',
  choices: [
    { id: 'menuPriorityLOW', label: 'LOW' },
    { id: 'menuPriorityMEDIUM', label: 'MEDIUM' },
    { id: 'menuPriorityHIGH', label: 'HIGH' },
  ],
};

export const menuScan: MenuDef = {
  name: 'menuScan',
  choices: [
    { id: 'menuScanPassive', label: 'Passive' },
    { id: 'menuScanEvent', label: 'Event' },
    { id: 'menuScanI_O_Intr', label: 'I/O Intr' },
    { id: 'menuScan10_second', label: '10 second' },
    { id: 'menuScan5_second', label: '5 second' },
    { id: 'menuScan2_second', label: '2 second' },
    { id: 'menuScan1_second', label: '1 second' },
    { id: 'menuScan_5_second', label: '.5 second' },
    { id: 'menuScan_2_second', label: '.2 second' },
    { id: 'menuScan_1_second', label: '.1 second' },
  ],
};

export const menuSimm: MenuDef = {
  name: 'menuSimm',
  choices: [
    { id: 'menuSimmNO', label: 'NO' },
    { id: 'menuSimmYES', label: 'YES' },
    { id: 'menuSimmRAW', label: 'RAW' },
  ],
};

export const menuYesNo: MenuDef = {
  name: 'menuYesNo',
  choices: [
    { id: 'menuYesNoNO', label: 'NO' },
    { id: 'menuYesNoYES', label: 'YES' },
  ],
};

export const aaiPOST: MenuDef = {
  name: 'aaiPOST',
  choices: [
    { id: 'aaiPOST_Always', label: 'Always' },
    { id: 'aaiPOST_OnChange', label: 'On Change' },
  ],
};

export const aaoPOST: MenuDef = {
  name: 'aaoPOST',
  choices: [
    { id: 'aaoPOST_Always', label: 'Always' },
    { id: 'aaoPOST_OnChange', label: 'On Change' },
  ],
};

export const aoOIF: MenuDef = {
  name: 'aoOIF',
  choices: [
    { id: 'aoOIF_Full', label: 'Full' },
    { id: 'aoOIF_Incremental', label: 'Incremental' },
  ],
};

export const calcoutDOPT: MenuDef = {
  name: 'calcoutDOPT',
  choices: [
    { id: 'calcoutDOPT_Use_VAL', label: 'Use CALC' },
    { id: 'calcoutDOPT_Use_OVAL', label: 'Use OCAL' },
  ],
};

export const calcoutINAV: MenuDef = {
  name: 'calcoutINAV',
  choices: [
    { id: 'calcoutINAV_EXT_NC', label: 'Ext PV NC' },
    { id: 'calcoutINAV_EXT', label: 'Ext PV OK' },
    { id: 'calcoutINAV_LOC', label: 'Local PV' },
    { id: 'calcoutINAV_CON', label: 'Constant' },
  ],
};

export const calcoutOOPT: MenuDef = {
  name: 'calcoutOOPT',
  choices: [
    { id: 'calcoutOOPT_Every_Time', label: 'Every Time' },
    { id: 'calcoutOOPT_On_Change', label: 'On Change' },
    { id: 'calcoutOOPT_When_Zero', label: 'When Zero' },
    { id: 'calcoutOOPT_When_Non_zero', label: 'When Non-zero' },
    { id: 'calcoutOOPT_Transition_To_Zero', label: 'Transition To Zero' },
    { id: 'calcoutOOPT_Transition_To_Non_zero', label: 'Transition To Non-zero' },
  ],
};

export const longoutOOPT: MenuDef = {
  name: 'longoutOOPT',
  choices: [
    { id: 'longoutOOPT_Every_Time', label: 'Every Time' },
    { id: 'longoutOOPT_On_Change', label: 'On Change' },
    { id: 'longoutOOPT_When_Zero', label: 'When Zero' },
    { id: 'longoutOOPT_When_Non_zero', label: 'When Non-zero' },
    { id: 'longoutOOPT_Transition_To_Zero', label: 'Transition To Zero' },
    { id: 'longoutOOPT_Transition_To_Non_zero', label: 'Transition To Non-zero' },
  ],
};

export const stringinPOST: MenuDef = {
  name: 'stringinPOST',
  choices: [
    { id: 'stringinPOST_OnChange', label: 'On Change' },
    { id: 'stringinPOST_Always', label: 'Always' },
  ],
};

export const stringoutPOST: MenuDef = {
  name: 'stringoutPOST',
  choices: [
    { id: 'stringoutPOST_OnChange', label: 'On Change' },
    { id: 'stringoutPOST_Always', label: 'Always' },
  ],
};

export const waveformPOST: MenuDef = {
  name: 'waveformPOST',
  choices: [
    { id: 'waveformPOST_Always', label: 'Always' },
    { id: 'waveformPOST_OnChange', label: 'On Change' },
  ],
};

export const aSubEFLG: MenuDef = {
  name: 'aSubEFLG',
  choices: [
    { id: 'aSubEFLG_NEVER', label: 'NEVER' },
    { id: 'aSubEFLG_ON_CHANGE', label: 'ON CHANGE' },
    { id: 'aSubEFLG_ALWAYS', label: 'ALWAYS' },
  ],
};

export const aSubLFLG: MenuDef = {
  name: 'aSubLFLG',
  choices: [
    { id: 'aSubLFLG_IGNORE', label: 'IGNORE' },
    { id: 'aSubLFLG_READ', label: 'READ' },
  ],
};

export const bufferingALG: MenuDef = {
  name: 'bufferingALG',
  choices: [
    { id: 'bufferingALG_FIFO', label: 'FIFO Buffer' },
    { id: 'bufferingALG_LIFO', label: 'LIFO Buffer' },
  ],
};

export const compressALG: MenuDef = {
  name: 'compressALG',
  choices: [
    { id: 'compressALG_N_to_1_Low_Value', label: 'N to 1 Low Value' },
    { id: 'compressALG_N_to_1_High_Value', label: 'N to 1 High Value' },
    { id: 'compressALG_N_to_1_Average', label: 'N to 1 Average' },
    { id: 'compressALG_Average', label: 'Average' },
    { id: 'compressALG_Circular_Buffer', label: 'Circular Buffer' },
    { id: 'compressALG_N_to_1_Median', label: 'N to 1 Median' },
  ],
};

export const dfanoutSELM: MenuDef = {
  name: 'dfanoutSELM',
  choices: [
    { id: 'dfanoutSELM_All', label: 'All' },
    { id: 'dfanoutSELM_Specified', label: 'Specified' },
    { id: 'dfanoutSELM_Mask', label: 'Mask' },
  ],
};

export const fanoutSELM: MenuDef = {
  name: 'fanoutSELM',
  choices: [
    { id: 'fanoutSELM_All', label: 'All' },
    { id: 'fanoutSELM_Specified', label: 'Specified' },
    { id: 'fanoutSELM_Mask', label: 'Mask' },
  ],
};

export const histogramCMD: MenuDef = {
  name: 'histogramCMD',
  choices: [
    { id: 'histogramCMD_Read', label: 'Read' },
    { id: 'histogramCMD_Clear', label: 'Clear' },
    { id: 'histogramCMD_Start', label: 'Start' },
    { id: 'histogramCMD_Stop', label: 'Stop' },
  ],
};

export const selSELM: MenuDef = {
  name: 'selSELM',
  choices: [
    { id: 'selSELM_Specified', label: 'Specified' },
    { id: 'selSELM_High_Signal', label: 'High Signal' },
    { id: 'selSELM_Low_Signal', label: 'Low Signal' },
    { id: 'selSELM_Median_Signal', label: 'Median Signal' },
  ],
};

export const seqSELM: MenuDef = {
  name: 'seqSELM',
  choices: [
    { id: 'seqSELM_All', label: 'All' },
    { id: 'seqSELM_Specified', label: 'Specified' },
    { id: 'seqSELM_Mask', label: 'Mask' },
  ],
};

/** Every menu above, by name. */
export const MENUS: ReadonlyMap<string, MenuDef> = new Map(
  [
    menuAlarmSevr,
    menuAlarmStat,
    menuConvert,
    menuFtype,
    menuIvoa,
    menuOmsl,
    menuPini,
    menuPost,
    menuPriority,
    menuScan,
    menuSimm,
    menuYesNo,
    aaiPOST,
    aaoPOST,
    aoOIF,
    calcoutDOPT,
    calcoutINAV,
    calcoutOOPT,
    longoutOOPT,
    stringinPOST,
    stringoutPOST,
    waveformPOST,
    aSubEFLG,
    aSubLFLG,
    bufferingALG,
    compressALG,
    dfanoutSELM,
    fanoutSELM,
    histogramCMD,
    selSELM,
    seqSELM,
  ].map((m) => [m.name, m]),
);
