/** Reading EPICS_CA_* / EPICS_CAS_* settings the way EPICS base's envGetConfigParam does. */

export type Env = Readonly<Record<string, string | undefined>>;

/** A non-empty trimmed value, or undefined. */
export const envString = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

export const envNumber = (env: Env, name: string): number | undefined => {
  const v = envString(env, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** EPICS booleans: YES/NO, case-insensitive; anything else gives the default. */
export const envYesNo = (env: Env, name: string, fallback: boolean): boolean => {
  const v = envString(env, name)?.toUpperCase();
  if (v === 'YES' || v === 'Y' || v === 'TRUE' || v === '1') return true;
  if (v === 'NO' || v === 'N' || v === 'FALSE' || v === '0') return false;
  return fallback;
};

export interface HostPort {
  host: string;
  port: number;
}

/** Parses a whitespace-separated `host[:port]` list (EPICS_CA_ADDR_LIST and friends). */
export function parseAddressList(value: string | undefined, defaultPort: number): HostPort[] {
  if (value === undefined) return [];
  const out: HostPort[] = [];
  for (const token of value.split(/\s+/)) {
    if (token === '') continue;
    const colon = token.lastIndexOf(':');
    if (colon > 0) {
      const port = Number(token.slice(colon + 1));
      out.push({ host: token.slice(0, colon), port: Number.isInteger(port) && port > 0 && port < 65536 ? port : defaultPort });
    } else {
      out.push({ host: token, port: defaultPort });
    }
  }
  return out;
}

/** A valid TCP/UDP port from the environment, else the fallback. */
export const envPort = (env: Env, name: string, fallback: number): number => {
  const n = envNumber(env, name);
  return n !== undefined && Number.isInteger(n) && n > 0 && n < 65536 ? n : fallback;
};
