/**
 * One pvws connection for a page: widgets register the PVs they show; every value is handed to
 * them merged (as pvws.js merges it); when the socket closes every PV is shown disconnected, and
 * after reconnecting everything is subscribed again.
 */
import type { PvValue, PvwsClient } from './pvws-types.js';

export type PvListener = (value: PvValue) => void;

export class Connection {
  private readonly client: PvwsClient;
  private readonly listeners = new Map<string, Set<PvListener>>();
  private readonly latest = new Map<string, PvValue>();
  private connected = false;
  readonly errors: string[] = [];
  onError: (message: string) => void = () => {};
  onState: (connected: boolean) => void = () => {};

  constructor(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/pvws/pv`) {
    this.client = new PVWS(
      url,
      (connected) => this.state(connected),
      (m) => {
        if (m.type === 'update' && m.pv !== undefined) this.dispatch(m.pv, m);
        else if (m.type === 'error' && m.message !== undefined) {
          this.errors.push(m.message);
          this.onError(m.message);
        }
      },
    );
    this.client.reconnect_ms = 2000;
    this.client.open();
  }

  private state(connected: boolean): void {
    this.connected = connected;
    document.body.dataset.connected = String(connected);
    this.onState(connected);
    if (connected) {
      if (this.listeners.size > 0) this.client.subscribe([...this.listeners.keys()]);
    } else {
      for (const [pv, value] of this.latest) this.dispatch(pv, { ...value, severity: 'UNDEFINED', readonly: true });
    }
  }

  private dispatch(pv: string, value: PvValue): void {
    this.latest.set(pv, value);
    for (const l of this.listeners.get(pv) ?? []) l(value);
  }

  watch(pv: string, listener: PvListener): void {
    let set = this.listeners.get(pv);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(pv, set);
      if (this.connected) this.client.subscribe([pv]);
    }
    set.add(listener);
    const known = this.latest.get(pv);
    if (known !== undefined) listener(known);
  }

  value(pv: string): PvValue | undefined {
    return this.latest.get(pv);
  }

  write(pv: string, value: number | string | readonly number[]): void {
    this.client.write(pv, value);
  }
}
