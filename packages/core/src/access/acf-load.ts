/**
 * Loading an ACF file as asInitFile does, and resolving HAG hosts when asCheckClientIP is set
 * (asHagAddHost: each entry becomes the IPv4 address it resolves to, or "unresolved:NAME").
 */
import { readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import type { MacroSource } from '../macros/index.js';
import { type AcfConfig, AcfError, parseAcf } from './acf-parse.js';

export interface LoadAcfOptions {
  macros?: MacroSource;
  onWarning?: (message: string) => void;
}

/** Reads and parses an ACF file; throws AcfError with file:line, or when it cannot be read. */
export function loadAcfFile(file: string, options: LoadAcfOptions = {}): AcfConfig {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (err) {
    throw new AcfError(file, 0, `Can't open file: ${(err as Error).message}`);
  }
  return parseAcf(text, { file, macros: options.macros, onWarning: options.onWarning });
}

/** Each HAG's hosts as compared: lower-cased names, or (checkClientIP) resolved addresses. */
export async function resolveHagHosts(config: AcfConfig, checkClientIP: boolean, onWarning?: (message: string) => void): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const [name, hosts] of config.hags) {
    const set = new Set<string>();
    for (const host of hosts) {
      if (!checkClientIP) {
        set.add(host.toLowerCase());
        continue;
      }
      if (isIPv4(host)) {
        set.add(host);
        continue;
      }
      try {
        set.add((await lookup(host, { family: 4 })).address);
      } catch {
        onWarning?.(`ACF: Unable to resolve host '${host}'`);
        set.add(`unresolved:${host}`);
      }
    }
    out.set(name, set);
  }
  return out;
}
