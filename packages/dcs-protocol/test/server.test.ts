import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DcssServerEvent, DhsDefinition, ServerMessage } from '../src/index.js';
import { DcssServer, DhsClient, encodeDcs1, encodeDcs2, OperationError } from '../src/index.js';
import { RawPeer, waitFor } from './helpers.js';

const robot: DhsDefinition = {
  name: 'robot',
  operations: ['get_robotstate', 'mount_crystal'],
  strings: ['robot_status', 'robot_attribute'],
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(options: Partial<ConstructorParameters<typeof DcssServer>[0]> = {}) {
  const server = new DcssServer({ dhs: robot, port: 0, host: '127.0.0.1', ...options });
  const events: DcssServerEvent[] = [];
  server.events$.subscribe((e) => events.push(e));
  await server.listen();
  cleanups.push(() => server.close());
  return { server, events };
}

function peer(port: number, afterHandshake: 'dcs1' | 'dcs2' = 'dcs2'): RawPeer {
  const p = new RawPeer(port, afterHandshake);
  cleanups.push(() => p.destroy());
  return p;
}

async function handshake(port: number, name = 'robot', afterHandshake: 'dcs1' | 'dcs2' = 'dcs2'): Promise<RawPeer> {
  const p = peer(port, afterHandshake);
  await p.waitForTexts(1);
  p.write(encodeDcs1(`htos_client_is_hardware ${name}`));
  return p;
}

describe('DcssServer handshake', () => {
  it('sends a 200-byte stoc_send_client_type, then the registrations in canonical DCS2', async () => {
    const { server } = await startServer();
    const p = await handshake(server.port);
    await p.waitForTexts(5);
    expect(p.bytes.subarray(0, 200)).toEqual(encodeDcs1('stoc_send_client_type'));
    expect(p.bytes.subarray(200)).toEqual(
      Buffer.concat(
        [
          'stoh_register_operation get_robotstate get_robotstate',
          'stoh_register_operation mount_crystal mount_crystal',
          'stoh_register_string robot_status robot_status',
          'stoh_register_string robot_attribute robot_attribute',
        ].map((t) => encodeDcs2(t)),
      ),
    );
    expect(server.dhs('robot').state).toMatchObject({ status: 'online', remoteAddress: expect.stringContaining('127.0.0.1') });
  });

  it('closes a DHS with an unknown name', async () => {
    const { server, events } = await startServer();
    const p = await handshake(server.port, 'camera');
    await p.closed;
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', reason: 'unknown-dhs', dhsName: 'camera' }));
    expect(server.dhs('robot').online).toBe(false);
  });

  it('closes a peer that stays silent past 1 s', async () => {
    const { server, events } = await startServer();
    const p = peer(server.port);
    const lifetime = await p.closed;
    expect(lifetime).toBeGreaterThanOrEqual(900);
    expect(lifetime).toBeLessThan(2500);
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', reason: 'timeout' }));
  });

  it('refuses a second connection with the same name and keeps the first', async () => {
    const { server, events } = await startServer({ rejectDelays: { duplicateMs: 100 } });
    const first = await handshake(server.port);
    await first.waitForTexts(5);
    const second = await handshake(server.port);
    const lifetime = await second.closed;
    expect(lifetime).toBeGreaterThanOrEqual(100);
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', reason: 'already-connected' }));
    expect(server.dhs('robot').online).toBe(true);
    expect(first.socket.destroyed).toBe(false);
  });

  it('checks the peer host when one is configured', async () => {
    const { server, events } = await startServer({ dhs: { ...robot, host: '10.9.9.9' }, rejectDelays: { wrongHostMs: 50 } });
    const p = await handshake(server.port);
    await p.closed;
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', reason: 'wrong-host' }));
  });

  it('closes a peer whose reply is not htos_client_is_hardware', async () => {
    const { server, events } = await startServer();
    const p = peer(server.port);
    await p.waitForTexts(1);
    p.write(encodeDcs1('gtos_client_is_gui user'));
    await p.closed;
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', reason: 'bad-reply' }));
  });
});

describe('DcssServer with bad input', () => {
  const cases: [string, Buffer, RegExp][] = [
    ['a header that does not parse', Buffer.from('GARBAGE GARBAGE GARBAGE GARBAGE'), /does not parse/],
    ['a length beyond the maximum', Buffer.from('  9999999999            0 '), /exceeds the maximum/],
    ['a peer that closes mid-message', encodeDcs2('htos_note this message is cut').subarray(0, 35), /middle of a message/],
  ];
  for (const [name, bytes, reason] of cases) {
    it(`${name}: closes, logs, goes offline, keeps listening`, async () => {
      const logged: string[] = [];
      const log = (msg: string) => logged.push(msg);
      const { server } = await startServer({ logger: { debug: () => {}, info: () => {}, warn: log, error: log } });
      const link = server.dhs('robot');
      const p = await handshake(server.port);
      await p.waitForTexts(5);
      const offline = waitFor(link.state$, (s) => s.status === 'offline' && reason.test(s.reason ?? ''));
      p.write(bytes);
      if (name.includes('closes')) p.socket.end();
      await offline;
      await p.closed;
      expect(logged.some((line) => reason.test(line))).toBe(true);
      // The listener is still there and a well-behaved DHS gets in.
      const again = await handshake(server.port);
      await again.waitForTexts(5);
      expect(link.online).toBe(true);
    });
  }

  it('logs and ignores unrecognized commands but keeps the connection', async () => {
    const { server } = await startServer();
    const link = server.dhs('robot');
    const unknown = waitFor(link.unrecognized$, () => true);
    const note = waitFor(link.messages$, (m) => m.type === 'htos_note');
    const p = await handshake(server.port);
    await p.waitForTexts(5);
    p.write(Buffer.concat([encodeDcs2('htos_frobnicate 1'), encodeDcs2('htos_note still here')]));
    expect(await unknown).toMatchObject({ command: 'htos_frobnicate' });
    expect(await note).toEqual({ type: 'htos_note', text: 'still here' });
    expect(link.online).toBe(true);
  });
});

describe('DcssServer framing levels', () => {
  it('talks 200-byte messages to a level-1 DHS', async () => {
    const { server } = await startServer({ dhs: { ...robot, framing: 'dcs1' } });
    const p = await handshake(server.port, 'robot', 'dcs1');
    const texts = await p.waitForTexts(5);
    expect(texts[4]).toBe('stoh_register_string robot_attribute robot_attribute');
    expect(p.bytes.length).toBe(200 * 5);
  });

  it('auto-detects the DHS framing and answers in it', async () => {
    const { server } = await startServer({ dhs: { name: 'robot', framing: 'auto' } });
    const link = server.dhs('robot');
    const p = await handshake(server.port, 'robot', 'dcs1');
    await waitFor(link.state$, (s) => s.status === 'online');
    const note = waitFor(link.messages$, (m) => m.type === 'htos_note');
    p.write(encodeDcs1('htos_note level one'));
    expect(await note).toMatchObject({ text: 'level one' });
    const before = p.bytes.length;
    link.send({ type: 'stoh_abort_all', mode: 'soft' });
    expect((await p.waitForTexts(2))[1]).toBe('stoh_abort_all soft');
    expect(p.bytes.length - before).toBe(200);
  });
});

describe('DhsClient against DcssServer', () => {
  function client(port: number, extra: Partial<ConstructorParameters<typeof DhsClient>[0]> = {}) {
    const c = new DhsClient({ host: '127.0.0.1', port, name: 'robot', retryDelayMs: 50, ...extra });
    cleanups.push(() => c.stop());
    return c;
  }

  it('handshakes, gets the registrations, runs operations, answers configuration', async () => {
    const { server } = await startServer({ dhs: { ...robot, configuration: (d) => (d === 'robot_attribute' ? '0 1 0' : undefined) } });
    const link = server.dhs('robot');
    const c = client(server.port);
    const received: ServerMessage[] = [];
    c.messages$.subscribe((m) => {
      received.push(m);
      if (m.type === 'stoh_start_operation') {
        c.send({ type: 'htos_operation_update', operation: m.operation, handle: m.handle, text: 'working' });
        c.send({ type: 'htos_operation_completed', operation: m.operation, handle: m.handle, status: m.args[0] ?? 'normal', returns: 'done' });
      }
    });
    c.start();
    await waitFor(link.state$, (s) => s.status === 'online');
    await waitFor(c.state$, (s) => s.status === 'connected');
    expect(await link.run('get_robotstate', [])).toBe('done');
    await expect(link.run('mount_crystal', ['FAILED:'])).rejects.toMatchObject({ kind: 'failed', text: 'FAILED: done' });
    const configured = waitFor(c.messages$, (m) => m.type === 'stoh_configure_string');
    c.send({ type: 'htos_send_configuration', device: 'robot_attribute' });
    expect(await configured).toEqual({ type: 'stoh_configure_string', name: 'robot_attribute', owner: 'robot', contents: '0 1 0' });
    expect(received.slice(0, 4).map((m) => m.type)).toEqual([
      'stoh_register_operation',
      'stoh_register_operation',
      'stoh_register_string',
      'stoh_register_string',
    ]);
  });

  it('fails running operations on disconnect and reconnects', async () => {
    const { server } = await startServer();
    const link = server.dhs('robot');
    const c = client(server.port);
    c.start();
    await waitFor(link.state$, (s) => s.status === 'online');
    const pending = link.run('mount_crystal', ['l', '1', 'A']);
    link.disconnect('test');
    await expect(pending).rejects.toBeInstanceOf(OperationError);
    await expect(pending).rejects.toMatchObject({ kind: 'disconnected' });
    await waitFor(link.state$, (s) => s.status === 'offline');
    await waitFor(link.state$, (s) => s.status === 'online');
    await expect(link.run('x', [], { timeoutMs: 50 })).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('retries every retryDelayMs until the server appears', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const c = client(port);
    c.start();
    await waitFor(c.state$, (s) => s.status === 'waiting');
    const { server } = await startServer({ port });
    await waitFor(server.dhs('robot').state$, (s) => s.status === 'online');
  });

  it('refuses a server whose greeting is not exactly stoc_send_client_type', async () => {
    const fake: Server = createServer((socket) => {
      socket.on('error', () => {});
      socket.write(encodeDcs1('stoc_send_client_type 7'));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => fake.close(() => r())));
    const c = client((fake.address() as { port: number }).port, { retryDelayMs: 10_000 });
    c.start();
    const waiting = await waitFor(c.state$, (s) => s.status === 'waiting');
    expect(waiting).toMatchObject({ reason: expect.stringMatching(/bad handshake/) });
    fake.close();
  });
});
