export {
  formatTableFile,
  type LutFileData,
  type LutSettings,
  MAX_PV_NAME,
  parseDecimal,
  parseTableFile,
  TABLE_FILE_FORMAT,
  TableFileError,
} from './format.js';
export { backupPath, readTableFile, removeStaleTemporaries, type SaveResult, writeTableFile } from './store.js';
