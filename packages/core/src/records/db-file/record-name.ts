/**
 * dbRecordNameValidate() (dbLexRoutines.c) for record and alias names, and the record name
 * length limit of dbCreateRecord() (the NAME field of dbCommon holds 61 bytes).
 */

/** Longest record name EPICS accepts, in bytes of UTF-8 (NAME is char[61]). */
export const MAX_RECORD_NAME_BYTES = 60;

export interface NameCheck {
  /** Set when EPICS refuses the name. */
  readonly error?: string;
  /** EPICS' warnings for a name it accepts. */
  readonly warnings: readonly string[];
}

export function checkRecordName(name: string): NameCheck {
  if (name === '') return { error: "Record/Alias name can't be empty", warnings: [] };
  const warnings: string[] = [];
  const first = name[0]!;
  if ('-+[{'.includes(first)) {
    warnings.push(`Record/Alias name '${name}' should not begin with '${first}'`);
  }
  for (const c of name) {
    const code = c.charCodeAt(0);
    if (code < 0x20) {
      warnings.push(`Record/Alias name '${name}' should not contain non-printable 0x${code.toString(16).padStart(2, '0')}`);
    } else if (' \t"\'.$'.includes(c)) {
      return { error: `Bad character '${c}' in Record/Alias name "${name}"`, warnings };
    }
  }
  return { warnings };
}

export function recordNameBytes(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}
