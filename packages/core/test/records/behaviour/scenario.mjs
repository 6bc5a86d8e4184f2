/**
 * The behaviour scenario: puts (with completion) and reads, each read in every DBR family
 * (native, STS, TIME, GR, CTRL). Shared by capture-softioc.mjs (against EPICS softIoc) and
 * behaviour.test.ts (against devioc), so both run exactly the same requests.
 */
const FAMILIES = ['native', 'sts', 'time', 'gr', 'ctrl'];

/**
 * Steps: [label, action]; an action is { put: [pv, value] } (with completion unless
 * `wait: false`; requests on one circuit are handled in order, so a later read sees it) or
 * { read: [pv…], readAs: [pv…] } (readAs: each PV read as every type of READ_AS), or
 * { readCounts: [[pv, DBR type, count]…] } (each read with that type and element count), or
 * { search: [pv…] } (whether each name connects within 3 s).
 */
export const STEPS = [
  ['initial', { read: ['B:fan', 'B:fan.SELN', 'B:dfan', 'B:seq.DO0', 'B:sel', 'B:sel.A', 'B:cmp', 'B:cmp.NUSE', 'B:hist', 'B:sa', 'B:sa.NORD', 'B:pf', 'B:perm', 'B:state', 'B:ev', 'B:asub', 'B:asub.A', 'B:asub.VALA', 'B:sub', 'B:src.DTYP', 'B:sub.DTYP', 'B:seq.DLY0'] }],
  ['fanout specified', { put: ['B:fan.PROC', 1] }],
  ['fanout mask', { put: ['B:fanMask.PROC', 1] }],
  ['after fanouts', { read: ['B:cnt0', 'B:cnt1', 'B:cnt2', 'B:cnt3', 'B:fan', 'B:fan.SELN', 'B:fanMask'] }],
  ['seln 3', { put: ['B:seln', 3] }],
  ['fanout specified 3', { put: ['B:fan.PROC', 1] }],
  ['after fanout 3', { read: ['B:cnt3', 'B:fan.SELN'] }],
  ['seln out of range', { put: ['B:seln', 9] }],
  ['fanout out of range', { put: ['B:fan.PROC', 1] }],
  ['after out of range', { read: ['B:fan', 'B:fan.SELN'] }],
  ['dfanout value', { put: ['B:dfan', 25] }],
  ['after dfanout', { read: ['B:dfan', 'B:dA', 'B:dB', 'B:dC'] }],
  ['dfanout hihi', { put: ['B:dfan', 45.25] }],
  ['after dfanout hihi', { read: ['B:dfan', 'B:dA', 'B:dC'] }],
  // No completion for these: a compress that has not finished its N samples ends processing
  // without its forward link, so EPICS never completes a put-callback through it.
  ['src 4', { put: ['B:src', 4], wait: false }],
  ['src 6', { put: ['B:src', 6], wait: false }],
  ['src 9.5', { put: ['B:src', 9.5], wait: false }],
  ['after src', { read: ['B:cmp', 'B:cmp.NUSE', 'B:circ', 'B:lifo', 'B:hist', 'B:cmpArr'] }],
  ['compress reset', { put: ['B:cmp.RES', 1] }],
  ['after reset', { read: ['B:cmp', 'B:cmp.NUSE'] }],
  ['seq', { put: ['B:seq.PROC', 1] }],
  ['after seq', { read: ['B:seq', 'B:seq.DO0', 'B:seq.DO1', 'B:s0', 'B:s1'] }],
  ['sel high', { put: ['B:sel.PROC', 1] }],
  ['after sel high', { read: ['B:sel', 'B:sel.SELN', 'B:sel.D'] }],
  ['sel low', { put: ['B:sel.SELM', 2] }],
  ['sel low process', { put: ['B:sel.PROC', 1] }],
  ['after sel low', { read: ['B:sel', 'B:sel.SELN'] }],
  ['sel median', { put: ['B:sel.SELM', 3] }],
  ['sel median process', { put: ['B:sel.PROC', 1] }],
  ['after sel median', { read: ['B:sel', 'B:sel.SELN'] }],
  ['seln 1 again', { put: ['B:seln', 1] }],
  ['sel specified', { put: ['B:selSpec.PROC', 1] }],
  ['after sel specified', { read: ['B:selSpec', 'B:selSpec.SELN', 'B:selSpec.B', 'B:selSpec.A'] }],
  ['subArray', { put: ['B:sa.PROC', 1] }],
  ['after subArray', { read: ['B:sa', 'B:sa.NORD'] }],
  ['subArray index', { put: ['B:sa.INDX', 4] }],
  ['subArray index process', { put: ['B:sa.PROC', 1] }],
  ['after subArray index', { read: ['B:sa', 'B:sa.NORD'] }],
  ['printf', { put: ['B:pf.PROC', 1] }],
  ['printf missing input', { put: ['B:pfBad.PROC', 1] }],
  ['after printf', { read: ['B:pf', 'B:pf.LEN', 'B:pfBad'] }],
  ['permissive', { put: ['B:perm', 1] }],
  ['permissive wflg', { put: ['B:perm.WFLG', 1] }],
  ['after permissive', { read: ['B:perm', 'B:perm.WFLG', 'B:perm.LABL'] }],
  ['state', { put: ['B:state', 'running'] }],
  ['after state', { read: ['B:state'] }],
  ['event', { put: ['B:ev.PROC', 1] }],
  ['event again', { put: ['B:ev.PROC', 1] }],
  ['after event', { read: ['B:ev', 'B:evCount'] }],
  ['aSub', { put: ['B:asub.PROC', 1] }],
  ['after aSub', { read: ['B:asub', 'B:asub.A', 'B:asub.B', 'B:asub.NEB', 'B:asub.VALA'] }],
  // Metadata follows the fields it is made of, also between changes of the value.
  ['meta initial', { read: ['B:meta:ao', 'B:meta:li', 'B:meta:calc', 'B:meta:calc.A'] }],
  ['meta ao value', { put: ['B:meta:ao', 3] }],
  ['after meta ao value', { read: ['B:meta:ao'] }],
  ['meta ao EGU', { put: ['B:meta:ao.EGU', 'cm'] }],
  ['meta ao PREC', { put: ['B:meta:ao.PREC', 4] }],
  ['meta ao HOPR', { put: ['B:meta:ao.HOPR', 20] }],
  ['meta ao DRVL', { put: ['B:meta:ao.DRVL', -6] }],
  ['meta ao HIHI', { put: ['B:meta:ao.HIHI', 7.5] }],
  ['meta ao HSV', { put: ['B:meta:ao.HSV', 'MINOR'] }],
  ['meta ao HIGH', { put: ['B:meta:ao.HIGH', 6] }],
  ['after meta ao', { read: ['B:meta:ao'] }],
  ['meta ao value again', { put: ['B:meta:ao', 6.5] }],
  ['after meta ao value again', { read: ['B:meta:ao'] }],
  ['meta li value', { put: ['B:meta:li', 7] }],
  ['after meta li value', { read: ['B:meta:li'] }],
  ['meta li HHSV', { put: ['B:meta:li.HHSV', 'MAJOR'] }],
  ['meta li LSV', { put: ['B:meta:li.LSV', 'MINOR'] }],
  ['meta li EGU', { put: ['B:meta:li.EGU', 'counts'] }],
  ['after meta li', { read: ['B:meta:li'] }],
  ['drive limits unset', { read: ['B:meta:lo', 'B:meta:lo.HIHI', 'B:meta:lo.PVAL', 'B:meta:lo.IVOV', 'B:meta:i64', 'B:meta:i64.IVOV', 'B:meta:ao0', 'B:meta:ao0.OVAL'] }],
  ['meta lo DRVH', { put: ['B:meta:lo.DRVH', 80] }],
  ['meta lo DRVL', { put: ['B:meta:lo.DRVL', -40] }],
  ['meta i64 DRVH', { put: ['B:meta:i64.DRVH', 900] }],
  ['drive limits set', { read: ['B:meta:lo', 'B:meta:lo.LOLO', 'B:meta:i64'] }],
  ['meta lo DRVH below DRVL', { put: ['B:meta:lo.DRVH', -60] }],
  ['meta i64 DRVL equal', { put: ['B:meta:i64.DRVL', 900] }],
  ['drive limits crossed', { read: ['B:meta:lo', 'B:meta:i64'] }],
  ['calcout and dfanout limits', { read: ['B:meta:co.ODLY', 'B:meta:co.IVOV', 'B:meta:co.OVAL', 'B:meta:co.HIHI', 'B:meta:df', 'B:meta:df.HIHI', 'B:meta:df.LOLO', 'B:meta:df.LALM', 'B:meta:df.MLST'] }],
  ['array and compress field metadata', { readAs: ['B:fm:wf.HOPR', 'B:fm:wf.SDLY', 'B:fm:wf.NORD', 'B:fm:aai.LOPR', 'B:fm:sa.HOPR', 'B:fm:sa.INDX', 'B:fm:cmp.HOPR', 'B:fm:cmp.CVB', 'B:fm:cmp.IHIL', 'B:fm:cmp.ILIL'] }],
  ['analog field metadata', { readAs: ['B:fm:ai.ASLO', 'B:fm:ai.AOFF', 'B:fm:ai.SMOO', 'B:fm:ai.SDLY', 'B:fm:aoP', 'B:fm:aoP.HOPR', 'B:fm:aoP.ASLO', 'B:fm:aoP.OVAL', 'B:fm:li.SDLY', 'B:fm:li.AFTC', 'B:fm:li.AFVL', 'B:fm:i64.SDLY'] }],
  ['calc sel seq field metadata', { readAs: ['B:fm:calc.LA', 'B:fm:calc.LB', 'B:fm:calc.B', 'B:fm:sel.A', 'B:fm:sel.LA', 'B:fm:sel.HOPR', 'B:fm:seq.DLY1', 'B:fm:seq.DOL1', 'B:fm:seq.DO1', 'B:fm:seq.LNK1', 'B:fm:seq.DOL2'] }],
  ['text of float fields without get_precision', { readAs: ['B:fm:bi.SDLY', 'B:fm:mbbi.AFTC', 'B:fm:mbbi.SDLY', 'B:fm:si.SDLY', 'B:fm:ev.SDLY'] }],
  ['integer fields wider than DBR_LONG', { readAs: ['B:fm:big', 'B:fm:big2', 'B:fm:hist.LOPR', 'B:fm:hist.HOPR'] }],
  ['wide integer arrays', { put: ['B:fm:wfU', [4294967295, 4294967246, 70000]] }],
  ['wide integer arrays int64', { put: ['B:fm:wfQ', [4294967301, -100000000000000000]] }],
  ['after wide integer arrays', { readAs: ['B:fm:wfU', 'B:fm:wfQ'] }],
  ['subArray INDX before processing', { read: ['B:fm:saIdx.INDX'] }],
  ['disabled subArray INDX', { put: ['B:fm:saDis.INDX', 7] }],
  ['disabled subArray NELM', { put: ['B:fm:saDis.NELM', 9] }],
  ['after disabled subArray puts', { read: ['B:fm:saDis.INDX', 'B:fm:saDis.NELM'] }],
  ['subArray process', { put: ['B:fm:saIdx.PROC', 1] }],
  ['after subArray process', { read: ['B:fm:saIdx.INDX', 'B:fm:saIdx.NELM'] }],
  ['histogram SGNL', { put: ['B:fm:hg.SGNL', 3] }],
  ['after histogram SGNL', { read: ['B:fm:hg.MCNT', 'B:fm:hg'] }],
  ['histogram SGNL text', { write: ['B:fm:hg.SGNL', 'abc'] }],
  ['after histogram SGNL text', { read: ['B:fm:hg.MCNT', 'B:fm:hg', 'B:fm:hg.SGNL'] }],
  ['histogram ULIM text', { write: ['B:fm:hg.ULIM', 'abc'] }],
  ['after histogram ULIM text', { read: ['B:fm:hg.MCNT', 'B:fm:hg', 'B:fm:hg.ULIM'] }],
  ['sdis enabled put', { put: ['B:sd:rec', 5] }],
  ['after sdis enabled put', { read: ['B:sd:rec', 'B:sd:rec.DISA'] }],
  ['sdis control 1', { put: ['B:sd:ctl', 1] }],
  ['sdis disabled put', { put: ['B:sd:rec', 7] }],
  ['after sdis disabled put', { read: ['B:sd:rec', 'B:sd:rec.DISA'] }],
  ['sdis disabled put again', { put: ['B:sd:rec', 8] }],
  ['after sdis disabled put again', { read: ['B:sd:rec'] }],
  ['sdis control 0', { put: ['B:sd:ctl', 0] }],
  ['sdis enabled again', { put: ['B:sd:rec', 9] }],
  ['after sdis enabled again', { read: ['B:sd:rec', 'B:sd:rec.DISA'] }],
  ['sdis unreadable, disabled', { write: ['B:sd:bad', 3] }],
  ['after sdis unreadable, disabled', { read: ['B:sd:bad', 'B:sd:bad.DISA'] }],
  ['sdis unreadable, enabled', { write: ['B:sd:bad2', 3] }],
  ['after sdis unreadable, enabled', { read: ['B:sd:bad2', 'B:sd:bad2.AMSG'] }],
  ['meta calc process', { put: ['B:meta:calc.PROC', 1] }],
  ['after meta calc process', { read: ['B:meta:calc', 'B:meta:calc.A'] }],
  ['meta calc PREC', { put: ['B:meta:calc.PREC', 1] }],
  ['meta calc HOPR', { put: ['B:meta:calc.HOPR', 50] }],
  ['meta calc process again', { put: ['B:meta:calc.PROC', 1] }],
  ['after meta calc', { read: ['B:meta:calc', 'B:meta:calc.A'] }],
  // TSE -2 (device time): nothing sets the time of a Soft Channel ao, so it stays undefined.
  ['tse initial', { read: ['B:tse:dev', 'B:tse:now'] }],
  ['tse device put', { put: ['B:tse:dev', 4.5] }],
  ['tse now put', { put: ['B:tse:now', 4.5] }],
  ['after tse puts', { read: ['B:tse:dev', 'B:tse:now'] }],
  // Text put to number fields: DOUBLE, LONG, ULONG, USHORT, SHORT, UCHAR and INT64.
  ...['B:str:ao', 'B:str:lo', 'B:str:mbbo.ZRVL', 'B:str:bo.IVOV', 'B:str:ao.PREC', 'B:str:mbd.B0', 'B:str:i64'].flatMap((pv) =>
    ['7', '1e3', '0x1A', '-7.9', '.5', '3000000000', '-1.5', 'abc', '  42'].flatMap((text) => [
      [`string "${text}" to ${pv}`, { put: [pv, text] }],
      [`after string "${text}" to ${pv}`, { read: [pv] }],
    ]),
  ),
  // boRecord.c: get_control_double (HIGH 0..100000, others their type's range), no display limits.
  ['bo fields', { read: ['B:str:bo.HIGH', 'B:str:bo.ZSV', 'B:str:bo.RVAL'] }],
  // State records given values past their states (records.db, "B:st:").
  ...[2, 0, 1, 7].flatMap((v) => [
    [`bo ${v}`, { put: ['B:st:bo', v] }],
    [`after bo ${v}`, { read: ['B:st:bo', 'B:st:bo.RVAL', 'B:st:boOut'] }],
  ]),
  ['bo with MASK 3', { put: ['B:st:boMask', 3] }],
  ['after bo with MASK 3', { read: ['B:st:boMask', 'B:st:boMask.RVAL'] }],
  ...[2.7, 1, 0, 300].flatMap((v) => [
    [`bi from ${v}`, { put: ['B:st:biSrc', v] }],
    [`after bi from ${v}`, { read: ['B:st:bi'] }],
  ]),
  ...[1, 7, 20, 0].flatMap((v) => [
    [`mbbo ${v}`, { put: ['B:st:mbbo', v] }],
    [`after mbbo ${v}`, { read: ['B:st:mbbo', 'B:st:mbbo.RVAL'] }],
  ]),
  ['bo INVALID with IVOV', { put: ['B:st:boIv', 1] }],
  ['after bo INVALID with IVOV', { read: ['B:st:boIv', 'B:st:boIv.RVAL', 'B:st:ivOut'] }],
  ['mbbo INVALID with IVOV', { put: ['B:st:mbboIv', 20] }],
  ['after mbbo INVALID with IVOV', { read: ['B:st:mbboIv', 'B:st:mbboIv.RVAL'] }],
  // Raw Soft Channel and the raw values records keep with any device support.
  ['raw initial', { read: ['B:raw:bi.MASK', 'B:raw:mbbi.MASK', 'B:raw:mbbiD.MASK', 'B:raw:mbbo.MASK', 'B:raw:mbboD.MASK', 'B:raw:mbbi.SDEF', 'B:raw:aoSoft.EOFF', 'B:raw:ai.EOFF'] }],
  ['raw src 10', { put: ['B:raw:src', 10] }],
  ['raw ai process', { put: ['B:raw:ai.PROC', 1] }],
  ['raw inputs process', { put: ['B:raw:bi.PROC', 1] }],
  ['raw mbbi process', { put: ['B:raw:mbbi.PROC', 1] }],
  ['raw mbbiDirect process', { put: ['B:raw:mbbiD.PROC', 1] }],
  ['after raw src 10', { read: ['B:raw:ai', 'B:raw:ai.RVAL', 'B:raw:bi', 'B:raw:bi.RVAL', 'B:raw:mbbi', 'B:raw:mbbi.RVAL', 'B:raw:mbbiD', 'B:raw:mbbiD.RVAL'] }],
  ['raw src 28', { put: ['B:raw:src', 28] }],
  ['raw ai again', { put: ['B:raw:ai.PROC', 1] }],
  ['raw bi again', { put: ['B:raw:bi.PROC', 1] }],
  ['raw mbbi again', { put: ['B:raw:mbbi.PROC', 1] }],
  ['raw mbbiDirect again', { put: ['B:raw:mbbiD.PROC', 1] }],
  ['after raw src 28', { read: ['B:raw:ai', 'B:raw:ai.ORAW', 'B:raw:bi', 'B:raw:bi.RVAL', 'B:raw:mbbi', 'B:raw:mbbi.RVAL', 'B:raw:mbbiD', 'B:raw:mbbiD.B0'] }],
  ['raw src -5', { put: ['B:raw:src', -5] }],
  ['raw mbbi unknown state', { put: ['B:raw:mbbi.PROC', 1] }],
  ['after raw src -5', { read: ['B:raw:mbbi', 'B:raw:mbbi.RVAL'] }],
  ['raw ao 5', { put: ['B:raw:ao', 5] }],
  ['after raw ao 5', { read: ['B:raw:ao', 'B:raw:ao.RVAL', 'B:raw:ao.ORAW', 'B:raw:sink'] }],
  ['raw ao RVAL', { put: ['B:raw:ao.RVAL', 100] }],
  ['after raw ao RVAL', { read: ['B:raw:ao.RVAL', 'B:raw:sink'] }],
  ['soft ao 1.26', { put: ['B:raw:aoSoft', 1.26] }],
  ['after soft ao 1.26', { read: ['B:raw:aoSoft.RVAL', 'B:raw:aoSoft.OVAL'] }],
  ['soft ao -3e12', { put: ['B:raw:aoSoft', -3e12] }],
  ['after soft ao -3e12', { read: ['B:raw:aoSoft.RVAL'] }],
  ['raw bo 1', { put: ['B:raw:bo', 1] }],
  ['after raw bo 1', { read: ['B:raw:bo', 'B:raw:bo.RVAL', 'B:raw:sink'] }],
  ['raw mbbo 1', { put: ['B:raw:mbbo', 1] }],
  ['after raw mbbo 1', { read: ['B:raw:mbbo.RVAL', 'B:raw:sink'] }],
  ['raw mbbo 2', { put: ['B:raw:mbbo', 2] }],
  ['after raw mbbo 2', { read: ['B:raw:mbbo.RVAL', 'B:raw:sink'] }],
  ['raw mbboDirect 31', { put: ['B:raw:mbboD', 31] }],
  ['after raw mbboDirect 31', { read: ['B:raw:mbboD', 'B:raw:mbboD.RVAL', 'B:raw:sink'] }],
  ['ao IVOV', { put: ['B:raw:aoIv', 15] }],
  ['after ao IVOV', { read: ['B:raw:aoIv', 'B:raw:aoIv.OVAL', 'B:raw:aoIv.RVAL'] }],
  ['string OVAL initial', { read: ['B:txt:so.OVAL', 'B:txt:si.OVAL'] }],
  ['stringout abc', { put: ['B:txt:so', 'abc'] }],
  ['stringin process', { put: ['B:txt:si.PROC', 1] }],
  ['after string OVAL', { read: ['B:txt:so.OVAL', 'B:txt:si.OVAL', 'B:txt:si'] }],
  ['undefined mbboDirect', { put: ['B:txt:mbbod.PROC', 1] }],
  ['calcout process', { put: ['B:txt:co.PROC', 1] }],
  ['after undefined mbboDirect, calcout', { read: ['B:txt:mbbod.AMSG', 'B:txt:mbbod.ACKS', 'B:txt:co.POVL', 'B:txt:co.OVAL', 'B:txt:sub.MLST', 'B:txt:sub.LALM'] }],
  // Simulation mode (records B:sim:*).
  ['sim initial', { read: ['B:sim:ai', 'B:sim:ai.SVAL', 'B:sim:aiScan.SIMM', 'B:sim:aiScan.SCAN', 'B:sim:aiScan.SSCN'] }],
  ['sim ai', { put: ['B:sim:ai.PROC', 1] }],
  ['sim aiRaw', { put: ['B:sim:aiRaw.PROC', 1] }],
  ['sim aiScan', { put: ['B:sim:aiScan.PROC', 1] }],
  ['sim li', { put: ['B:sim:li.PROC', 1] }],
  ['sim biRaw', { put: ['B:sim:biRaw.PROC', 1] }],
  ['sim mbbiRaw', { put: ['B:sim:mbbiRaw.PROC', 1] }],
  ['sim mbbid', { put: ['B:sim:mbbid.PROC', 1] }],
  ['sim si', { put: ['B:sim:si.PROC', 1] }],
  ['sim lsi', { put: ['B:sim:lsi.PROC', 1] }],
  ['sim wf', { put: ['B:sim:wf.PROC', 1] }],
  ['sim hist', { put: ['B:sim:hist.PROC', 1] }],
  ['after sim inputs', { read: ['B:sim:ai', 'B:sim:aiRaw', 'B:sim:aiRaw.RVAL', 'B:sim:aiRaw.SVAL', 'B:sim:aiScan', 'B:sim:aiScan.SIMM', 'B:sim:aiScan.OLDSIMM', 'B:sim:aiScan.SCAN', 'B:sim:aiScan.SSCN', 'B:sim:li', 'B:sim:biRaw', 'B:sim:biRaw.RVAL', 'B:sim:mbbiRaw', 'B:sim:mbbiRaw.RVAL', 'B:sim:mbbid', 'B:sim:mbbid.B1', 'B:sim:si', 'B:sim:si.SVAL', 'B:sim:lsi', 'B:sim:wf', 'B:sim:wf.NORD', 'B:sim:hist', 'B:sim:hist.SGNL'] }],
  ['sim aoRaw', { put: ['B:sim:aoRaw', 7] }],
  ['sim aoHi', { put: ['B:sim:aoHi', 6] }],
  ['sim bo', { put: ['B:sim:bo', 1] }],
  ['sim mbboRaw', { put: ['B:sim:mbboRaw', 1] }],
  ['sim so', { put: ['B:sim:so', 'abc'] }],
  ['sim aao', { put: ['B:sim:aao', [3, 4, 5]] }],
  ['after sim outputs', { read: ['B:sim:aoRaw', 'B:sim:aoRaw.RVAL', 'B:sim:aoHi', 'B:sim:bo', 'B:sim:mbboRaw', 'B:sim:so', 'B:sim:aao', 'B:sim:sink', 'B:sim:sinkRaw', 'B:sim:sinkRaw2', 'B:sim:sinkText', 'B:sim:sinkText2', 'B:sim:wfSink'] }],
  ['sim mode off', { put: ['B:sim:mode', 0] }],
  ['sim aiScan device', { put: ['B:sim:aiScan.PROC', 1] }],
  ['sim aoRaw device', { put: ['B:sim:aoRaw.SIMM', 'NO'] }],
  ['sim aoRaw write', { put: ['B:sim:aoRaw', 8] }],
  ['after sim mode off', { read: ['B:sim:aiScan', 'B:sim:aiScan.SIMM', 'B:sim:aiScan.OLDSIMM', 'B:sim:aiScan.SCAN', 'B:sim:aiScan.SSCN', 'B:sim:aoRaw', 'B:sim:sink', 'B:sim:sinkRaw'] }],
  ['sim aiScan no link', { put: ['B:sim:aiScan.SIML', ''] }],
  ['sim aiScan simm', { put: ['B:sim:aiScan.SIMM', 'YES'] }],
  ['after sim simm', { read: ['B:sim:aiScan.SIMM', 'B:sim:aiScan.OLDSIMM', 'B:sim:aiScan.SCAN', 'B:sim:aiScan.SSCN'] }],
  // Puts without callback (`write`): which fail with a CA error (records B:pf:*).
  ['write B:pf:chain', { write: ['B:pf:chain', 1] }],
  ['write B:pf:chainNpp', { write: ['B:pf:chainNpp', 1] }],
  ['write B:pf:ppIn.PROC', { write: ['B:pf:ppIn.PROC', 1] }],
  ['write B:pf:lo', { write: ['B:pf:lo', 1] }],
  ['write B:pf:mbbo', { write: ['B:pf:mbbo', 1] }],
  ['write B:pf:so', { write: ['B:pf:so', 'x'] }],
  ['write B:pf:lso', { write: ['B:pf:lso', 'x'] }],
  ['write B:pf:co.PROC', { write: ['B:pf:co.PROC', 1] }],
  ['write B:pf:wf.PROC', { write: ['B:pf:wf.PROC', 1] }],
  ['write B:pf:mbbidRaw.PROC', { write: ['B:pf:mbbidRaw.PROC', 1] }],
  ['write B:pf:mbbiRaw.PROC', { write: ['B:pf:mbbiRaw.PROC', 1] }],
  ['write B:pf:aao', { write: ['B:pf:aao', 1] }],
  ['write B:pf:aoAsync', { write: ['B:pf:aoAsync', 1] }],
  ['write B:pf:loAsync', { write: ['B:pf:loAsync', 1] }],
  ['write B:pf:dolHold.PROC', { write: ['B:pf:dolHold.PROC', 1] }],
  ['write B:pf:dolDrive.PROC', { write: ['B:pf:dolDrive.PROC', 1] }],
  ['write B:pf:bo', { write: ['B:pf:bo', 1] }],
  ['write B:pf:hist.PROC', { write: ['B:pf:hist.PROC', 1] }],
  ['write B:pf:loSim', { write: ['B:pf:loSim', 1] }],
  ['write B:pf:fwd', { write: ['B:pf:fwd', 1] }],
  ['write B:pf:calc.PROC', { write: ['B:pf:calc.PROC', 1] }],
  ['write B:pf:coIn.PROC', { write: ['B:pf:coIn.PROC', 1] }],
  ['write B:pf:selA.PROC', { write: ['B:pf:selA.PROC', 1] }],
  ['write B:pf:selL.PROC', { write: ['B:pf:selL.PROC', 1] }],
  ['after writes', { read: ['B:pf:calc', 'B:pf:coIn', 'B:pf:selA', 'B:pf:selL', 'B:pf:chain', 'B:pf:ppIn', 'B:pf:ai', 'B:pf:ai.AMSG', 'B:pf:so', 'B:pf:so.AMSG', 'B:pf:dolHold', 'B:pf:loSim'] }],
  // TSEL (records B:ts:*).
  ['tsel dst', { put: ['B:ts:dst.PROC', 1] }],
  ['tsel ev', { put: ['B:ts:ev.PROC', 1] }],
  ['after tsel', { read: ['B:ts:src', 'B:ts:dst', 'B:ts:ev', 'B:ts:ev.TSE'] }],
  // DISP (records B:disp:*).
  ['disp write', { write: ['B:disp:ao', 5] }],
  ['disp put', { put: ['B:disp:ao', 6] }],
  ['disp field', { write: ['B:disp:ao.EGU', 'mm'] }],
  ['disp link', { put: ['B:disp:src.PROC', 1] }],
  ['after disp', { read: ['B:disp:ao', 'B:disp:ao.EGU'] }],
  ['disp off', { put: ['B:disp:ao.DISP', 0] }],
  ['disp write again', { write: ['B:disp:ao', 8] }],
  ['after disp off', { read: ['B:disp:ao'] }],
  // PINI order (records B:pini:*).
  ['pini order', { read: ['B:pini:z', 'B:pini:c', 'B:pini:p1', 'B:pini:p0', 'B:pini:run', 'B:pini:yesReadsRun', 'B:pini:runningReadsRun', 'B:pini:pause'] }],
  // A link writing PROC (records B:proc:*).
  ['proc link', { put: ['B:proc:w', 1] }],
  ['proc link again', { put: ['B:proc:w', 1] }],
  ['proc link scanned', { put: ['B:proc:w2', 1] }],
  ['after proc links', { read: ['B:proc:cnt', 'B:proc:cntScan'] }],
  // aao closed loop whose DOL read fails (records B:aaoF:*).
  ['aao dol fails', { write: ['B:aaoF:o.PROC', 1] }],
  ['after aao dol fails', { read: ['B:aaoF:o', 'B:aaoF:o.UDF', 'B:aaoF:cnt', 'B:aaoF:t.NORD'] }],
  ['aao value, dol fails', { write: ['B:aaoF:o', 1] }],
  ['after aao value', { read: ['B:aaoF:o', 'B:aaoF:o.NORD', 'B:aaoF:cnt', 'B:aaoF:t'] }],
  // Async Soft Channel inputs (records B:as:*).
  ['async inputs initial', { read: ['B:as:li', 'B:as:bi', 'B:as:liLocal', 'B:as:siLocal'] }],
  ...['B:as:li', 'B:as:ai', 'B:as:bi', 'B:as:biEmpty', 'B:as:mbbi', 'B:as:mbbid', 'B:as:si', 'B:as:i64', 'B:as:liLocal', 'B:as:siLocal'].map((pv) => [`async ${pv}`, { put: [`${pv}.PROC`, 1] }]),
  ['async local again', { put: ['B:as:liLocal.PROC', 1] }],
  ['after async inputs', { read: ['B:as:li', 'B:as:cnt', 'B:as:ai', 'B:as:bi', 'B:as:biEmpty', 'B:as:mbbi', 'B:as:mbbid', 'B:as:si', 'B:as:i64', 'B:as:liLocal', 'B:as:src', 'B:as:siLocal', 'B:as:src2'] }],
  // Numbers read as text through links (records B:sp:*).
  ...['B:sp:s1', 'B:sp:s2', 'B:sp:s3', 'B:sp:s4', 'B:sp:s7', 'B:sp:s8', 'B:sp:o1', 'B:sp:l1', 'B:sp:pf'].map((pv) => [`text ${pv}`, { put: [`${pv}.PROC`, 1] }]),
  ['after text', { read: ['B:sp:s1', 'B:sp:s2', 'B:sp:s3', 'B:sp:s4', 'B:sp:s7', 'B:sp:s8', 'B:sp:o1', 'B:sp:l1', 'B:sp:pf'] }],
  // Constant links of string records (records B:ks:*).
  ['string constants', { read: ['B:ks:l1', 'B:ks:l1.LEN', 'B:ks:l2', 'B:ks:l3', 'B:ks:l4', 'B:ks:o1', 'B:ks:o1.LEN', 'B:ks:o2', 'B:ks:s1', 'B:ks:s2', 'B:ks:so1', 'B:ks:l5'] }],
  // Constant links as dbConstLink loads them (records B:kn:*).
  ['numeric constants', { read: ['B:kn:ai1', 'B:kn:ai2', 'B:kn:ai3', 'B:kn:ao1', 'B:kn:ao2', 'B:kn:li1', 'B:kn:li2', 'B:kn:li3', 'B:kn:li4', 'B:kn:lo1', 'B:kn:mb1', 'B:kn:mb2', 'B:kn:bo1', 'B:kn:bi1', 'B:kn:c1', 'B:kn:wf1', 'B:kn:wf2', 'B:kn:i1', 'B:kn:i2', 'B:kn:md1', 'B:kn:ai4', 'B:kn:ai5', 'B:kn:ai6', 'B:kn:ai7', 'B:kn:ai8'] }],
  // JSON constants (records B:kj:*).
  ['json constants', { read: ['B:kj:li1', 'B:kj:li2', 'B:kj:li3', 'B:kj:mb', 'B:kj:si', 'B:kj:i64', 'B:kj:li4'] }],
  // A CHAR (epicsInt8) element widens with its sign: -2 is DBR_LONG -2 (a UCHAR's 254).
  ['signed chars through links', { put: ['B:ch:sa.PROC', 1] }],
  ['signed chars compress', { put: ['B:ch:cmp.PROC', 1] }],
  ['signed chars calc', { put: ['B:ch:calc.PROC', 1] }],
  ['signed chars stringin', { put: ['B:ch:si.PROC', 1] }],
  ['signed chars aao', { put: ['B:ch:aao.PROC', 1] }],
  ['lsi with a UTF-8 constant', { put: ['B:ch:lsi.PROC', 1] }],
  ['signed chars read as other types', { readAs: ['B:ch:w', 'B:ch:u', 'B:ch:aai', 'B:ch:sa', 'B:ch:lsi.VAL$'] }],
  ['after signed chars', { read: ['B:ch:cmp', 'B:ch:calc', 'B:ch:si', 'B:ch:wl', 'B:ch:aao'] }],
  ['char from ao', { put: ['B:ch:ao', 200] }],
  ['after char from ao', { readAs: ['B:ch:t'] }],
  ['char from stringout', { put: ['B:ch:so', '-5'] }],
  ['char from stringout out of range', { put: ['B:ch:so', '200'] }],
  ['after char from stringout', { read: ['B:ch:so'], readAs: ['B:ch:t'] }],
  // Text is read by epicsParseInt8: "200" fails, and (putStringChar) the elements before it stay.
  ['char text', { put: ['B:ch:t', ['-128', '127']] }],
  ['char text out of range', { put: ['B:ch:t', ['5', '200', '6']] }],
  ['char scalar text out of range', { put: ['B:ch:t', '250'] }],
  ['after char text', { readAs: ['B:ch:t'] }],
  ['char longs', { put: ['B:ch:t', Int32Array.of(200, -300, 7)] }],
  ['after char longs', { readAs: ['B:ch:t'] }],
  ['double text out of range', { put: ['B:ch:d', ['7', 'x', '9']] }],
  ['after double text', { read: ['B:ch:d', 'B:ch:d.NORD'] }],
  ['put-callback of text to an ao', { put: ['B:pcf:ao', 'abc'] }],
  ['plain put of text to an ao', { write: ['B:pcf:ao2', 'abc'] }],
  ['put-callback to a disabled bo', { put: ['B:pcf:dis', 1] }],
  ['put-callback of no state', { put: ['B:pcf:mb', 'zz'] }],
  ['put-callback of a long too big', { put: ['B:pcf:lo', '99999999999'] }],
  ['put-callback of a long with units', { put: ['B:pcf:lo', '12 mm'] }],
  ['after failed puts', { read: ['B:pcf:cnt', 'B:pcf:cnt2', 'B:pcf:cnt3', 'B:pcf:cnt4', 'B:pcf:cnt5', 'B:pcf:ao', 'B:pcf:mb', 'B:pcf:lo'] }],
  ['link fields', { read: ['B:lt:co.INPA', 'B:lt:co.INPB', 'B:lt:co.INPC', 'B:lt:co.INPD', 'B:lt:co.INPE', 'B:lt:co.INPF', 'B:lt:co.INPG', 'B:lt:co.INPH', 'B:lt:co.INPI', 'B:lt:co.INPJ', 'B:lt:co.INPK', 'B:lt:co.OUT', 'B:lt:co.FLNK', 'B:lt:ai.INP', 'B:lt:ai.TSEL', 'B:lt:ao.DOL', 'B:lt:ao.OUT', 'B:lt:ao.FLNK'] }],
  // (DESC$ is left out: rsrv reads STS, GR and CTRL CHAR as DBR_UCHAR, and dbGet cuts a string
  // field's `$` to its text only for DBR_CHAR, so those three get all 41 bytes; devioc gives the
  // text and its NUL to every family.)
  ['link fields as char arrays', { read: ['B:lt:co.INPB$', 'B:lt:co.INPI$', 'B:lt:co.FLNK$', 'B:lt:ai.INP$'] }],
  ['record type', { read: ['B:lt:ai.RTYP', 'B:lt:ai.RTYP$'] }],
  ['record type put', { put: ['B:lt:ai.RTYP', 'bo'] }],
  // `$` is a long string of a string or link field only (dbChannelCreate refuses the others).
  ['long string of a number', { search: ['B:lt:ai.VAL$', 'B:lt:ai.SCAN$', 'B:lt:ai.NAME$'] }],
  ['bad CALC with callback', { put: ['B:ce:c.CALC', 'B+'] }],
  ['bad CALC without callback', { write: ['B:ce:c2.CALC', 'B+'] }],
  ['calc with a bad CALC', { put: ['B:ce:c2.PROC', 1] }],
  ['bad calcout CALC', { put: ['B:ce:co.CALC', '(('] }],
  ['bad calcout OCAL', { put: ['B:ce:co.OCAL', '(('] }],
  ['calcout uses OCAL', { put: ['B:ce:co.DOPT', 1] }],
  ['calcout with bad expressions', { put: ['B:ce:co.PROC', 1] }],
  ['calcout 2 uses OCAL', { put: ['B:ce:co2.DOPT', 1] }],
  ['bad OCAL in use', { put: ['B:ce:co2.OCAL', '2+'] }],
  ['calcout 2 processed', { put: ['B:ce:co2.PROC', 1] }],
  ['after bad expressions', { read: ['B:ce:c', 'B:ce:c.CALC', 'B:ce:c2', 'B:ce:c2.CALC', 'B:ce:co', 'B:ce:co.CALC', 'B:ce:co.OCAL', 'B:ce:co.CLCV', 'B:ce:co.OCLV', 'B:ce:co.OVAL', 'B:ce:x', 'B:ce:co2', 'B:ce:co2.OCLV', 'B:ce:co2.OVAL', 'B:ce:x2'] }],
  ['good CALC again', { put: ['B:ce:c.CALC', '9'] }],
  ['good calcout CALC again', { put: ['B:ce:co.CALC', '4'] }],
  ['after good expressions', { read: ['B:ce:c', 'B:ce:co', 'B:ce:co.CLCV', 'B:ce:co.OCLV'] }],
  ['link fields written with spaces', { read: ['B:lt:sp.INPA', 'B:lt:sp.INPB', 'B:lt:sp.INPC', 'B:lt:sp.INPD', 'B:lt:sp.FLNK', 'B:lt:ts.INP'] }],
  ['ulong text overflowing as a double', { put: ['B:ul:mb.ZRVL', '1e400'] }],
  ['ulong text underflowing as a double', { write: ['B:ul:mb.ONVL', '3e-400'] }],
  ['after ulong text', { read: ['B:ul:mb.ZRVL', 'B:ul:mb.ONVL'] }],
  ['links, RTYP and a string as chars, read as other types', { readAs: ['B:dg:ai.INP', 'B:dg:ai.INP$', 'B:dg:ai.FLNK', 'B:dg:ai.DESC$', 'B:dg:ai.RTYP', 'B:dg:ai.RTYP$'] }],
  [
    'links, RTYP and a string as chars, read with counts',
    {
      readCounts: [
        ['B:dg:ai.DESC$', 4, 3], ['B:dg:ai.DESC$', 1, 3], ['B:dg:ai.DESC$', 4, 60], ['B:dg:ai.DESC$', 18, 5], ['B:dg:ai.DESC$', 0, 2],
        ['B:dg:ai.INP$', 4, 5], ['B:dg:ai.INP$', 0, 3], ['B:dg:ai.INP$', 6, 2], ['B:dg:ai.INP', 4, 5], ['B:dg:ai.INP', 32, 1],
        ['B:dg:ai.RTYP', 4, 2], ['B:dg:ai.RTYP$', 4, 2], ['B:dg:ai.RTYP', 34, 1],
      ],
    },
  ],
  ['a sub without SNAM is held active', { read: ['B:sub.PACT', 'B:sub.LCNT', 'B:asub.PACT'] }],
  ['process the held sub', { put: ['B:sub.PROC', 1], wait: false }],
  ['after processing the held sub', { read: ['B:sub.PACT', 'B:sub.LCNT', 'B:sub'] }],
  ['I/O Intr without device support is Passive', { read: ['B:io:ai.SCAN', 'B:io:calc.SCAN'] }],
  ['put I/O Intr to a calc', { put: ['B:io:calc.SCAN', 'I/O Intr'] }],
  ['the calc processes on a put to VAL', { put: ['B:io:calc', 5] }],
  ['after I/O Intr put', { read: ['B:io:calc.SCAN', 'B:io:calc'] }],
  // A histogram's counts take a client's put (from the first bin on), which clears UDF.
  ['histogram counts written', { put: ['B:hist.VAL', [2, 7]] }],
  ['after histogram counts written', { read: ['B:hist', 'B:hist.UDF'] }],
  // A subArray without INP keeps NELM of the elements a put wrote, from INDX on, when it processes.
  ['subArray without INP written', { put: ['B:sa:put', [1, 2, 3]] }],
  ['after subArray without INP written', { read: ['B:sa:put', 'B:sa:put.NORD', 'B:sa:put.UDF'] }],
  ['subArray without INP index', { put: ['B:sa:put.INDX', 1] }],
  ['subArray without INP written again', { put: ['B:sa:put', [5, 6, 7, 8]] }],
  ['subArray without INP processed', { put: ['B:sa:put.PROC', 1] }],
  ['after subArray without INP processed', { read: ['B:sa:put', 'B:sa:put.NORD'] }],
  ['calc whose PP input writes its A', { put: ['B:ord.PROC', 1] }],
  ['after calc whose PP input writes its A', { read: ['B:ord', 'B:ord.A', 'B:ord.B', 'B:ord:src'] }],
  ['calc without links processed', { put: ['B:late.PROC', 1] }],
  ['calc given a PV link', { put: ['B:late.INPA', 'B:ord:src'] }],
  ['calc with its new link processed', { put: ['B:late.PROC', 1] }],
  ['after calc with its new link', { read: ['B:late', 'B:late.A'] }],
  ['calc link removed', { put: ['B:late.INPA', ''] }],
  ['link source changed', { put: ['B:ord:src', 7] }],
  ['calc without its link processed', { put: ['B:late.PROC', 1] }],
  ['after calc without its link', { read: ['B:late', 'B:late.A', 'B:ord.A'] }],
];

/** The types readAs reads each PV as: DBR_STRING, SHORT, FLOAT, ENUM, CHAR, LONG, DOUBLE, CTRL_LONG and CTRL_DOUBLE. */
const READ_AS = [0, 1, 2, 3, 4, 5, 6, 33, 34];

/** A reading without what legitimately differs between runs (timestamps, ports). */
function normalise(r) {
  const plain = (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  const out = { dbrType: r.dbrType, count: r.count, value: Array.from(r.elements, plain) };
  if (r.alarm) out.alarm = r.alarm;
  if (r.epicsTimestamp) out.stamped = r.epicsTimestamp.secPastEpoch !== 0;
  if (r.units !== undefined) out.units = r.units;
  if (r.precision !== undefined) out.precision = r.precision;
  if (r.limits) out.limits = Object.fromEntries(Object.entries(r.limits).map(([k, v]) => [k, plain(v)]));
  if (r.enumStrings) out.enumStrings = [...r.enumStrings];
  // As JSON stores it: NaN limits become null.
  return JSON.parse(JSON.stringify(out));
}

/**
 * A logger for the client that keeps its warnings in `lines` (a put without callback fails only
 * in a CA error, which the client logs).
 */
export function recordingLogger(lines) {
  const logger = {
    error: (m) => lines.push(m), warn: (m) => lines.push(m), important: () => {}, info: () => {}, debug: () => {},
    isDebugEnabled: () => false, child: () => logger,
  };
  return logger;
}

/** Runs every step with `client` (a devioc CaClient); returns the answers by step. */
export async function runScenario(client, warnings = []) {
  const answers = [];
  for (const [label, action] of STEPS) {
    if (action.put) {
      const [pv, value] = action.put;
      try {
        await client.put(pv, value, { wait: action.wait !== false });
        answers.push({ label, put: pv, ok: true });
      } catch (err) {
        answers.push({ label, put: pv, ok: false, error: String(err.message).replace(/ \(.*$/, '') });
      }
      continue;
    }
    if (action.search) {
      const found = {};
      for (const pv of action.search) {
        try {
          await client.get(pv, { timeout: 3 });
          found[pv] = true;
        } catch (err) {
          found[pv] = /not found|timed out|timeout/i.test(String(err.message)) ? false : String(err.message);
        }
      }
      answers.push({ label, found });
      continue;
    }
    if (action.write) {
      // Without callback: the server answers only a failure, with a CA error, before it answers
      // the read that follows on the same circuit (the client logs it; its text is left out).
      const [pv, value] = action.write;
      const before = warnings.length;
      await client.put(pv, value, { wait: false });
      await client.get(pv);
      const error = warnings.slice(before).find((w) => w.includes('CA error for WRITE'));
      answers.push({ label, write: pv, error: error === undefined ? null : error.replace(/^.*CA error for WRITE: /, '').replace(/ \(.*$/, '') });
      continue;
    }
    const reads = {};
    for (const [pv, type, count] of action.readCounts ?? []) {
      const key = `${pv} as ${type} × ${count}`;
      try {
        reads[key] = normalise(await client.get(pv, { type, count }));
      } catch (err) {
        reads[key] = { error: String(err.message) };
      }
    }
    for (const pv of action.readAs ?? []) {
      for (const type of READ_AS) {
        const key = `${pv} as ${type}`;
        try {
          reads[key] = normalise(await client.get(pv, { type }));
        } catch (err) {
          reads[key] = { error: String(err.message) };
        }
      }
    }
    for (const pv of action.read ?? []) {
      reads[pv] = {};
      for (const family of FAMILIES) {
        try {
          reads[pv][family] = normalise(await client.get(pv, { type: family }));
        } catch (err) {
          reads[pv][family] = { error: String(err.message) };
        }
      }
    }
    answers.push({ label, reads });
  }
  return answers;
}
