import os from 'node:os';

export interface Ipv4Interface {
  name: string;
  address: string;
  broadcast: string;
  internal: boolean;
}

const toInt = (ip: string): number => ip.split('.').reduce((acc, part) => (acc << 8) | (Number(part) & 255), 0) >>> 0;
export const ipToString = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
export const ipToInt = (ip: string): number => toInt(ip);

export const isIpv4 = (s: string): boolean =>
  /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((p) => Number(p) <= 255);

/** Every IPv4 interface with its directed broadcast address (address | ~netmask). */
export function ipv4Interfaces(): Ipv4Interface[] {
  const out: Ipv4Interface[] = [];
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4') continue;
      const broadcast = ipToString((toInt(a.address) | ~toInt(a.netmask)) >>> 0);
      out.push({ name, address: a.address, broadcast, internal: a.internal });
    }
  }
  return out;
}

/**
 * The broadcast addresses EPICS would discover. EPICS base skips loopback interfaces; we keep
 * the loopback broadcast too so that a single-host setup works without configuration.
 */
export const broadcastAddresses = (): string[] => [...new Set(ipv4Interfaces().map((i) => i.broadcast))];
