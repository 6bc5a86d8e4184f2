/**
 * Connects the INPx inputs of the loaded configuration to their PVs (what asCa does with a
 * CA client): a record of this process directly, anything else through the CA client. An
 * input is bad while its PV is disconnected or unreadable, or its severity is INVALID.
 */
import { hostname } from 'node:os';
import { Subscription } from 'rxjs';
import { DbrType } from '../ca/protocol/dbr/types.js';
import type { CaClient } from '../ca/client/context.js';
import type { PvProvider, Unsubscribe } from '../ca/server/provider.js';
import type { AccessSecurity } from './access-security.js';

const INVALID_ALARM = 3;

function toNumber(value: unknown): number {
  const first = Array.isArray(value) || ArrayBuffer.isView(value) ? (value as ArrayLike<unknown>)[0] : value;
  if (typeof first === 'number') return first;
  if (typeof first === 'bigint') return Number(first);
  const parsed = Number(first);
  return Number.isNaN(parsed) ? 0 : parsed;
}

export function connectAccessInputs(security: AccessSecurity, local: PvProvider, client: () => CaClient): Unsubscribe {
  const stops: Unsubscribe[] = [];
  for (const input of security.inputs()) {
    const pv = local.open(input.pv);
    if (pv !== undefined) {
      const update = (snapshot: ReturnType<typeof pv.read>): void => {
        const bad = snapshot.alarm.severity === INVALID_ALARM;
        security.setInput(input.group, input.index, bad ? undefined : toNumber(snapshot.value), { connected: true, readAccess: true, writeAccess: true, host: hostname() });
      };
      update(pv.read());
      stops.push(pv.subscribe((_mask, snapshot) => update(snapshot)));
      continue;
    }
    const ca = client();
    const channel = ca.channel(input.pv);
    const subs = new Subscription();
    subs.add(
      channel.state$.subscribe((state) => {
        if (state !== 'connected') security.setInput(input.group, input.index, undefined, { connected: false, readAccess: false, writeAccess: false });
      }),
    );
    subs.add(
      ca.monitor(input.pv, { type: DbrType.STS_DOUBLE }).subscribe({
        next: (reading) => {
          const info = { connected: true, readAccess: channel.readAccess, writeAccess: channel.writeAccess, host: channel.info.server ?? '' };
          const bad = reading.alarm?.severity === INVALID_ALARM || !channel.readAccess;
          security.setInput(input.group, input.index, bad ? undefined : toNumber(reading.value), info);
        },
        error: () => security.setInput(input.group, input.index, undefined, { connected: false }),
      }),
    );
    stops.push(() => subs.unsubscribe());
  }
  return () => {
    for (const stop of stops) stop();
  };
}
