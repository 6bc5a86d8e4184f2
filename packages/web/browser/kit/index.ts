/** The widget kit of devioc's web screens (bundled into each page with esbuild). */
export { Connection } from './connection.js';
export type { PvListener } from './connection.js';
export { el } from './dom.js';
export { formatValue, isDisconnected, severityClass } from './format.js';
export { arrayPlot, choiceButtons, commandButton, entry, KIT_CSS, led, readback } from './widgets.js';
export type { PvValue } from './pvws-types.js';
