/** EPICS macro substitution (macLib): expansion and macro definition strings. */
export { expandMacros, MacroExpander } from './expander.js';
export type { ExpandOptions, ExpansionResult, MacroSource, MacroWarning } from './expander.js';
export { parseMacroDefinitionList, parseMacroDefinitions } from './definitions.js';
export type { MacroDefinition } from './definitions.js';
export { escapeMacroValue } from './escape.js';
export { describeMacroProblem, MacroError } from './errors.js';
export type { MacroProblem, MacroProblemKind } from './errors.js';
