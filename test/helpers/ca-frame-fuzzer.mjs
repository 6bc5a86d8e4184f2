// Random and mutated Channel Access frames over live sockets, as a process of its own (the CI slice
// in test/ca-abuse.test.ts and the 10^6-frame run in bench/load.mjs). Frames are built by hand from
// the wire format (nothing of devioc's encoders), from a seeded generator, so a run is repeatable:
// well-formed requests of every kind (including extended headers with huge element counts), then
// bit flips, truncations, random header fields and junk. Each connection sends a batch in random
// chunks and then vanishes, closes politely, or lingers; several connections run at once.
//
// Usage: node ca-frame-fuzzer.mjs PORT FRAMES SEED CONCURRENCY NAME...
// Prints one JSON line at the end: frames, datagrams, connections, bytes, closedByServer.
import dgram from 'node:dgram';
import net from 'node:net';

const [port, totalFrames, seed, concurrency] = process.argv.slice(2, 6).map(Number);
const names = process.argv.slice(6);

// mulberry32: small, fast, seedable.
let state = seed >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];

const padded = (text) => {
  const raw = Buffer.from(`${text}\0`, 'latin1');
  return Buffer.concat([raw, Buffer.alloc((8 - (raw.length % 8)) % 8)]);
};

/** A standard header, or an extended one (0xffff markers) when size or count do not fit. */
function header(cmd, size, dtype, count, p1, p2) {
  if (size < 0xffff && count < 0xffff) {
    const b = Buffer.alloc(16);
    b.writeUInt16BE(cmd, 0);
    b.writeUInt16BE(size, 2);
    b.writeUInt16BE(dtype, 4);
    b.writeUInt16BE(count, 6);
    b.writeUInt32BE(p1 >>> 0, 8);
    b.writeUInt32BE(p2 >>> 0, 12);
    return b;
  }
  const b = Buffer.alloc(24);
  b.writeUInt16BE(cmd, 0);
  b.writeUInt16BE(0xffff, 2);
  b.writeUInt16BE(dtype, 4);
  b.writeUInt16BE(0, 6);
  b.writeUInt32BE(p1 >>> 0, 8);
  b.writeUInt32BE(p2 >>> 0, 12);
  b.writeUInt32BE(size >>> 0, 16);
  b.writeUInt32BE(count >>> 0, 20);
  return b;
}

const msg = (cmd, dtype, count, p1, p2, payload = Buffer.alloc(0)) => Buffer.concat([header(cmd, payload.length, dtype, count, p1, p2), payload]);

const HUGE_COUNTS = [0, 1, 2, 0xffff, 0x10000, 0x7fffffff, 0x20000000, 0xffffffff];
const count = () => (rand() < 0.7 ? int(4) : pick(HUGE_COUNTS));
// Server ids learnt from CREATE_CHAN replies on the current connection, so that requests reach
// real channels (a huge-count subscription on a channel that then posts, say).
let learnt = [];
const sid = () => (learnt.length > 0 && rand() < 0.7 ? pick(learnt) : rand() < 0.8 ? int(64) : int(2 ** 32));
const dbr = () => (rand() < 0.9 ? int(39) : int(0x10000));

/** Well-formed (or nearly) requests of every kind a client sends. */
const valid = [
  () => msg(0, 0, 13, 0, 0),
  () => msg(21, 0, 0, 0, 0, padded('fuzz-host')),
  () => msg(20, 0, 0, 0, 0, padded('fuzz-user')),
  () => msg(18, 0, 0, int(100), 13, padded(rand() < 0.9 ? pick(names) : `NO:${int(1e6)}`)),
  () => msg(15, dbr(), count(), sid(), int(1000)), // READ_NOTIFY
  () => {
    // EVENT_ADD, sometimes with an extended header and a huge count.
    const body = Buffer.alloc(16);
    body.writeUInt16BE(pick([1, 4, 5, 7, 8, 0]), 12);
    const c = count();
    return Buffer.concat([header(1, 16, dbr(), c, sid(), int(1000)), body]);
  },
  () => msg(2, dbr(), 1, sid(), int(1000)), // EVENT_CANCEL
  () => msg(4, 6, 1, sid(), int(1000), Buffer.from([0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18])), // WRITE 3.14159
  () => msg(19, 0, 1, sid(), int(1000), padded(String(int(1000)))), // WRITE_NOTIFY string
  () => msg(19, dbr(), count(), sid(), int(1000), Buffer.alloc(int(64))),
  () => msg(8, 0, 0, 0, 0), // EVENTS_OFF
  () => msg(9, 0, 0, 0, 0), // EVENTS_ON
  () => msg(23, 0, 0, 0, 0), // ECHO
  () => msg(12, 0, 0, sid(), int(100)), // CLEAR_CHANNEL
  () => msg(6, 5, 13, int(1000), int(1000), padded(pick(names))), // SEARCH over TCP
];

function mutated() {
  const base = pick(valid)();
  switch (int(5)) {
    case 0: {
      for (let i = int(6); i >= 0; i--) base[int(base.length)] = int(256);
      return base;
    }
    case 1:
      return base.subarray(0, int(base.length + 1));
    case 2: {
      const junk = Buffer.alloc(int(200));
      for (let i = 0; i < junk.length; i++) junk[i] = int(256);
      return junk;
    }
    case 3: {
      const h = Buffer.alloc(16 + int(64));
      for (let i = 0; i < h.length; i++) h[i] = int(256);
      h.writeUInt16BE(int(40), 0);
      h.writeUInt16BE(pick([0, 8, 16, 0xffff, int(0x10000)]), 2);
      return h;
    }
    default:
      return base;
  }
}

const frame = () => (rand() < 0.5 ? pick(valid)() : mutated());

const stats = { frames: 0, datagrams: 0, connections: 0, bytes: 0, closedByServer: 0, refused: 0 };
let remaining = totalFrames;

function connection() {
  return new Promise((resolve) => {
    const batch = Math.min(remaining, 20 + int(400));
    remaining -= batch;
    const frames = [];
    // A session usually starts as a client would, so that later frames reach channel code.
    if (rand() < 0.8) {
      frames.push(valid[0](), valid[1](), valid[2]());
      for (let i = 0; i < 4; i++) frames.push(valid[3]());
    }
    const opening = Buffer.concat(frames);
    stats.frames += batch;
    stats.connections++;
    const sids = [];
    let pending = Buffer.alloc(0);
    let sent = false;
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      resolve();
    };
    // The batch is built once the server has answered the opening (or after 150 ms), with the
    // channel ids it gave.
    const sendBatch = () => {
      if (sent || ended) return;
      sent = true;
      learnt = sids;
      const body = [];
      for (let i = 0; i < batch; i++) body.push(frame());
      learnt = [];
      const data = Buffer.concat(body);
      stats.bytes += opening.length + data.length;
      let at = 0;
      while (at < data.length) {
        const n = 1 + int(4096);
        socket.write(data.subarray(at, at + n));
        at += n;
      }
      const how = int(3);
      if (how === 0) socket.destroy();
      else if (how === 1) socket.end();
      // else linger until the timer ends it
    };
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(opening);
      setTimeout(sendBatch, 150);
    });
    socket.on('data', (d) => {
      if (sent) return;
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 16) {
        const size = pending.readUInt16BE(2);
        if (size === 0xffff || pending.length < 16 + size) break;
        if (pending.readUInt16BE(0) === 18) sids.push(pending.readUInt32BE(12));
        pending = pending.subarray(16 + size);
      }
      if (sids.length >= 4) sendBatch();
    });
    socket.on('error', (err) => {
      if (err.code === 'ECONNREFUSED') stats.refused++;
      finish();
    });
    socket.on('end', () => stats.closedByServer++);
    socket.on('close', finish);
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, 400 + int(800));
  });
}

async function datagrams(n) {
  const sock = dgram.createSocket('udp4');
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  for (let i = 0; i < n; i++) {
    const d = rand() < 0.5 ? Buffer.concat([valid[0](), valid[14]()]) : mutated();
    await new Promise((r) => sock.send(d, port, '127.0.0.1', r));
    stats.datagrams++;
  }
  sock.close();
}

const workers = Array.from({ length: concurrency }, async () => {
  while (remaining > 0) await connection();
});
await Promise.all([...workers, datagrams(Math.ceil(totalFrames / 100))]);
process.stdout.write(`${JSON.stringify(stats)}\n`);
