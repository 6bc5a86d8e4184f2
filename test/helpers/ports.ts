/**
 * A port free for both TCP and UDP (and, with `span`, the following ports too), so that tests
 * never collide with each other or with IOCs already running on this machine. The
 * implementation is test/helpers/free-port.mjs, shared with the plain .mjs helpers.
 */
export { freePort } from './free-port.mjs';
