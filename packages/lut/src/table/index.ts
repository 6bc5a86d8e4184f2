export {
  checkTable,
  COARSE_POINTS,
  EMPTY_TABLE,
  type LutTable,
  SAME_X_TOLERANCE,
  sameX,
  TableStructureError,
  tablesEqual,
  withPoint,
} from './points.js';
