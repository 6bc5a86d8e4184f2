/**
 * Macro definition strings, "P=IOC:,R=temp,Q=\"a,b\"", as given to dbLoadRecords(), msi -M and
 * softIoc -m. The rules are those of macParseDefns() (EPICS base libCom/macLib/macUtil.c):
 *
 * - definitions are separated by commas; white space around names and values is dropped;
 * - quotes ('…' or "…") and backslash escapes protect commas, '=' and white space;
 * - quotes and escapes are removed from names but kept in values, which macLib re-reads when
 *   it expands them (so `Q="a,b"` makes $(Q) expand to `a,b`);
 * - a name without '=' undefines that macro; "A=" defines A as the empty string.
 */

/** One definition; `value` null means "undefine" (a name given without '='). */
export interface MacroDefinition {
  readonly name: string;
  /** The raw value: quotes and escapes are still in it, as macLib stores it. */
  readonly value: string | null;
}

/** C isspace() in the "C" locale, which macLib uses to trim names and values. */
export function isCSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function trimEnd(text: string, start: number, end: number): string {
  let e = end;
  while (e > start && isCSpace(text[e - 1]!)) e--;
  return text.slice(start, e);
}

/** Names lose their quotes and escapes ("unlike values, they will not be re-parsed"). */
function unquoteName(raw: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote !== '') {
      if (c === quote) {
        quote = '';
        continue;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    if (c === '\\' && i + 1 < raw.length) {
      out += raw[++i];
      continue;
    }
    out += c;
  }
  return out;
}

type State = 'beforeName' | 'name' | 'beforeValue' | 'value';

/** Parses a definition string into its definitions, in order (macParseDefns). */
export function parseMacroDefinitionList(text: string): MacroDefinition[] {
  const result: MacroDefinition[] = [];
  let state: State = 'beforeName';
  let quote = '';
  let nameStart = 0;
  let valueStart = 0;
  let name = '';

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    // The quote state is updated before the character is classified, so an opening quote
    // counts as quoted and a closing one as not (macParseDefns does the same).
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    }
    const escape = c === '\\' && i + 1 < text.length;
    const isProtected = quote !== '' || escape;

    if (state === 'beforeName') {
      if (!isProtected && (isCSpace(c) || c === ',')) continue;
      nameStart = i;
      state = 'name';
    }
    if (state === 'name') {
      if (!isProtected && (c === '=' || c === ',')) {
        name = unquoteName(trimEnd(text, nameStart, i));
        if (c === ',') {
          result.push({ name, value: null });
          state = 'beforeName';
        } else {
          state = 'beforeValue';
        }
      }
    } else if (state === 'beforeValue' || state === 'value') {
      if (state === 'beforeValue') {
        if (!isProtected && isCSpace(c)) continue;
        valueStart = i;
        state = 'value';
      }
      if (!isProtected && c === ',') {
        result.push({ name, value: trimEnd(text, valueStart, i) });
        state = 'beforeName';
      }
    }
    // An escape protects the next character too; it is skipped only now because an escape
    // may itself start a name or a value.
    if (escape) i++;
  }

  switch (state) {
    case 'name':
      result.push({ name: unquoteName(trimEnd(text, nameStart, text.length)), value: null });
      break;
    case 'beforeValue':
      result.push({ name, value: '' });
      break;
    case 'value':
      result.push({ name, value: trimEnd(text, valueStart, text.length) });
      break;
    case 'beforeName':
      break;
  }
  return result;
}

/**
 * Parses a definition string into a map, applying the definitions in order as
 * macInstallMacros() does: a later definition replaces an earlier one, and a name without '='
 * removes it. Values are raw (see MacroDefinition.value).
 */
export function parseMacroDefinitions(text: string): Map<string, string> {
  const macros = new Map<string, string>();
  for (const { name, value } of parseMacroDefinitionList(text)) {
    if (value === null) macros.delete(name);
    else macros.set(name, value);
  }
  return macros;
}
