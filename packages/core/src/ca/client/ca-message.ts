/** The client's name for libca's status texts; the table lives with the ECA codes. */
export { ecaMessage as caMessage } from '../protocol/eca.js';
