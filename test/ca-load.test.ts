/**
 * Load, at CI's reduced scale (bench/load.mjs runs the full one): `devioc softioc` serving 1,000
 * counters that post 1,000 updates a second in all, monitored by 44 clients (40 of devioc's own
 * client, 4 of libca through pyepics), while 5 raw clients subscribe to everything and stop reading.
 *
 * What must hold: the stalled clients are cut off (and only they), every other client sees every
 * update of its PVs in order (an "only the newest value" drop, as rsrv makes for a slow reader, is
 * counted; a repeated or older value is an error), and the server's memory stays bounded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
import { LoadClient, type LoadReport, type Proc, counterDb, openFds, rssMiB, startLoopbackIoc, startStalledClient } from './helpers/load-procs.js';

const RECORDS = 1000;
const PREFIX = 'LOAD:n';
const NODE_PROCS = 2;
const NODE_CLIENTS_PER_PROC = 20;
const PY_CLIENTS = 4;
const PER_CLIENT = 50;
const STALLED = 5;

const procs: Proc[] = [];
const clients: LoadClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await Promise.all(procs.splice(0).map((p) => p.stop()));
});

const sum = (rs: LoadReport[], k: keyof LoadReport): number => rs.reduce((a, r) => a + Number(r[k]), 0);

describe('many clients on one IOC, some of which stop reading', () => {
  it('cuts off the stalled clients, serves every other update in order, and keeps memory bounded', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const ioc = await startLoopbackIoc(counterDb(PREFIX, RECORDS), port, { DEVIOC_CAS_SLOW_CLIENT_TMO: '3' });
    procs.push(ioc);
    const pid = ioc.child.pid!;
    const rssAtStart = rssMiB(pid);

    for (let i = 0; i < NODE_PROCS; i++) clients.push(LoadClient.devioc(port, NODE_CLIENTS_PER_PROC, PER_CLIENT, PREFIX, RECORDS));
    for (let i = 0; i < PY_CLIENTS; i++) clients.push(LoadClient.pyepics(port, (i * 250) % RECORDS, PER_CLIENT, PREFIX, RECORDS));
    await Promise.all(clients.map((c) => c.ready()));

    const names = Array.from({ length: RECORDS }, (_, i) => `${PREFIX}${i}`);
    const stalled = await Promise.all(Array.from({ length: STALLED }, () => startStalledClient(port, 4, names)));
    procs.push(...stalled);

    // Memory is sampled while the stalled clients back up, until all five are cut off.
    let rssPeak = 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 250);
    try {
      await ioc.output.wait(new RegExp(`(not reading for 3000 ms[^\\n]*disconnecting[\\s\\S]*){${STALLED}}`), 120_000);
    } finally {
      clearInterval(sampler);
    }
    const cutOff = (ioc.output.text.match(/not reading for 3000 ms/g) ?? []).length;
    expect(cutOff).toBe(STALLED);

    // Then every client goes on for a few more scans, and all of them catch up.
    const before = await Promise.all(clients.map((c) => c.report()));
    const target = Math.max(...before.map((r) => r.maxLast ?? 0)) + 5;
    let reports = before;
    const deadline = Date.now() + 60_000;
    while (Math.min(...reports.map((r) => r.minLast ?? 0)) < target && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      reports = await Promise.all(clients.map((c) => c.report()));
    }

    const monitors = sum(reports, 'monitors');
    const updates = sum(reports, 'updates');
    const drops = sum(reports, 'drops');
    expect(monitors).toBe((NODE_PROCS * NODE_CLIENTS_PER_PROC + PY_CLIENTS) * PER_CLIENT);
    expect(Math.min(...reports.map((r) => r.minLast ?? 0))).toBeGreaterThanOrEqual(target);
    expect(sum(reports, 'regressions')).toBe(0);
    expect(sum(reports, 'errors')).toBe(0);
    expect(sum(reports, 'disconnects')).toBe(0);
    // Only-newest-value drops happen for a reader that falls 4 updates behind; ours keep up.
    expect(drops).toBeLessThanOrEqual(updates / 100);

    const rssEnd = rssMiB(pid);
    // Bounded: the stalled clients cost at most a socket buffer and a short queue per subscription.
    expect(rssPeak).toBeLessThan(rssAtStart + 400);
    expect(rssEnd).toBeLessThan(rssAtStart + 300);
    // Every socket of the cut-off clients was closed.
    expect(openFds(pid)).toBeLessThan(100);
    console.log(
      `load: ${reports.length} client processes, ${monitors} monitors, ${updates} updates, ${drops} dropped; ` +
        `${cutOff} stalled clients cut off; server RSS ${rssAtStart.toFixed(0)} → peak ${rssPeak.toFixed(0)} → ${rssEnd.toFixed(0)} MiB`,
    );
  });
});
