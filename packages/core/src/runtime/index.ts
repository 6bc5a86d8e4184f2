export { Runtime, defaultRuntime } from './runtime.js';
export type { AcfSource, RuntimeOptions } from './runtime.js';
export type { RuntimeHttpOptions, WebServerLike } from './runtime-web.js';
