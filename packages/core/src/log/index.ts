export { configureLogging, getLogger, LOG_LEVELS } from './logger.js';
export type { Logger, LoggingOptions, LogLevel, LogMeta } from './logger.js';
