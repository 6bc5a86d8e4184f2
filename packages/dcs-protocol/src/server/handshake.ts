import { splitTclWords } from '../tcl/parse.js';

/** Why the server refused a connection during the handshake (dcs-protocol.md §1.5). */
export type HandshakeRejection = 'timeout' | 'bad-reply' | 'unknown-dhs' | 'wrong-host' | 'already-connected';

export type HandshakeVerdict =
  | { ok: true; dhsName: string }
  | {
      ok: false;
      reason: HandshakeRejection;
      detail: string;
      dhsName?: string;
      /** DCSS waits before closing: 1 s for a wrong host, 3 s for a duplicate. */
      closeDelayMs: number;
    };

export interface HandshakeContext {
  /** Allowed peer addresses for a known DHS name ([] = any), or undefined if the name is unknown. */
  allowedHosts(dhsName: string): readonly string[] | undefined;
  isConnected(dhsName: string): boolean;
  remoteAddress: string;
  delays: { wrongHostMs: number; duplicateMs: number };
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same peer; `localhost` means loopback. */
export function normalizeAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  if (lower === 'localhost' || lower === '::1' || lower === '::ffff:127.0.0.1') return '127.0.0.1';
  return lower.startsWith('::ffff:') ? lower.slice(7) : lower;
}

/**
 * Judge the DHS's reply to `stoc_send_client_type`, as DCSS's dcss_hardware_client
 * does: it must be `htos_client_is_hardware <name>`, the name must be a known DHS, the
 * peer must be that DHS's host if one is configured, and no DHS of that name may already
 * be connected. Pure, so the rules are tested without sockets.
 */
export function judgeHandshakeReply(text: string, context: HandshakeContext): HandshakeVerdict {
  let words: string[];
  try {
    words = splitTclWords(text, 2).words;
  } catch {
    words = [];
  }
  const [command, dhsName] = words;
  if (command !== 'htos_client_is_hardware' || dhsName === undefined || dhsName === '') {
    return { ok: false, reason: 'bad-reply', detail: `expected "htos_client_is_hardware <name>", got ${JSON.stringify(text)}`, closeDelayMs: 0 };
  }
  const hosts = context.allowedHosts(dhsName);
  if (hosts === undefined) {
    return { ok: false, reason: 'unknown-dhs', detail: `no DHS named "${dhsName}" is configured`, dhsName, closeDelayMs: 0 };
  }
  const peer = normalizeAddress(context.remoteAddress);
  if (hosts.length > 0 && !hosts.some((host) => normalizeAddress(host) === peer)) {
    return {
      ok: false,
      reason: 'wrong-host',
      detail: `DHS "${dhsName}" must connect from ${hosts.join(' or ')}, not ${context.remoteAddress}`,
      dhsName,
      closeDelayMs: context.delays.wrongHostMs,
    };
  }
  if (context.isConnected(dhsName)) {
    return {
      ok: false,
      reason: 'already-connected',
      detail: `DHS "${dhsName}" is already connected`,
      dhsName,
      closeDelayMs: context.delays.duplicateMs,
    };
  }
  return { ok: true, dhsName };
}
