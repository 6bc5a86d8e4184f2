/**
 * One shared client per process, for code that just needs "the" CA client (record links, scripts),
 * configured from the EPICS environment on first use.
 */
import { CaClient } from './context.js';

let shared: CaClient | undefined;

/** The process-wide client (created on first call from EPICS_CA_* in the environment). */
export function defaultCaClient(): CaClient {
  shared ??= new CaClient();
  return shared;
}

/** Closes the process-wide client; the next defaultCaClient() makes a new one. */
export async function closeDefaultCaClient(): Promise<void> {
  const c = shared;
  shared = undefined;
  await c?.close();
}
