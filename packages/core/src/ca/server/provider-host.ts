import type { Logger } from '../../log/index.js';
import type { CircuitHost } from './circuit.js';
import type { CaServerConfig } from './config.js';
import type { CaPv, PvProvider } from './provider.js';

/** Whether any of `providers` serves `name`. */
export function providersHave(providers: readonly PvProvider[], name: string): boolean {
  for (const p of providers) if (p.has(name)) return true;
  return false;
}

/** The PV of the first of `providers` that serves `name`. */
export function providersOpen(providers: readonly PvProvider[], name: string): CaPv | undefined {
  for (const p of providers) {
    const pv = p.open(name);
    if (pv !== undefined) return pv;
  }
  return undefined;
}

/**
 * What a server lends its circuits and its search responder: its settings, and the names of its
 * providers (the list is read live: providers added later are served). One class, for the
 * server and for the runtime's warm-up alike, so that V8 compiles the circuit's calls to
 * has() and open() once for both: an object literal with arrow functions, made per server (or
 * per connection) and another in the warm-up, made those calls polymorphic, and the code the
 * warm-up compiled was thrown away at a client's first search and first channel.
 */
export class ProviderHost implements CircuitHost {
  constructor(
    readonly config: CaServerConfig,
    readonly log: Logger,
    readonly tcpPort: number,
    private readonly providers: readonly PvProvider[],
  ) {}

  has(name: string): boolean {
    return providersHave(this.providers, name);
  }

  open(name: string): CaPv | undefined {
    return providersOpen(this.providers, name);
  }
}
