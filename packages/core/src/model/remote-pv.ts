/**
 * A PV of another IOC, as the application sees it: streams to combine with the model's own
 * records (combineLatest, switchMap…), and get/put through the runtime's CA client.
 */
import { type Observable, distinctUntilChanged, map } from 'rxjs';
import type { CaClient } from '../ca/client/context.js';
import type { CaMonitorOptions, CaPutOptions, CaPutValue, CaReading, CaValue } from '../ca/client/types.js';

export class RemotePv {
  constructor(
    private readonly client: CaClient,
    readonly name: string,
  ) {}

  /** Every update (value, alarm, timestamp, metadata) while subscribed; survives reconnects. */
  readings$(options?: CaMonitorOptions): Observable<CaReading> {
    return this.client.monitor(this.name, options);
  }

  /** The value, then every change. */
  get value$(): Observable<CaValue> {
    return this.readings$().pipe(map((r) => r.value));
  }

  /** true while connected. */
  get connected$(): Observable<boolean> {
    return this.client.channel(this.name).state$.pipe(
      map((s) => s === 'connected'),
      distinctUntilChanged(),
    );
  }

  async get(): Promise<CaValue> {
    return (await this.client.get(this.name)).value;
  }

  put(value: CaPutValue, options?: CaPutOptions): Promise<void> {
    return this.client.put(this.name, value, options);
  }
}
