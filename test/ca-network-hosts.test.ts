/**
 * The CA network across hosts: three IOC hosts and two client hosts, each a network namespace of
 * its own on a bridge that reaches nothing else (test/helpers/netns.ts), addresses 198.18.0.1-5.
 * Everything here goes through each host's own auto address list (its broadcast address
 * 198.18.0.255), as on a real subnet, with libca (pyepics) and the devioc client side by side.
 *
 * Needs root for the namespaces (CI has it); without it the suite fails, saying why.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestNetwork } from './helpers/netns.js';
import { type NetProcess, pyepicsOn, runCli, startCli, startIoc, startRepeater, wrap } from './helpers/net-procs.js';
import type { PyEpics } from './helpers/pyepics.js';

const IOC1 = 'ioc1';
const IOC2 = 'ioc2';
const IOC3 = 'ioc3';
const CLIENT1 = 'client1';
const CLIENT2 = 'client2';

/** One IOC's records: a value, and a counter that changes every 0.1 s. */
const hostDb = (p: string): string => `
record(ao, "${p}:ao") { field(VAL, "${p.length}.5") field(PREC, "2") }
record(calc, "${p}:counter") { field(SCAN, ".1 second") field(INPA, "${p}:counter") field(CALC, "A+1") }
`;

let net: TestNetwork;
const running: NetProcess[] = [];
const clients: PyEpics[] = [];

const ioc = async (host: string, db: string, env: Record<string, string> = {}): Promise<NetProcess> => {
  const p = await startIoc(net, host, db, env);
  running.push(p);
  return p;
};

const pyepics = (host: string, env: Record<string, string> = {}): PyEpics => {
  const p = pyepicsOn(net, host, env);
  clients.push(p);
  return p;
};

/** Polls until `check` holds (no fixed sleeps: the machine may be busy). */
async function until<T>(what: string, probe: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: still not true after ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  net = await TestNetwork.create([IOC1, IOC2, IOC3, CLIENT1, CLIENT2]);
}, 60_000);

afterEach(async () => {
  await net.plugAll();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

afterAll(async () => {
  await net?.destroy();
});

describe('finding PVs across hosts', { timeout: 60_000 }, () => {
  it('broadcast search (EPICS_CA_AUTO_ADDR_LIST) finds the PVs of every host, from libca and devioc alike', async () => {
    await Promise.all([ioc(IOC1, hostDb('H1')), ioc(IOC2, hostDb('H2')), ioc(IOC3, hostDb('H3'))]);

    const got = await runCli(net, CLIENT1, ['get', '-w', '5', 'H1:ao', 'H2:ao', 'H3:ao']);
    expect(got.code, got.out).toBe(0);
    expect(got.out).toMatch(/H1:ao\s+2\.5\b/);
    expect(got.out).toMatch(/H2:ao\s+2\.5\b/);
    expect(got.out).toMatch(/H3:ao\s+2\.5\b/);

    const py = pyepics(CLIENT2);
    for (const [n, host] of [['H1', '198.18.0.1'], ['H2', '198.18.0.2'], ['H3', '198.18.0.3']] as const) {
      const r = await py.call<{ value: number; host: string }>('get', { pv: `${n}:ao`, timeout: 10 });
      expect(r.value).toBe(2.5);
      expect(r.host).toBe(`${host}:5064`);
    }
  });

  it('unicast EPICS_CA_ADDR_LIST reaches only the hosts it names; EPICS_CA_NAME_SERVERS searches over TCP', async () => {
    await Promise.all([ioc(IOC1, hostDb('H1')), ioc(IOC2, hostDb('H2')), ioc(IOC3, hostDb('H3'))]);
    const unicast = { EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_ADDR_LIST: '198.18.0.2' };

    const seen = await runCli(net, CLIENT1, ['get', '-w', '3', 'H2:ao'], unicast);
    expect(seen.code, seen.out).toBe(0);
    const unseen = await runCli(net, CLIENT1, ['get', '-w', '2', 'H1:ao'], unicast);
    expect(unseen.code).not.toBe(0);
    expect(unseen.out).toMatch(/H1:ao.*not found|Channel connect timed out/i);

    const py = pyepics(CLIENT2, unicast);
    expect((await py.call<{ value: number }>('get', { pv: 'H2:ao' })).value).toBe(2.5);
    expect(await py.call('connect', { pv: 'H3:ao', timeout: 2 })).toEqual({ connected: false, host: null });

    // A name server is asked over TCP; no UDP search is needed at all.
    const named = { EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_ADDR_LIST: '', EPICS_CA_NAME_SERVERS: '198.18.0.3:5064' };
    const viaNameServer = await runCli(net, CLIENT1, ['get', '-w', '5', 'H3:ao'], named);
    expect(viaNameServer.code, viaNameServer.out).toBe(0);
    expect(viaNameServer.out).toMatch(/H3:ao\s+2\.5\b/);
    const pyNamed = pyepics(CLIENT2, named);
    expect((await pyNamed.call<{ value: number }>('get', { pv: 'H3:ao', timeout: 10 })).value).toBe(2.5);
  });

  it('two IOCs on one host are both found by broadcast search', async () => {
    await ioc(IOC1, hostDb('FIRST'));
    const second = await ioc(IOC1, hostDb('SECOND'));
    // The second cannot share the TCP port: it serves on an ephemeral one.
    expect(second.output.text).toMatch(/using an ephemeral TCP port/);

    const got = await runCli(net, CLIENT1, ['get', '-w', '5', 'FIRST:ao', 'SECOND:ao']);
    expect(got.code, got.out).toBe(0);
    const py = pyepics(CLIENT2);
    expect((await py.call<{ value: number }>('get', { pv: 'FIRST:ao' })).value).toBe(5.5);
    expect((await py.call<{ value: number }>('get', { pv: 'SECOND:ao' })).value).toBe(6.5);
  });

  it('a PV served by two hosts is reported as libca reports it, and one server is used', async () => {
    await Promise.all([ioc(IOC1, hostDb('DUP')), ioc(IOC2, hostDb('DUP'))]);
    const got = await runCli(net, CLIENT1, ['get', '-w', '5', 'DUP:ao']);
    expect(got.code, got.out).toBe(0);
    expect(got.out).toMatch(/DUP:ao\s+3\.5\b/);
    // The warning comes with the second server's search reply. A get may have read its value and
    // exited before that reply arrives (caget too, on a busy machine), so it is waited for from
    // a client that stays: a monitor, as libca's is below.
    const mon = startCli(net, CLIENT1, ['monitor', 'DUP:ao']);
    running.push(mon);
    await mon.output.wait(/Identical process variable names on multiple servers: Channel: "DUP:ao", Connecting to: 198\.18\.0\.[12]:5064, Ignored: 198\.18\.0\.[12]:5064/);
    await mon.output.wait(/DUP:ao\s.*\s3\.5\b/);

    const py = pyepics(CLIENT2);
    expect((await py.call<{ value: number }>('get', { pv: 'DUP:ao' })).value).toBe(3.5);
    await until('libca reports the duplicate', async () => py.stderrText, (t) => /Identical process variable names on multiple servers/.test(t), 15_000);
    expect(py.stderrText).toMatch(/Channel: "DUP:ao", Connecting to: 198\.18\.0\.[12]:5064, Ignored: 198\.18\.0\.[12]:5064/);
  });
});

describe('beacons', { timeout: 60_000 }, () => {
  it("every IOC's beacons reach the other hosts' repeater port", async () => {
    await Promise.all([ioc(IOC1, hostDb('H1')), ioc(IOC2, hostDb('H2')), ioc(IOC3, hostDb('H3'))]);
    // A listener of our own on client1's repeater port, printing who beaconed.
    const listen = `
      const s = require('node:dgram').createSocket('udp4');
      s.on('message', (m, r) => { if (m.readUInt16BE(0) === 13) console.log('beacon from ' + r.address + ' port ' + m.readUInt16BE(6)); });
      s.bind(5065, () => console.log('listening'));`;
    const child = net.spawn(CLIENT1, process.execPath, ['-e', listen]);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until('beacons from all three IOC hosts', async () => out, (t) => ['1', '2', '3'].every((h) => t.includes(`beacon from 198.18.0.${h} port 5064`)));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('the devioc repeater forwards beacons to libca clients on its host', async () => {
    const repeater = await startRepeater(net, CLIENT2, ['-v']);
    running.push(repeater);
    // A second repeater on the same host leaves, as caRepeater does.
    const second = await runCli(net, CLIENT2, ['repeater']);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/already in use/);

    const py = pyepics(CLIENT2);
    await ioc(IOC1, hostDb('H1'));
    await py.call('get', { pv: 'H1:ao' });
    // libca registered with our repeater, which confirmed it and now forwards the beacons to it.
    await repeater.output.wait(/client 127\.0\.0\.1:\d+ registered/, 20_000);
  });
});

describe('faults on the network', { timeout: 150_000 }, () => {
  it("a host's link taken down and brought back: channels and monitors come back by themselves", async () => {
    await ioc(IOC1, hostDb('H1'));
    running.push(await startRepeater(net, CLIENT2));

    const mon = startCli(net, CLIENT1, ['monitor', 'H1:counter']);
    running.push(mon);
    await mon.output.wait(/H1:counter\s+\S+\s+\S+\s+\d+/);
    const py = pyepics(CLIENT2);
    await py.call('monitor', { id: 'c', pv: 'H1:counter' });
    await py.call('events', { id: 'c', at_least: 2, timeout: 10 });

    await net.unplug(IOC1);
    // Both clients notice within EPICS_CA_CONN_TMO (4 s here) plus an echo period.
    await mon.output.wait(/H1:counter\s.*\*\*\* disconnected/, 30_000);
    const down = await py.call<{ connection: boolean[] }>('events', { id: 'c', until_connection: false, timeout: 30 });
    expect(down.connection).toContain(false);

    const mark = mon.output.text.length;
    await net.plug(IOC1);
    await mon.output.wait(/H1:counter\s+\S+\s+\S+\s+\d+/, 40_000, mark);
    const up = await py.call<{ connected: boolean; events: unknown[] }>('events', { id: 'c', until_connection: true, at_least: 1, timeout: 40 });
    expect(up.connected).toBe(true);
    const after = await py.call<{ events: unknown[] }>('events', { id: 'c', at_least: 3, timeout: 10 });
    expect(after.events.length).toBeGreaterThanOrEqual(3);
  });

  it('an IOC moved to another host keeps its PV names served', async () => {
    const first = await ioc(IOC1, hostDb('MOVER'));
    running.push(await startRepeater(net, CLIENT2));
    const mon = startCli(net, CLIENT1, ['monitor', 'MOVER:counter']);
    running.push(mon);
    await mon.output.wait(/MOVER:counter\s+\S+\s+\S+\s+\d+/);
    const py = pyepics(CLIENT2);
    await py.call('monitor', { id: 'm', pv: 'MOVER:counter' });
    await py.call('events', { id: 'm', at_least: 1, timeout: 10 });

    await first.stop();
    await mon.output.wait(/MOVER:counter\s.*\*\*\* disconnected/, 30_000);
    const mark = mon.output.text.length;
    await ioc(IOC3, hostDb('MOVER'));

    await mon.output.wait(/MOVER:counter\s+\S+\s+\S+\s+\d+/, 40_000, mark);
    await py.call('events', { id: 'm', until_connection: true, at_least: 1, timeout: 40 });
    const where = await py.call<{ host: string }>('get', { pv: 'MOVER:ao' });
    expect(where.host).toBe('198.18.0.3:5064');
    const got = await runCli(net, CLIENT1, ['get', 'MOVER:ao']);
    expect(got.out).toMatch(/MOVER:ao\s+5\.5\b/);
  });

  it('a CA link between IOCs on two hosts alarms while the link is down and recovers after', async () => {
    await ioc(IOC1, hostDb('SRC'));
    await ioc(IOC2, `record(ai, "DST:copy") { field(INP, "SRC:counter CP MS") }`);
    const value = async (): Promise<string> => (await runCli(net, CLIENT1, ['get', '-a', 'DST:copy'])).out;

    await until('the link delivers', value, (t) => /DST:copy\s+\S+\s+\S+\s+[1-9]\d*\s*$/m.test(t));
    await net.unplug(IOC1);
    await until('the link alarm', value, (t) => /INVALID/.test(t), 40_000);
    await net.plug(IOC1);
    const back = await until('the link recovers', value, (t) => /DST:copy\s+\S+\s+\S+\s+\d+\s*$/m.test(t) && !/INVALID/.test(t), 40_000);
    expect(back).not.toMatch(/LINK/);
  });
});

/** A listener on a host's CA server port: when and from whom each search for `name` arrived. */
function searchSniffer(host: string, name: string): { process: NetProcess; searches: () => { t: number; from: string }[] } {
  // CA search requests (command 6) after the VERSION header of each datagram; the name is the payload.
  const script = `const s = require('dgram').createSocket({ type: 'udp4', reuseAddr: true });
s.on('message', (m, r) => { for (let o = 0; o + 16 <= m.length; ) { const cmd = m.readUInt16BE(o), size = m.readUInt16BE(o + 2);
  if (cmd === 6 && m.subarray(o + 16, o + 16 + size).toString('latin1').replace(/\\0[\\s\\S]*$/, '') === ${JSON.stringify(name)}) console.log('search ' + Date.now() + ' ' + r.address);
  o += 16 + size; } });
s.bind(5064, () => console.log('sniffing'));`;
  const p = wrap(net.spawn(host, process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }));
  return {
    process: p,
    searches: () => [...p.output.text.matchAll(/^search (\d+) (\S+)$/gm)].map((m) => ({ t: Number(m[1]), from: m[2]! })),
  };
}

describe('beacon anomalies', { timeout: 240_000 }, () => {
  it('an IOC that appears after clients have long searched for its PV is found at once, not at the next back-off', async () => {
    // Clients on two hosts, each with a repeater (libca and devioc hear beacons through it).
    running.push(await startRepeater(net, CLIENT1), await startRepeater(net, CLIENT2));
    const sniffer = searchSniffer(IOC1, 'LATE:counter');
    running.push(sniffer.process);
    await sniffer.process.output.wait(/sniffing/);
    const mon = startCli(net, CLIENT1, ['monitor', 'LATE:counter'], { DEVIOC_LOG_LEVEL: 'debug' });
    running.push(mon);
    const py = pyepics(CLIENT2);
    await py.call('monitor', { id: 'late', pv: 'LATE:counter' });

    // Both search with exponential back-off (libca's lanes: 32 ms doubling toward 300 s); wait
    // until each has left at least 10 s between two searches: its next one is further off still.
    const client1 = net.host(CLIENT1).address;
    const client2 = net.host(CLIENT2).address;
    const lastGap = (from: string): { gap: number; at: number } => {
      const t = sniffer.searches().filter((s) => s.from === from).map((s) => s.t);
      return { gap: t.length >= 2 ? t.at(-1)! - t.at(-2)! : 0, at: t.at(-1) ?? 0 };
    };
    await until('both clients backed off to 10 s between searches', async () => [lastGap(client1), lastGap(client2)], (g) => g.every((x) => x.gap >= 10_000), 180_000);
    const backedOff = { devioc: lastGap(client1), libca: lastGap(client2) };
    await sniffer.process.stop();

    // The IOC appears: its first beacons are an anomaly to both clients, which search at once.
    const mark = mon.output.text.length;
    await ioc(IOC1, hostDb('LATE'));
    const serving = Date.now();
    const [deviocAfter, [libcaAfter, up]] = await Promise.all([
      mon.output.wait(/LATE:counter\s+\S+\s+\S+\s+\d+/, 30_000, mark).then(() => Date.now() - serving),
      py.call<{ connected: boolean }>('events', { id: 'late', until_connection: true, at_least: 1, timeout: 30 }).then((r) => [Date.now() - serving, r] as const),
    ]);
    expect(up.connected).toBe(true);
    expect(mon.output.text.slice(mark)).toMatch(/beacon anomaly from 198\.18\.0\.1:5064: searching unresolved channels now/);
    // Found before the back-off would have searched again: its lanes double, so the next search
    // was due twice the last gap after the last search. libca's anomaly lane fires within its
    // period (about 8 s with a 32 ms round trip), devioc's at once.
    const due = (b: { gap: number; at: number }): number => b.at + 2 * b.gap - serving;
    const note =
      `devioc found it ${deviocAfter} ms after the IOC served (searches ${backedOff.devioc.gap} ms apart, next due at ${due(backedOff.devioc)} ms), ` +
      `libca ${libcaAfter} ms (searches ${backedOff.libca.gap} ms apart, next due at ${due(backedOff.libca)} ms)`;
    console.log(note);
    expect(deviocAfter, note).toBeLessThan(Math.min(4000, due(backedOff.devioc)));
    expect(libcaAfter, note).toBeLessThan(Math.min(12_000, due(backedOff.libca)));
  });
});

describe('pvAccess across hosts', { timeout: 150_000 }, () => {
  it('broadcast search (EPICS_PVA_AUTO_ADDR_LIST) finds the PVs of every host', async () => {
    await Promise.all([ioc(IOC1, hostDb('P1')), ioc(IOC2, hostDb('P2')), ioc(IOC3, hostDb('P3'))]);
    const got = await runCli(net, CLIENT1, ['pvget', '-w', '5', 'P1:ao', 'P2:ao', 'P3:ao']);
    expect(got.code, got.out).toBe(0);
    for (const n of ['P1', 'P2', 'P3']) expect(got.out).toMatch(new RegExp(`${n}:ao\\n    value double = 2\\.5\\n`));
    const info = await runCli(net, CLIENT2, ['pvinfo', 'P2:ao']);
    expect(info.out).toMatch(/^P2:ao from 198\.18\.0\.2:\d+\n/);
  });

  it("a host's link taken down and brought back: a pvAccess monitor comes back by itself", async () => {
    await ioc(IOC1, hostDb('PH1'));
    const mon = startCli(net, CLIENT1, ['pvmonitor', 'PH1:counter']);
    running.push(mon);
    await mon.output.wait(/PH1:counter Connected to 198\.18\.0\.1:\d+/);
    await mon.output.wait(/value double = \d+/);
    await net.unplug(IOC1);
    // The heartbeat (EPICS_PVA_CONN_TMO, 4 s here) notices the silent server.
    await mon.output.wait(/PH1:counter Disconnected/, 30_000);
    const mark = mon.output.text.length;
    await net.plug(IOC1);
    await mon.output.wait(/PH1:counter Connected to 198\.18\.0\.1:\d+/, 40_000, mark);
    // Counting again: two successive values after the reconnection.
    await mon.output.wait(/value double = \d+[\s\S]*value double = \d+/, 20_000, mark);
  });

  it('an IOC moved to another host: the monitor finds it there', async () => {
    const first = await ioc(IOC1, hostDb('PMOVE'));
    const mon = startCli(net, CLIENT2, ['pvmonitor', 'PMOVE:counter']);
    running.push(mon);
    await mon.output.wait(/PMOVE:counter Connected to 198\.18\.0\.1:\d+/);
    await first.stop();
    await mon.output.wait(/PMOVE:counter Disconnected/, 30_000);
    const mark = mon.output.text.length;
    await ioc(IOC3, hostDb('PMOVE'));
    await mon.output.wait(/PMOVE:counter Connected to 198\.18\.0\.3:\d+/, 40_000, mark);
    await mon.output.wait(/value double = \d+/, 20_000, mark);
  });
});
