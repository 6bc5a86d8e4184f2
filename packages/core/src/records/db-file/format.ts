/**
 * Writing records as .db text that dbLoadRecords() (softIoc 7.0) reads back unchanged:
 *
 *   record(ai, "NAME") {
 *       field(DESC, "a \"quoted\" word")
 *       info(autosaveFields, "VAL")
 *       alias("OTHER")
 *   }
 *   alias("NAME", "THIRD")
 *
 * Values are always double-quoted (a quoted JSON link reads back as the same text) and
 * escaped by escapeDbString(). Names are quoted when they are not safe bare words; a quoted
 * name is read raw (EPICS does not translate escapes in names), so names that cannot be
 * written that way are refused with a DbFormatError, as are record names EPICS refuses.
 */
import { DbFormatError } from './errors.js';
import { escapeDbString } from './escapes.js';
import { KEYWORDS } from './lexer.js';
import { checkRecordName, MAX_RECORD_NAME_BYTES, recordNameBytes } from './record-name.js';
import type { DbAlias, DbDatabase, DbRecord } from './types.js';

export interface FormatDbOptions {
  /** Indentation of the lines in a record body. Default four spaces. */
  indent?: string;
  /** Comment lines written first, each prefixed with "# ". */
  header?: string;
  /** Check that names are unique and that top-level aliases name a record. Default true. */
  validate?: boolean;
}

const BARE = /^[a-zA-Z0-9_\-+:.[\]<>;]+$/;

/**
 * A name as a quoted INITIAL string: the lexer keeps its content raw, macLib expands "$("
 * in it, a '"' or newline would end it, and an odd run of trailing backslashes would escape
 * the closing quote.
 */
function quotedName(name: string, what: string): string {
  if (name.includes('"') || name.includes('\n')) throw new DbFormatError(`${what} "${name}" cannot contain '"' or a newline`);
  if (name.includes('$(') || name.includes('${')) throw new DbFormatError(`${what} "${name}" cannot contain "$(" or "\${"`);
  const trailing = /\\*$/.exec(name)![0].length;
  if (trailing % 2 === 1) throw new DbFormatError(`${what} "${name}" cannot end with a backslash`);
  return `"${name}"`;
}

/** A bare word when that reads back the same, else a quoted name. */
function word(name: string, what: string): string {
  return BARE.test(name) && !KEYWORDS.has(name) ? name : quotedName(name, what);
}

function recordOrAliasName(name: string, what: string): string {
  const check = checkRecordName(name);
  if (check.error !== undefined) throw new DbFormatError(`${what}: ${check.error}`);
  return quotedName(name, what);
}

function value(text: string, what: string): string {
  try {
    return `"${escapeDbString(text)}"`;
  } catch (e) {
    throw new DbFormatError(`${what}: ${(e as Error).message}`);
  }
}

function formatRecord(record: DbRecord, indent: string): string {
  if (record.type === '' || record.type === '*') throw new DbFormatError(`record "${record.name}" has no record type`);
  if (recordNameBytes(record.name) > MAX_RECORD_NAME_BYTES) {
    throw new DbFormatError(`record name "${record.name}" is longer than ${MAX_RECORD_NAME_BYTES} characters`);
  }
  const lines = [`record(${word(record.type, 'record type')}, ${recordOrAliasName(record.name, 'record name')}) {`];
  for (const [name, text] of record.fields) {
    lines.push(`${indent}field(${word(name, 'field name')}, ${value(text, `${record.name}.${name}`)})`);
  }
  for (const [name, text] of record.infos) {
    if (name === '') throw new DbFormatError(`record "${record.name}" has an info item with an empty name`);
    lines.push(`${indent}info(${word(name, 'info name')}, ${value(text, `${record.name} info ${name}`)})`);
  }
  for (const alias of record.aliases) lines.push(`${indent}alias(${recordOrAliasName(alias, 'alias name')})`);
  lines.push('}');
  return lines.join('\n');
}

function checkNames(records: readonly DbRecord[], aliases: readonly DbAlias[]): void {
  const names = new Set<string>();
  const claim = (name: string): void => {
    if (names.has(name)) throw new DbFormatError(`"${name}" is defined more than once`);
    names.add(name);
  };
  for (const record of records) {
    claim(record.name);
    record.aliases.forEach(claim);
  }
  for (const { name, alias } of aliases) {
    if (!names.has(name)) throw new DbFormatError(`alias "${alias}" refers to unknown record "${name}"`);
    claim(alias);
  }
}

/**
 * Formats records (and top-level aliases) as .db text; parseDb() of the result gives the
 * same records, fields, infos and aliases in the same order.
 *
 * @throws DbFormatError for a record, name or value that no .db file can express
 */
export function formatDb(input: DbDatabase | readonly DbRecord[], options: FormatDbOptions = {}): string {
  const records: readonly DbRecord[] = Array.isArray(input) ? input : (input as DbDatabase).records;
  const aliases: readonly DbAlias[] = Array.isArray(input) ? [] : (input as DbDatabase).aliases;
  if (options.validate ?? true) checkNames(records, aliases);
  const indent = options.indent ?? '    ';
  const parts: string[] = [];
  if (options.header !== undefined) parts.push(options.header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n'));
  for (const record of records) parts.push(formatRecord(record, indent));
  if (aliases.length > 0) {
    parts.push(
      aliases
        .map(({ name, alias }) => `alias(${recordOrAliasName(name, 'record name')}, ${recordOrAliasName(alias, 'alias name')})`)
        .join('\n'),
    );
  }
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}
