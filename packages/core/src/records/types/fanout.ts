import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The fanout (forward-link fan-out) record type, EPICS base 7.0.8 fanoutRecord.dbd: dbCommon, then 22 fields. */
export const fanoutRecordType: RecordTypeDef = {
  name: 'fanout',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_LONG', prompt: 'Used to trigger', pp: true, asl0: true },
    { name: 'SELM', dbf: 'DBF_MENU', prompt: 'Select Mechanism', menu: 'fanoutSELM', promptgroup: '30 - Action', interest: 1 },
    { name: 'SELN', dbf: 'DBF_USHORT', prompt: 'Link Selection', initial: '1', interest: 1 },
    { name: 'SELL', dbf: 'DBF_INLINK', prompt: 'Link Selection Loc', promptgroup: '30 - Action', interest: 1 },
    { name: 'OFFS', dbf: 'DBF_SHORT', prompt: 'Offset for Specified', initial: '0', promptgroup: '30 - Action', interest: 1 },
    { name: 'SHFT', dbf: 'DBF_SHORT', prompt: 'Shift for Mask mode', initial: '-1', promptgroup: '30 - Action', interest: 1 },
    { name: 'LNK0', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 0', promptgroup: '51 - Output 0-7', interest: 1 },
    { name: 'LNK1', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 1', promptgroup: '51 - Output 0-7', interest: 1 },
    { name: 'LNK2', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 2', promptgroup: '51 - Output 0-7', interest: 1 },
    { name: 'LNK3', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 3', promptgroup: '51 - Output 0-7', interest: 1 },
    { name: 'LNK4', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 4', promptgroup: '51 - Output 0-7', interest: 1 },
    { name: 'LNK5', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 5', promptgroup: '51 - Output 0-7', interest: 1 },
    { name: 'LNK6', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 6', promptgroup: '51 - Output 0-7', interest: 1 },
    { name: 'LNK7', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 7', promptgroup: '51 - Output 0-7', interest: 1 },
    { name: 'LNK8', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 8', promptgroup: '52 - Output 8-F', interest: 1 },
    { name: 'LNK9', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 9', promptgroup: '52 - Output 8-F', interest: 1 },
    { name: 'LNKA', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 10', promptgroup: '52 - Output 8-F', interest: 1 },
    { name: 'LNKB', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 11', promptgroup: '52 - Output 8-F', interest: 1 },
    { name: 'LNKC', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 12', promptgroup: '52 - Output 8-F', interest: 1 },
    { name: 'LNKD', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 13', promptgroup: '52 - Output 8-F', interest: 1 },
    { name: 'LNKE', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 14', promptgroup: '52 - Output 8-F', interest: 1 },
    { name: 'LNKF', dbf: 'DBF_FWDLINK', prompt: 'Forward Link 15', promptgroup: '52 - Output 8-F', interest: 1 },
  ],
};
