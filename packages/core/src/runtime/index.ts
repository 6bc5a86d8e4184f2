export { Runtime, defaultRuntime } from './runtime.js';
export type { RuntimeOptions } from './runtime.js';
