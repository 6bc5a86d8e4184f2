/**
 * Literal text as a raw macro value. macLib removes one level of quotes and backslashes when
 * it expands a value and expands references in it, so a value meant literally must escape
 * backslashes, both quote characters and '$'.
 */
export function escapeMacroValue(literal: string): string {
  return literal.replace(/[\\"'$]/g, (c) => `\\${c}`);
}
