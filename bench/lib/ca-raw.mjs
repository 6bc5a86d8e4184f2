// A lean raw-protocol Channel Access client for load generation. It is deliberately not the
// project's CA client: it does only what the benchmarks need (search, create, pipelined
// READ_NOTIFY, EVENT_ADD, WRITE) and parses replies in place without allocating per message,
// so that on a small machine the client costs less per message than the server under test.
// Requests are encoded with the project's protocol encoders (built JS), replies are walked by
// hand: a header is 16 bytes, and all we read of most replies is the command.
import dgram from 'node:dgram';
import net from 'node:net';
import {
  ByteWriter,
  Command,
  writeClientName,
  writeClientVersion,
  writeCreateChan,
  writeEventAdd,
  writeHostName,
  writeReadNotify,
  writeSearchRequest,
  writeSearchRequestVersion,
} from '../../packages/core/dist/ca.js';

export const DBR_DOUBLE = 6;
export const DBR_TIME_DOUBLE = 20;
export const DBE_VALUE = 1;
export const DBE_ALARM = 4;
const DONT_REPLY = 5;
/** Seconds between the POSIX and EPICS epochs (1990-01-01). */
const EPICS_EPOCH_S = 631152000;
/** libca's search datagrams stay within one Ethernet frame. */
const MAX_DATAGRAM = 1472;

/**
 * Wall-clock now in ms with sub-µs resolution (to compare with EPICS timestamps): the instant
 * Date.now() steps to a new millisecond (the wall clock there is that millisecond, to within a
 * microsecond) plus the monotonic time since. performance.timeOrigin can be off by most of a
 * millisecond, which made latencies under a millisecond unreadable.
 */
const [edgeHr, edgeMs] = (() => {
  const first = Date.now();
  const begin = process.hrtime();
  for (;;) {
    const ms = Date.now();
    const hr = process.hrtime();
    if (ms !== first || process.hrtime(begin)[1] > 5e6) return [hr, ms];
  }
})();
export const wallMs = () => {
  const [s, ns] = process.hrtime(edgeHr);
  return edgeMs + s * 1e3 + ns / 1e6;
};

// ------------------------------------------------------------------------------ UDP search

/**
 * Resolves `names` by UDP search against host:port as libca would: VERSION + as many SEARCH
 * messages as fit in a datagram, at most `windowNames` names unanswered at a time (so a burst
 * does not overflow the server's receive buffer), unanswered names re-sent after `retryMs`.
 * Returns the TCP port each name lives on (all the same here) and counters.
 */
export function udpSearch(names, port, { host = '127.0.0.1', windowNames = 1500, retryMs = 200, timeoutMs = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const tcpPort = new Int32Array(names.length).fill(-1);
    const sentAt = new Float64Array(names.length);
    const queue = names.map((_, i) => i); // cids waiting to be (re)sent, in order
    let qHead = 0;
    const outstanding = new Set();
    let found = 0;
    let datagrams = 0;
    let retries = 0;
    let sequence = 1;
    const t0 = performance.now();

    const finish = (err) => {
      clearInterval(retryTimer);
      clearTimeout(deadline);
      socket.close();
      if (err) reject(err);
      else resolve({ tcpPort, ms: performance.now() - t0, datagrams, retries });
    };

    const pump = () => {
      while (qHead < queue.length && outstanding.size < windowNames) {
        const w = new ByteWriter(MAX_DATAGRAM);
        writeSearchRequestVersion(w, sequence++);
        const now = performance.now();
        while (qHead < queue.length && outstanding.size < windowNames) {
          const cid = queue[qHead];
          if (tcpPort[cid] >= 0) {
            qHead++;
            continue;
          }
          const need = 16 + ((names[cid].length + 1 + 7) & ~7);
          if (w.length + need > MAX_DATAGRAM) break;
          writeSearchRequest(w, names[cid], cid, DONT_REPLY);
          outstanding.add(cid);
          sentAt[cid] = now;
          qHead++;
        }
        if (w.length > 16) {
          socket.send(w.take(), port, host);
          datagrams++;
        }
      }
    };

    socket.on('message', (buf) => {
      for (let at = 0; at + 16 <= buf.length; ) {
        const cmd = buf.readUInt16BE(at);
        const size = buf.readUInt16BE(at + 2);
        if (cmd === Command.SEARCH) {
          const cid = buf.readUInt32BE(at + 12);
          if (cid < names.length && tcpPort[cid] < 0) {
            tcpPort[cid] = buf.readUInt16BE(at + 4);
            outstanding.delete(cid);
            found++;
          }
        }
        at += 16 + size;
      }
      if (found === names.length) finish();
      else pump();
    });
    socket.on('error', finish);

    // Names unanswered for retryMs go back in the queue (a datagram was dropped).
    const retryTimer = setInterval(() => {
      const now = performance.now();
      for (const cid of outstanding) {
        if (now - sentAt[cid] > retryMs) {
          outstanding.delete(cid);
          queue.push(cid);
          retries++;
        }
      }
      pump();
    }, 20);
    const deadline = setTimeout(() => finish(new Error(`search: only ${found} of ${names.length} names answered in ${timeoutMs} ms`)), timeoutMs);
    socket.bind(0, '127.0.0.1', pump);
  });
}

// --------------------------------------------------------------------------- TCP circuit

/**
 * One TCP virtual circuit. `onMessage(cmd, dataType, count, p1, p2, buf, payloadAt, payloadSize)`
 * sees every message; the buffer is only valid during the call. Scenarios swap the handler for
 * their hot loop.
 */
export class RawCircuit {
  constructor(socket) {
    this.socket = socket;
    this.tail = undefined;
    this.onMessage = () => {};
    this.errors = [];
    socket.on('data', (chunk) => this.receive(chunk));
  }

  static connect(port, { host = '127.0.0.1', user = 'bench', hostName = 'localhost', priority = 0 } = {}) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host, noDelay: true });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        const c = new RawCircuit(socket);
        socket.on('error', (err) => c.errors.push(err.message));
        const w = new ByteWriter(256);
        writeClientVersion(w, priority);
        writeHostName(w, hostName);
        writeClientName(w, user);
        socket.write(w.take());
        resolve(c);
      });
    });
  }

  receive(chunk) {
    let buf = chunk;
    if (this.tail !== undefined) {
      buf = Buffer.concat([this.tail, chunk]);
      this.tail = undefined;
    }
    let at = 0;
    const end = buf.length;
    while (end - at >= 16) {
      let size = buf.readUInt16BE(at + 2);
      let count = buf.readUInt16BE(at + 6);
      let headerSize = 16;
      if (size === 0xffff) {
        if (end - at < 24) break;
        size = buf.readUInt32BE(at + 16);
        count = buf.readUInt32BE(at + 20);
        headerSize = 24;
      }
      if (end - at < headerSize + size) break;
      const cmd = buf.readUInt16BE(at);
      if (cmd === Command.ERROR) this.errors.push(errorText(buf, at + headerSize, size));
      this.onMessage(cmd, buf.readUInt16BE(at + 4), count, buf.readUInt32BE(at + 8), buf.readUInt32BE(at + 12), buf, at + headerSize, size);
      at += headerSize + size;
    }
    if (at < end) this.tail = Buffer.from(buf.subarray(at));
  }

  write(data) {
    return this.socket.write(data);
  }

  /**
   * Creates one channel per name (cid = index), pipelined; resolves with
   * { sids: Uint32Array, nativeType: Uint16Array, nativeCount: Uint32Array }.
   */
  createChannels(names, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const sids = new Uint32Array(names.length);
      const nativeType = new Uint16Array(names.length);
      const nativeCount = new Uint32Array(names.length);
      let done = 0;
      const timer = setTimeout(() => reject(new Error(`create: ${done} of ${names.length} channels in ${timeoutMs} ms; ${this.errors.join('; ')}`)), timeoutMs);
      this.onMessage = (cmd, dataType, count, p1, p2) => {
        if (cmd === Command.CREATE_CHAN) {
          sids[p1] = p2;
          nativeType[p1] = dataType;
          nativeCount[p1] = count;
          if (++done === names.length) {
            clearTimeout(timer);
            this.onMessage = () => {};
            resolve({ sids, nativeType, nativeCount });
          }
        } else if (cmd === Command.CREATE_CH_FAIL) {
          clearTimeout(timer);
          reject(new Error(`no channel ${names[p1]}`));
        }
      };
      // Batches of 1000 keep each write moderate; the kernel and the server see a stream.
      for (let i = 0; i < names.length; i += 1000) {
        const w = new ByteWriter(64 * 1024);
        for (let j = i; j < Math.min(names.length, i + 1000); j++) writeCreateChan(w, names[j], j);
        this.write(w.take());
      }
    });
  }

  /** Fire-and-forget WRITE of one double (used to switch the servers' PV tickers on/off). */
  writeDouble(sid, value) {
    const w = new ByteWriter(64);
    w.message(Command.WRITE, 8, DBR_DOUBLE, 1, sid, 0, (buf, at) => buf.writeDoubleBE(value, at));
    this.write(w.take());
  }

  /** One READ_NOTIFY round trip; resolves with the DBR_DOUBLE value. */
  getDouble(sid) {
    return new Promise((resolve) => {
      this.onMessage = (cmd, _t, _c, _p1, _p2, buf, at) => {
        if (cmd === Command.READ_NOTIFY) {
          this.onMessage = () => {};
          resolve(buf.readDoubleBE(at));
        }
      };
      const w = new ByteWriter(16);
      writeReadNotify(w, DBR_DOUBLE, 1, sid, 1);
      this.write(w.take());
    });
  }

  close() {
    this.socket.destroy();
  }
}

function errorText(buf, at, size) {
  const end = at + size;
  const textAt = at + 16;
  if (textAt >= end) return 'CA ERROR';
  const nul = buf.indexOf(0, textAt);
  return buf.toString('latin1', textAt, nul < 0 || nul > end ? end : nul);
}

// ------------------------------------------------------------------------------ scenarios

/**
 * Sequential round trips: one READ_NOTIFY in flight at a time, `n` of them over the channels
 * in turn. Returns every latency in µs (the caller takes percentiles).
 */
export function sequentialGets(circuit, sids, n, dbrType = DBR_DOUBLE) {
  return new Promise((resolve) => {
    const samples = new Float64Array(n);
    const requests = [];
    for (let i = 0; i < sids.length; i++) {
      const w = new ByteWriter(16);
      writeReadNotify(w, dbrType, 1, sids[i], i);
      requests.push(w.take());
    }
    let i = 0;
    let t0 = 0;
    const send = () => {
      t0 = performance.now();
      circuit.write(requests[i % requests.length]);
    };
    circuit.onMessage = (cmd) => {
      if (cmd !== Command.READ_NOTIFY) return;
      samples[i] = (performance.now() - t0) * 1000;
      if (++i === n) {
        circuit.onMessage = () => {};
        resolve(samples);
      } else send();
    };
    send();
  });
}

/**
 * Pipelined gets: `depth` batches of `batch` READ_NOTIFY requests in flight, round-robin over
 * the channels; each time a whole batch worth of replies has come back, one more batch is
 * written. Whole batches keep the request pattern the same for every server (fixed-size
 * writes, as a libca client flushing a burst), whatever sizes the replies happen to arrive
 * in. start()/stop() bound the counted interval.
 */
export class GetPump {
  constructor(circuit, sids, batch, depth = 2, dbrType = DBR_DOUBLE) {
    this.circuit = circuit;
    this.batch = batch;
    this.depth = depth;
    const w = new ByteWriter(16 * batch);
    for (let i = 0; i < batch; i++) writeReadNotify(w, dbrType, 1, sids[i % sids.length], i);
    this.request = w.take();
    this.replies = 0;
    this.owed = 0; // replies received since the last batch was written
    this.running = false;
    circuit.onMessage = (cmd) => {
      if (cmd === Command.READ_NOTIFY) {
        this.replies++;
        this.owed++;
      }
    };
    // Registered after the circuit's parser, so it runs once per received chunk, after it.
    circuit.socket.on('data', () => {
      while (this.running && this.owed >= this.batch) {
        this.owed -= this.batch;
        this.circuit.write(this.request);
      }
    });
  }

  start() {
    this.running = true;
    this.replies = 0;
    this.owed = 0;
    this.t0 = performance.now();
    for (let i = 0; i < this.depth; i++) this.circuit.write(this.request);
  }

  /** Stops refilling; returns { replies, seconds } for the counted interval. */
  stop() {
    this.running = false;
    return { replies: this.replies, seconds: (performance.now() - this.t0) / 1000 };
  }
}

/**
 * Pipelined puts: `depth` batches in flight, each `batch` WRITE (DBR_DOUBLE, no callback, as
 * catime's put test sends them) over the channels in turn, closed by one READ_NOTIFY. A server
 * answers a circuit's requests in order, so that get's reply tells the whole batch was done; each
 * reply writes one more batch. Successive batches alternate between two values, so every put
 * changes the record's value (its monitors and deadbands see a change). start()/stop() bound the
 * counted interval; puts = batches answered × batch.
 */
export class PutPump {
  constructor(circuit, sids, batch, depth = 2) {
    this.circuit = circuit;
    this.batch = batch;
    this.depth = depth;
    this.requests = [1, 2].map((value) => {
      const w = new ByteWriter(32 * batch + 16);
      for (let i = 0; i < batch; i++) {
        w.message(Command.WRITE, 8, DBR_DOUBLE, 1, sids[i % sids.length], i, (buf, at) => buf.writeDoubleBE(value, at));
      }
      writeReadNotify(w, DBR_DOUBLE, 1, sids[0], batch);
      return w.take();
    });
    this.sent = 0;
    this.puts = 0;
    this.running = false;
    circuit.onMessage = (cmd) => {
      if (cmd !== Command.READ_NOTIFY) return;
      this.puts += this.batch;
      if (this.running) this.send();
    };
  }

  send() {
    this.circuit.write(this.requests[this.sent++ & 1]);
  }

  start() {
    this.running = true;
    this.puts = 0;
    this.t0 = performance.now();
    for (let i = 0; i < this.depth; i++) this.send();
  }

  /** Stops refilling; returns { puts, seconds } for the counted interval. */
  stop() {
    this.running = false;
    return { puts: this.puts, seconds: (performance.now() - this.t0) / 1000 };
  }
}

/**
 * Subscribes DBR_TIME_DOUBLE monitors (mask VALUE|ALARM, camonitor's default) on every sid and
 * counts what arrives: updates, counter gaps (the servers' monitor PVs are counters that step
 * by 1, so a gap is an update the server dropped or coalesced), and latency from the value's
 * timestamp to its arrival.
 */
export class MonitorSink {
  /**
   * `sinceEvent(value)`, when given, is the latency of the update carrying `value` in ms, measured
   * on this process's clock from the event that caused it (undefined: not recorded); without
   * it the latency is from the update's time stamp.
   */
  constructor(circuit, sids, histogram, sinceEvent) {
    this.circuit = circuit;
    this.n = sids.length;
    this.last = new Float64Array(sids.length).fill(NaN);
    this.initial = 0;
    this.updates = 0;
    this.gaps = 0;
    this.counting = false;
    this.histogram = histogram;
    circuit.onMessage = (cmd, _t, _c, _p1, subId, buf, at, size) => {
      if (cmd !== Command.EVENT_ADD || size < 24 || subId >= this.n) return;
      const value = buf.readDoubleBE(at + 16);
      const prev = this.last[subId];
      this.last[subId] = value;
      if (Number.isNaN(prev)) {
        this.initial++; // the subscription's first (initial) update: not counted
        return;
      }
      if (!this.counting) return;
      this.updates++;
      if (value > prev + 1) this.gaps += value - prev - 1;
      if (sinceEvent !== undefined) {
        const ms = sinceEvent(value);
        if (ms !== undefined) this.histogram.record(ms * 1000);
        return;
      }
      const stampMs = (buf.readUInt32BE(at + 4) + EPICS_EPOCH_S) * 1000 + buf.readUInt32BE(at + 8) / 1e6;
      this.histogram.record((wallMs() - stampMs) * 1000);
    };
    const w = new ByteWriter(32 * sids.length + 64);
    for (let i = 0; i < sids.length; i++) writeEventAdd(w, DBR_TIME_DOUBLE, 1, sids[i], i, DBE_VALUE | DBE_ALARM);
    circuit.write(w.take());
  }

  start() {
    this.updates = 0;
    this.gaps = 0;
    this.counting = true;
    this.t0 = performance.now();
  }

  stop() {
    this.counting = false;
    return { updates: this.updates, gaps: this.gaps, seconds: (performance.now() - this.t0) / 1000 };
  }
}
