/**
 * The EPICS beacon schedule: the first interval is 20 ms and each one doubles until it
 * reaches the configured period (EPICS_CAS_BEACON_PERIOD, 15 s by default), so that clients
 * notice a (re)started server at once and then hear from it at a steady rate.
 */
export const FIRST_BEACON_INTERVAL_MS = 20;

export const nextBeaconInterval = (previousMs: number | undefined, periodMs: number): number =>
  previousMs === undefined ? Math.min(FIRST_BEACON_INTERVAL_MS, periodMs) : Math.min(previousMs * 2, periodMs);
