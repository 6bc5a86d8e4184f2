/**
 * Text as pvxs's tools print it: a value in the "delta" format of pvxget/pvxmonitor (one line
 * per marked field, `    alarm.severity int32_t = 0`) and a type as pvxinfo prints it.
 */
import type { BitSet } from '../protocol/bitset.js';
import { type FieldDesc, type ScalarName, fieldCount } from '../protocol/field-desc.js';
import type { PvaStruct, PvaValue } from '../protocol/value.js';

const C_TYPE: Record<ScalarName, string> = {
  bool: 'bool', int8: 'int8_t', int16: 'int16_t', int32: 'int32_t', int64: 'int64_t',
  uint8: 'uint8_t', uint16: 'uint16_t', uint32: 'uint32_t', uint64: 'uint64_t',
  float32: 'float', float64: 'double', string: 'string',
};

/** A double as C++'s ostream prints it by default (%g, 6 significant digits). */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exp] = x.toExponential(5).split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 6) {
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, 5 - e));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

const escape = (s: string): string =>
  s.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c);

function scalarText(type: ScalarName, v: PvaValue): string {
  if (type === 'string') return `"${escape(String(v ?? ''))}"`;
  if (type === 'bool') return v === true ? 'true' : 'false';
  if (type === 'float32' || type === 'float64') return formatDouble(Number(v));
  return String(v);
}

function arrayText(type: ScalarName, v: PvaValue, limit: number): string {
  const items = (Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v as ArrayLike<PvaValue>) : []) as PvaValue[];
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    if (limit > 0 && i >= limit) {
      parts.push('...');
      break;
    }
    parts.push(scalarText(type, items[i]!));
  }
  return `{${items.length}}[${parts.join(', ')}]`;
}

export function typeName(desc: FieldDesc): string {
  switch (desc.kind) {
    case 'scalar': return C_TYPE[desc.type];
    case 'scalarArray': return `${C_TYPE[desc.type]}[]`;
    case 'struct': return 'struct';
    case 'union': return 'union';
    case 'any': return 'any';
    case 'structArray': return 'struct[]';
    case 'unionArray': return 'union[]';
  }
}

/** pvxget's default ("delta") output of a value: the marked fields, one per line. */
export function formatDelta(type: FieldDesc, value: PvaStruct, marked: BitSet, arrayLimit = 20, indent = '    '): string {
  const lines: string[] = [];
  const all = marked.get(0);
  if (all) lines.push(`${indent}${typeName(type)}${type.kind === 'struct' && type.id ? ` "${type.id}"` : ''}`);
  const walk = (desc: FieldDesc, v: PvaValue, offset: number, prefix: string, parentMarked: boolean): void => {
    if (desc.kind !== 'struct') return;
    let at = offset + 1;
    for (const [name, f] of desc.fields) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      const child = (v as PvaStruct | null)?.[name] ?? null;
      const isMarked = parentMarked || marked.get(at);
      if (isMarked) {
        let line = `${indent}${path} ${typeName(f)}`;
        if (f.kind === 'struct' && f.id) line += ` "${f.id}"`;
        if (f.kind === 'scalar') line += ` = ${scalarText(f.type, child)}`;
        if (f.kind === 'scalarArray') line += ` = ${arrayText(f.type, child, arrayLimit)}`;
        lines.push(line);
      }
      walk(f, child, at, path, isMarked);
      at += fieldCount(f);
    }
  };
  walk(type, value, 0, '', all);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** pvxinfo's output of a type. */
export function formatType(desc: FieldDesc | undefined, indent = ''): string {
  if (desc === undefined) return `${indent}null\n`;
  const out: string[] = [];
  const walk = (d: FieldDesc, name: string, pad: string): void => {
    const suffix = name === '' ? '' : ` ${name}`;
    if (d.kind === 'struct' || d.kind === 'union' || d.kind === 'structArray' || d.kind === 'unionArray') {
      const s = d.kind === 'structArray' || d.kind === 'unionArray' ? d.element : d;
      out.push(`${pad}${typeName(d)}${s.id ? ` "${s.id}"` : ''} {`);
      for (const [n, f] of s.fields) walk(f, n, `${pad}    `);
      out.push(`${pad}}${suffix}`);
      return;
    }
    out.push(`${pad}${typeName(d)}${suffix}`);
  };
  walk(desc, '', indent);
  return `${out.join('\n')}\n`;
}

/** pvxget -F tree: the whole structure, every field with its value, as pvxs prints it. */
export function formatTree(type: FieldDesc, value: PvaStruct, arrayLimit = 20, indent = '    '): string {
  const out: string[] = [];
  const walk = (d: FieldDesc, v: PvaValue, name: string, pad: string): void => {
    const suffix = name === '' ? '' : ` ${name}`;
    if (d.kind === 'struct') {
      out.push(`${pad}struct${d.id ? ` "${d.id}"` : ''} {`);
      for (const [n, f] of d.fields) walk(f, (v as PvaStruct | null)?.[n] ?? null, n, `${pad}    `);
      out.push(`${pad}}${suffix}`);
      return;
    }
    if (d.kind === 'scalar') out.push(`${pad}${typeName(d)}${suffix} = ${scalarText(d.type, v)}`);
    else if (d.kind === 'scalarArray') out.push(`${pad}${typeName(d)}${suffix} = ${arrayText(d.type, v, arrayLimit)}`);
    else out.push(`${pad}${typeName(d)}${suffix}`);
  };
  walk(type, value, '', indent);
  return `${out.join('\n')}\n`;
}
