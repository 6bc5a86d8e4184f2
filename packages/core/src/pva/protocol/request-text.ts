/**
 * A pvRequest written as text, as pvxs's tools take it (`-r`): `field(value,alarm.severity)`,
 * `record[block=true,queueSize=8]`, both together, or a bare list `value,alarm`. Built as the
 * structure clients send: `{ field: { value: {}, ... }, record: { _options: { block: "true" } } }`.
 */
import type { FieldDesc, StructDesc } from './field-desc.js';
import type { PvaStruct } from './value.js';

export class PvRequestSyntaxError extends Error {
  override name = 'PvRequestSyntaxError';
}

interface Node {
  [name: string]: Node;
}

function addPath(root: Node, path: string): void {
  let at = root;
  for (const part of path.split('.')) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) throw new PvRequestSyntaxError(`bad field name "${part}" in pvRequest`);
    at[part] ??= {};
    at = at[part]!;
  }
}

function nodeType(n: Node): StructDesc {
  return { kind: 'struct', id: '', fields: Object.entries(n).map(([k, v]) => [k, nodeType(v)] as [string, FieldDesc]) };
}

function nodeValue(n: Node): PvaStruct {
  const out: PvaStruct = {};
  for (const [k, v] of Object.entries(n)) out[k] = nodeValue(v);
  return out;
}

/** Parses request text into the type and value a client sends. */
export function parsePvRequest(text: string): { type: StructDesc; value: PvaStruct } {
  const fields: Node = {};
  const options: [string, string][] = [];
  let sawField = false;
  let rest = text.trim();
  while (rest !== '') {
    let m: RegExpExecArray | null;
    if ((m = /^field\(([^)]*)\)\s*/.exec(rest))) {
      sawField = true;
      for (const p of m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '')) addPath(fields, p);
    } else if ((m = /^record\[([^\]]*)\]\s*/.exec(rest))) {
      for (const kv of m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new PvRequestSyntaxError(`record option "${kv}" needs name=value`);
        options.push([kv.slice(0, eq).trim(), kv.slice(eq + 1).trim()]);
      }
    } else if ((m = /^([A-Za-z_][A-Za-z0-9_.]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_.]*)*)\s*/.exec(rest)) && !/^(field|record)\b/.test(rest)) {
      sawField = true;
      for (const p of m[1]!.split(',').map((s) => s.trim())) addPath(fields, p);
    } else {
      throw new PvRequestSyntaxError(`cannot parse pvRequest at "${rest}"`);
    }
    rest = rest.slice(m[0].length);
  }
  const typeFields: [string, FieldDesc][] = [['field', nodeType(sawField ? fields : {})]];
  const value: PvaStruct = { field: nodeValue(sawField ? fields : {}) };
  if (options.length > 0) {
    const optType: StructDesc = { kind: 'struct', id: '', fields: options.map(([k]) => [k, { kind: 'scalar', type: 'string' }] as [string, FieldDesc]) };
    typeFields.push(['record', { kind: 'struct', id: '', fields: [['_options', optType]] }]);
    value.record = { _options: Object.fromEntries(options) };
  }
  return { type: { kind: 'struct', id: '', fields: typeFields }, value };
}
