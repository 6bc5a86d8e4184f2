/** The iocsh of `devioc softioc`: st.cmd scripts, the `epics>` shell, and dbTest's reports. */
export { IocShell } from './ioc-shell.js';
export type { IocShellOptions, LineResult } from './ioc-shell.js';
export { parseSubstitutions, readSubstitutions, SubstitutionsError, type SubstitutionsOptions, type SubstitutionsWarning, type TemplateLoad } from './substitutions.js';
export { splitLine, SplitError } from './split.js';
export { dbgf, dbl, dbnr, dbpr } from './db-report.js';
export { startInteractiveShell } from './interactive.js';
