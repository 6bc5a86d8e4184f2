/**
 * Access security served over CA: the rights of each user and host for each record match what
 * EPICS softIoc grants for the same .acf (fixtures/access, captured from softIoc 7.0.8.1);
 * a CALC rule flips a connected client's write access live; the server refuses writes without
 * the right with ECA_NOWTACCESS over WRITE and WRITE_NOTIFY (a raw CA client naming itself);
 * TRAPWRITE lines; a reload (asInit); asCheckClientIP; pyepics (libca) run as a second Unix user.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@devioc/core';
import { instantiateDb, loadDbFile } from '@devioc/core/records';
import { testClient, waitFor } from './helpers/ca-client.js';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';
import { rightsMatrix } from './helpers/access-rights.js';

const FIX = (name: string): string => fileURLToPath(new URL(`../fixtures/access/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'devioc-as-'));
chmodSync(dir, 0o755);
const putLog = join(dir, 'put.log');

let port: number;
let runtime: Runtime;

beforeAll(async () => {
  port = await freePort();
  runtime = new Runtime({ port, acf: FIX('rights.acf'), putLogFile: putLog, checkClientIP: false });
  instantiateDb(runtime.db, loadDbFile(FIX('rights.db')));
  await runtime.attach(runtime);
});
afterAll(async () => {
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rights as EPICS grants them', () => {
  it('matches softIoc for every user, host, group and level of the fixture', async () => {
    expect(await rightsMatrix(port)).toBe(readFileSync(FIX('softioc-rights.txt'), 'utf8'));
  });
});

describe('live changes', () => {
  it('a CALC rule flips write access on a connected channel, without reconnecting', async () => {
    const c = testClient(port, { userName: 'alice', hostName: 'h1' });
    try {
      const ch = c.channel('T:live');
      await ch.whenConnected(5);
      const server = ch.info.server;
      expect(ch.writeAccess).toBe(false);
      await c.put('T:enable', 1, { wait: true });
      await waitFor(() => ch.writeAccess, 5000, 'write access granted');
      await c.put('T:live', 5, { wait: true });
      expect((await c.get('T:live')).value).toBe(5);
      await c.put('T:enable', 0, { wait: true });
      await waitFor(() => !ch.writeAccess, 5000, 'write access withdrawn');
      expect(ch.readAccess).toBe(true);
      expect(ch.info.server).toBe(server);
    } finally {
      await c.close();
    }
  });

  it('writing a record\'s ASG moves it to another group at once', async () => {
    const c = testClient(port, { userName: 'alice', hostName: 'h1' });
    try {
      const ch = c.channel('T:nogroup');
      await ch.whenConnected(5);
      expect(ch.writeAccess).toBe(true);
      await c.put('T:nogroup.ASG', 'RO', { wait: true });
      await waitFor(() => !ch.writeAccess, 5000, 'ASG change applied');
      runtime.db.get('T:nogroup')!.set('ASG', 'MISSING');
    } finally {
      await c.close();
    }
  });

  it('a reload (asInit) pushes the new rights to connected clients', async () => {
    const c = testClient(port, { userName: 'carol', hostName: 'h1' });
    try {
      const ch = c.channel('T:ro');
      await ch.whenConnected(5);
      expect(ch.writeAccess).toBe(false);
      const other = join(dir, 'open.acf');
      writeFileSync(other, 'ASG(RO) {\n  RULE(1, WRITE)\n}\n');
      await runtime.loadAccessSecurity(other);
      await waitFor(() => ch.writeAccess, 5000, 'rights after reload');
      await runtime.loadAccessSecurity(FIX('rights.acf'));
      await waitFor(() => !ch.writeAccess, 5000, 'rights after second reload');
    } finally {
      await c.close();
    }
  });

  it('a malformed file is refused with file:line and the rules in force stay', async () => {
    const bad = join(dir, 'bad.acf');
    writeFileSync(bad, 'UAG(ops) {alice}\nASG(X) {\n  RULE(1, WRITE) { UAG(nobody) }\n}\n');
    await expect(runtime.loadAccessSecurity(bad)).rejects.toThrow(`${bad}:3: No User Access Group named 'nobody' defined`);
    expect(runtime.db.security.current?.groups.has('LIVE')).toBe(true);
  });
});

/** A minimal CA client on a raw socket, to send what libca-based clients refuse to send. */
class RawCa {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async connect(serverPort: number): Promise<RawCa> {
    const sock = net.connect(serverPort, '127.0.0.1');
    await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
    return new RawCa(sock);
  }

  send(cmd: number, payload: Buffer, dtype = 0, count = 0, p1 = 0, p2 = 0): void {
    const padded = Buffer.alloc(Math.ceil(payload.length / 8) * 8);
    payload.copy(padded);
    const h = Buffer.alloc(16);
    h.writeUInt16BE(cmd, 0);
    h.writeUInt16BE(padded.length, 2);
    h.writeUInt16BE(dtype, 4);
    h.writeUInt16BE(count, 6);
    h.writeUInt32BE(p1, 8);
    h.writeUInt32BE(p2, 12);
    this.sock.write(Buffer.concat([h, padded]));
  }

  /** Waits for the next message with this command; returns its header fields and payload. */
  async expect(cmd: number, ms = 5000): Promise<{ dtype: number; count: number; p1: number; p2: number; payload: Buffer }> {
    const end = Date.now() + ms;
    for (;;) {
      while (this.buf.length >= 16) {
        const size = this.buf.readUInt16BE(2);
        if (this.buf.length < 16 + size) break;
        const m = { cmd: this.buf.readUInt16BE(0), dtype: this.buf.readUInt16BE(4), count: this.buf.readUInt16BE(6), p1: this.buf.readUInt32BE(8), p2: this.buf.readUInt32BE(12), payload: this.buf.subarray(16, 16 + size) };
        this.buf = this.buf.subarray(16 + size);
        if (m.cmd === cmd) return m;
      }
      if (Date.now() > end) throw new Error(`no message ${cmd}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  close(): void {
    this.sock.destroy();
  }
}

const CMD = { VERSION: 0, WRITE: 4, ERROR: 11, CREATE_CHAN: 18, WRITE_NOTIFY: 19, CLIENT_NAME: 20, HOST_NAME: 21, ACCESS_RIGHTS: 22 };
const ECA_NOWTACCESS = 376; // libca: ECA_NOWTACCESS ("Write access denied")
const cstr = (s: string): Buffer => Buffer.from(`${s}\0`);
const double = (v: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b;
};

describe('the server enforces the rights (raw CA client naming itself)', () => {
  it('refuses WRITE and WRITE_NOTIFY without write access with ECA_NOWTACCESS, and logs TRAPWRITE writes', async () => {
    const raw = await RawCa.connect(runtime.tcpPort);
    try {
      raw.send(CMD.VERSION, Buffer.alloc(0), 0, 13);
      raw.send(CMD.CLIENT_NAME, cstr('carol'));
      raw.send(CMD.HOST_NAME, cstr('h1'));
      raw.send(CMD.CREATE_CHAN, cstr('T:def'), 0, 0, 7, 13);
      const rights = await raw.expect(CMD.ACCESS_RIGHTS);
      expect(rights.p1).toBe(7);
      expect(rights.p2).toBe(1); // read only
      const created = await raw.expect(CMD.CREATE_CHAN);
      const sid = created.p2;
      raw.send(CMD.WRITE_NOTIFY, double(42), 6, 1, sid, 99);
      const reply = await raw.expect(CMD.WRITE_NOTIFY);
      expect([reply.p1, reply.p2]).toEqual([ECA_NOWTACCESS, 99]);
      raw.send(CMD.WRITE, double(43), 6, 1, sid, 100);
      const error = await raw.expect(CMD.ERROR);
      expect(error.p2).toBe(ECA_NOWTACCESS);
      expect(runtime.db.get('T:def')!.num('VAL')).not.toBe(42);
    } finally {
      raw.close();
    }
    const c = testClient(port, { userName: 'bob', hostName: 'Ops-Host' });
    try {
      await c.put('T:def', 7.5, { wait: true });
    } finally {
      await c.close();
    }
    const lines = readFileSync(putLog, 'utf8').trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d ops-host bob T:def new=7\.5 old=\S+$/);
  });
});

describe('asCheckClientIP', () => {
  it('identifies hosts by address and ignores HOST_NAME', async () => {
    const acf = 'HAG(local) {127.0.0.1}\nHAG(claimed) {10.1.2.3}\nASG(DEFAULT) {\n  RULE(1, READ)\n  RULE(1, WRITE) { HAG(local) }\n}\nASG(CLAIMED) {\n  RULE(1, READ)\n  RULE(1, WRITE) { HAG(claimed) }\n}\n';
    const rights = async (checkClientIP: boolean): Promise<boolean[]> => {
      const ipPort = await freePort();
      const rt = new Runtime({ port: ipPort, checkClientIP, acf: { text: acf } });
      const x = rt.db.create('ao', 'IP:x');
      const y = rt.db.create('ao', 'IP:y');
      y.configure('ASG', 'CLAIMED');
      rt.db.initialise([x, y]);
      await rt.attach(rt);
      const c = testClient(ipPort, { userName: 'x', hostName: '10.1.2.3' });
      try {
        const out: boolean[] = [];
        for (const pv of ['IP:x', 'IP:y']) {
          const ch = c.channel(pv);
          await ch.whenConnected(5);
          out.push(ch.writeAccess);
        }
        return out;
      } finally {
        await c.close();
        await rt.close();
      }
    };
    expect(await rights(true)).toEqual([true, false]);
    expect(await rights(false)).toEqual([false, true]);
  });
});

/** A second Unix user for libca clients (CI runs as root and creates it). */
const OTHER_USER = 'deviocas';
function ensureUser(): void {
  try {
    execFileSync('id', ['-u', OTHER_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OTHER_USER], { stdio: 'inherit' });
  }
}

describe('pyepics (libca) as another Unix user', () => {
  it('that user gets the rights of its UAG; root gets the others', async () => {
    ensureUser();
    const acf = join(dir, 'users.acf');
    writeFileSync(acf, `UAG(writers) {${OTHER_USER}}\nASG(DEFAULT) {\n  RULE(1, READ)\n  RULE(1, WRITE, TRAPWRITE) { UAG(writers) }\n}\nASG(SECRET) {\n  RULE(1, READ) { UAG(writers) }\n}\n`);
    await runtime.loadAccessSecurity(acf);
    const other = new PyEpics({ serverPort: port, extra: { HOME: '/tmp', USER: OTHER_USER, LOGNAME: OTHER_USER } }, ['runuser', '-u', OTHER_USER, '--']);
    const self = new PyEpics({ serverPort: port });
    try {
      runtime.db.get('T:ro')!.set('ASG', 'SECRET');
      const mine = await other.call<{ write_access: boolean; read_access: boolean }>('info', { pv: 'T:def' });
      expect([mine.read_access, mine.write_access]).toEqual([true, true]);
      const put = await other.call<{ status: number }>('put', { pv: 'T:def', value: 3.25, wait: true });
      expect(put.status).toBe(1);
      const theirs = await self.call<{ write_access: boolean; read_access: boolean }>('info', { pv: 'T:def' });
      expect([theirs.read_access, theirs.write_access]).toEqual([true, false]);
      const hidden = await self.call<{ connected: boolean; read_access?: boolean }>('exec', {
        code: "pv = epics.PV('T:ro', auto_monitor=False); pv.wait_for_connection(5); result = [bool(ca.read_access(pv.chid)), bool(ca.write_access(pv.chid))]",
      });
      expect((hidden as unknown as { result: boolean[] }).result).toEqual([false, false]);
      const lines = readFileSync(putLog, 'utf8').trim().split('\n');
      expect(lines.at(-1)).toMatch(new RegExp(` ${OTHER_USER} T:def new=3\\.25 old=`));
    } finally {
      runtime.db.get('T:ro')!.set('ASG', 'RO');
      await other.close();
      await self.close();
      await runtime.loadAccessSecurity(FIX('rights.acf'));
    }
  });
});
