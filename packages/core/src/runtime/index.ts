export { Runtime, defaultRuntime } from './runtime.js';
export type { AcfSource, RuntimeOptions } from './runtime.js';
