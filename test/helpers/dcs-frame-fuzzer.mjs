// Random and mutated DCS frames against a DCS server (UncleSAM's port for the RobotDHS), over live
// sockets, as a process of its own (the CI slice in test/unclesam-dcs-fuzz.test.ts and the
// 10^6-frame run in bench/unclesam-dcs-fuzz.mjs). Frames are built by hand from the wire format
// (the DCS1 200-byte handshake, then DCS2: a 26-byte header of two decimal lengths, the text and
// its NUL, a binary part), nothing of devioc's encoders, from a seeded generator so a run is
// repeatable. Each connection answers the handshake well, badly or not at all, sends a batch of
// well-formed robot messages, bit flips, truncations, lying or absurd header lengths and junk in
// random chunks, then vanishes, closes politely, or lingers.
//
// Usage: node dcs-frame-fuzzer.mjs PORT FRAMES SEED CONCURRENCY DHSNAME
// Prints one JSON line at the end: frames, connections, bytes, handshakes, closedByServer.
import net from 'node:net';

const [port, totalFrames, seed, concurrency] = process.argv.slice(2, 6).map(Number);
const dhsName = process.argv[6] ?? 'robot';

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

/** A DCS1 message: the text, NUL-padded to exactly 200 bytes. */
const dcs1 = (text) => {
  const b = Buffer.alloc(200);
  b.write(text.slice(0, 199), 'latin1');
  return b;
};

/** A DCS2 header as DCSS writes it: 12-digit text length, space, 12-digit binary length, space. */
const header = (textLength, binaryLength) => Buffer.from(`${String(textLength).padStart(12)} ${String(binaryLength).padStart(12)} `, 'latin1');
const dcs2 = (text, binary = Buffer.alloc(0)) => {
  const t = Buffer.from(`${text}\0`, 'latin1');
  return Buffer.concat([header(t.length, binary.length), t, binary]);
};

const OPERATIONS = ['get_robotstate', 'prepare_mount_crystal', 'mount_crystal', 'prepare_dismount_crystal', 'dismount_crystal', 'robot_config', 'robot_calibrate', 'robot_standby', 'nonsense_op'];
const STRINGS = ['robot_status', 'robot_state', 'robot_cassette', 'robot_sample', 'robot_input', 'robot_output', 'robot_attribute', 'unknown_string'];
const word = () => pick(['normal', 'error', 'OK', '{', '}', '{{', '"', '\\', '$x', '[exec rm]', 'lA1', 'mZ99', '-1', '1e309', 'NaN', '0x10', '', 'x'.repeat(int(300))]);
const words = (n) => Array.from({ length: n }, word).join(' ');
const handle = () => pick(['1.1', '1.2', `1.${int(100)}`, '0', '-1', '99999999999999999999', 'abc', '']);
const statusText = () =>
  pick([
    `status: ${int(2 ** 32)} need_reset: ${int(2)} need_cal: ${int(2)} state: ${pick(['idle', 'moving', '{x'])} warning: {${words(2)}} cal_msg: {} cal_step: {} mounted: {${words(1)}} pin_lost: ${int(9)} pin_mounted: ${int(9)} manual_mode: 0 need_mag_cal: 0 need_cas_cal: 0 need_clear: 0`,
    `status: ${words(3)}`,
    words(int(40)),
  ]);

/** One robot message, well formed as far as DCS goes (its contents may still be nonsense). */
function robotMessage() {
  switch (int(7)) {
    case 0:
      return `htos_set_string_completed ${pick(STRINGS)} ${pick(['normal', 'error'])} ${statusText()}`;
    case 1:
      return `htos_operation_completed ${pick(OPERATIONS)} ${handle()} ${pick(['normal', 'error', 'aborted'])} ${words(int(12))}`;
    case 2:
      return `htos_operation_update ${pick(OPERATIONS)} ${handle()} ${words(int(6))}`;
    case 3:
      return `htos_log ${pick(['info', 'warning', 'error', 'severe'])} robot ${words(int(10))}`;
    case 4:
      return `htos_send_configuration ${pick(STRINGS)}`;
    case 5:
      return `htos_${pick(['note', 'motor_move_completed', 'report_ion_chamber', 'bogus'])} ${words(int(5))}`;
    default:
      return words(int(8));
  }
}

/** One frame: valid, mutated, lying about its lengths, or junk. */
function frame() {
  const r = rand();
  if (r < 0.45) return dcs2(robotMessage(), rand() < 0.1 ? Buffer.from(Array.from({ length: int(64) }, () => int(256))) : undefined);
  if (r < 0.6) {
    const b = dcs2(robotMessage());
    for (let i = int(4) + 1; i > 0; i--) b[int(b.length)] ^= 1 << int(8);
    return b;
  }
  if (r < 0.7) {
    const b = dcs2(robotMessage());
    return b.subarray(0, int(b.length));
  }
  if (r < 0.8) {
    // A header that lies: absurd, negative, non-numeric or too-large lengths.
    const text = pick([String(2 ** 40), '-5', '999999999999', 'abc', '', '0', String(int(100000))]);
    const binary = pick(['0', '-1', '999999999999', 'x', String(int(1000))]);
    return Buffer.concat([Buffer.from(`${text.padStart(12)} ${binary.padStart(12)} `, 'latin1'), Buffer.from(words(3), 'latin1')]);
  }
  if (r < 0.9) return dcs1(robotMessage()); // a DCS1 message where DCS2 is spoken
  return Buffer.from(Array.from({ length: int(300) + 1 }, () => int(256)));
}

/** The handshake answer: right, wrong name, spaces, truncated, junk, or none. */
function handshake() {
  const r = rand();
  if (r < 0.55) return dcs1(`htos_client_is_hardware ${dhsName}`);
  if (r < 0.65) return dcs1(`   htos_client_is_hardware ${dhsName}`);
  if (r < 0.75) return dcs1(`htos_client_is_hardware ${pick(['other', '', 'robot robot', 'x'.repeat(190)])}`);
  if (r < 0.85) return dcs1(`htos_client_is_hardware ${dhsName}`).subarray(0, int(200));
  if (r < 0.95) return Buffer.from(Array.from({ length: int(400) }, () => int(256)));
  return Buffer.alloc(0);
}

const totals = { frames: 0, connections: 0, bytes: 0, handshakes: 0, closedByServer: 0 };
let remaining = totalFrames;

function oneConnection() {
  return new Promise((resolve) => {
    const batch = Math.min(remaining, 1 + int(200));
    remaining -= batch;
    totals.connections++;
    const socket = net.connect(port, '127.0.0.1');
    let closedByUs = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      socket.destroy();
      resolve();
    };
    // Never wait long on one connection: the server may hold it open without answering.
    const guard = setTimeout(finish, 3000);
    socket.on('error', finish);
    socket.on('close', () => {
      if (!closedByUs) totals.closedByServer++;
      finish();
    });
    let greeted = false;
    socket.on('data', () => {
      if (greeted) return;
      greeted = true;
      void send();
    });
    // Some connections do not wait for the server's greeting.
    socket.on('connect', () => {
      if (rand() < 0.2 && !greeted) {
        greeted = true;
        void send();
      }
    });
    async function send() {
      const hello = handshake();
      if (hello.length > 0) totals.handshakes++;
      const data = Buffer.concat([hello, ...Array.from({ length: batch }, frame)]);
      totals.frames += batch;
      for (let at = 0; at < data.length && !done; ) {
        const n = 1 + int(Math.min(4096, data.length - at));
        socket.write(data.subarray(at, at + n));
        totals.bytes += n;
        at += n;
        if (rand() < 0.1) await new Promise((r) => setImmediate(r));
      }
      const end = rand();
      closedByUs = true;
      if (end < 0.4) finish(); // vanish (RST-like destroy)
      else if (end < 0.8) socket.end(() => setTimeout(finish, 50)); // polite close
      else setTimeout(finish, int(300)); // linger a little
    }
  });
}

async function worker() {
  while (remaining > 0) await oneConnection();
}

await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
process.stdout.write(`${JSON.stringify(totals)}\n`);
