/**
 * The .sav format against synApps autosave's own documentation (docs/autoSaveRestore.md, "About
 * save files": the sample file, annotations removed) and its writer (save_restore.c write_it,
 * dbrestore.c SR_write_array_data); request files with includes, macros and errors at file:line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeScalar, formatSav, parseSav, readReqFile, SavFormatError, unescapeScalar } from '../../src/autosave/index.js';

// synApps' documented sample .sav file, as printed in autoSaveRestore.md (annotations dropped).
const DOC_SAMPLE = `# save/restore V4.9\tAutomatically generated - DO NOT MODIFY - 060720-154526
! 1 channel(s) not connected - or not all gets were successful
xxx:SR_ao.DISP 0
xxx:SR_ao.PREC 1
xxx:SR_bo.IVOV 2
xxx:SR_ao.SCAN 3
xxx:SR_ao.VAL 4.1234567890123
xxx:SR_scaler.RATE 1.234568
xxx:SR_ao.DESC description
xxx:myCalc.CALC$ 123456789+123456789+123456789+123456789+123456789
xxx:SR_ao.OUT xxx:SR_bo.VAL NPP NMS
xxx:SR_ao.RVAL 4
xxx:SR_bi.SVAL 2
#i_dont_exist.VAL Search Issued
xxx:SR_char_array @array@ { "1" "2" "3" "4" "5" "6" "7" "8" "9" "10" }
xxx:SR_double_array @array@ { "1" "2" "3" "4" "5" "6" "7" "8" "9" "10" }
xxx:SR_string_array @array@ { "1" "2" "3" "4" "5" "6" "7" "8" "9" "10" }
<END>
`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'autosave-req-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('.sav files', () => {
  it('reads the documented sample and writes it back byte for byte (header aside)', () => {
    const { entries, warnings } = parseSav(DOC_SAMPLE);
    expect(warnings).toEqual(['line 2: 1 channel(s) not connected - or not all gets were successful']);
    expect(entries.find((e) => e.pv === 'xxx:SR_ao.OUT')?.value).toBe('xxx:SR_bo.VAL NPP NMS');
    expect(entries.find((e) => e.pv === 'xxx:SR_string_array')?.value).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(entries.some((e) => e.pv.startsWith('#'))).toBe(false);
    const all = [...entries];
    all.splice(11, 0, { pv: 'i_dont_exist.VAL', value: 'Search Issued', comment: true });
    const ours = formatSav(all, '060720-154526', 1);
    const [ourHeader, ...ourRest] = ours.split('\n');
    const [docHeader, ...docRest] = DOC_SAMPLE.split('\n');
    expect(ourRest).toEqual(docRest);
    // write_it's header: "# <SRversion>\tAutomatically generated - DO NOT MODIFY - <yymmdd-HHMMSS>"
    expect(ourHeader).toBe('# autosave R5.3\tAutomatically generated - DO NOT MODIFY - 060720-154526');
    expect(docHeader!.replace('save/restore V4.9', 'autosave R5.3')).toBe(ourHeader);
  });

  it('refuses a file without <END> (a write cut short) and an array that does not end', () => {
    expect(() => parseSav(DOC_SAMPLE.slice(0, 300))).toThrow(SavFormatError);
    expect(() => parseSav(DOC_SAMPLE.replace('<END>\n', ''))).toThrow(/<END>/);
    expect(() => parseSav('# x V5\na @array@ { "1" "2"\n<END>\n')).toThrow(/array does not end/);
    // checkFile: "<END>" followed by one or two characters.
    expect(parseSav('# h V5\na.VAL 1\n<END>\r\n').entries).toEqual([{ pv: 'a.VAL', value: '1' }]);
    expect(() => parseSav('# h V5\na.VAL 1\n<END>\n\n\n')).toThrow(SavFormatError);
  });

  it('escapes scalars as epicsStrPrintEscaped and array elements as SR_write_array_data', () => {
    expect(escapeScalar('a "b"\t\\\x01')).toBe('a \\"b\\"\\t\\\\\\x01');
    expect(unescapeScalar(escapeScalar('x\n"y\'\\ \x7f'))).toBe('x\n"y\'\\ \x7f');
    const text = formatSav([{ pv: 'w', value: ['a "q"', 'b\\c', 'l\nm'] }], '010203-040506');
    expect(text.split('\n')[1]).toBe('w @array@ { "a \\"q\\"" "b\\\\c" "l\\nm" }');
    expect(parseSav(text).entries[0]!.value).toEqual(['a "q"', 'b\\c', 'l\nm']);
  });

  it('reads an array split over lines, as SR_array_restore does', () => {
    expect(parseSav('# h V5\nw @array@ { "1" "2"\n "3" }\nx.VAL 4\n<END>\n').entries).toEqual([
      { pv: 'w', value: ['1', '2', '3'] },
      { pv: 'x.VAL', value: '4' },
    ]);
  });
});

describe('.req files', () => {
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads PV lines, comments and includes with macros', () => {
    write('motor.req', '$(P)$(M).VAL\n$(P)$(M).DESC # trailing comment\n');
    const top = write('top.req', '# settings\n$(P)ao\n\nfile motor.req P=$(P),M=m1\nfile "motor.req" P=$(P) M=m2\n');
    expect(readReqFile(top, { macros: 'P=xxx:' }).map((e) => e.pv)).toEqual(['xxx:ao', 'xxx:m1.VAL', 'xxx:m1.DESC', 'xxx:m2.VAL', 'xxx:m2.DESC']);
  });

  it('refuses a malformed file with file:line', () => {
    const undefinedMacro = write('u.req', 'ok.VAL\n$(Q)x.VAL\n');
    expect(() => readReqFile(undefinedMacro, { macros: 'P=a' })).toThrow(`${undefinedMacro}:2: `);
    const missing = write('m.req', '\nfile nothere.req P=1\n');
    expect(() => readReqFile(missing)).toThrow(new RegExp(`${missing}:2: included request file "nothere.req" not found`));
    const bad = write('b.req', 'a.VAL\n"quoted".VAL\n');
    expect(() => readReqFile(bad)).toThrow(`${bad}:2: ""quoted".VAL" is not a PV name`);
    const two = write('t.req', 'a.VAL b.VAL\n');
    expect(() => readReqFile(two)).toThrow(`${two}:1: one PV a line`);
    const loop = write('loop.req', 'file loop.req\n');
    expect(() => readReqFile(loop)).toThrow(/includes itself/);
  });
});
