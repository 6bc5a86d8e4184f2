// The pvws browser client, as served at /pvws/js/pvws.js, with pvws's API, written for devioc:
//   const pvws = new PVWS(url, connect_handler(connected), message_handler(message));
//   pvws.open(); pvws.subscribe(names); pvws.clear(names); pvws.write(name, value);
//   pvws.list(); pvws.ping(); pvws.close();
// Updates reach message_handler merged with everything known of the PV before (metadata
// from the first update stays), arrays decoded from their base64 little-endian fields into
// plain arrays in `value`. An idle connection is pinged, a closed one reopened.
// Needs base64.js (toByteArray) loaded first.
'use strict';

var PVWS_ARRAY_FIELDS = [
  ['b64dbl', Float64Array],
  ['b64flt', Float32Array],
  ['b64srt', Int16Array],
  ['b64int', Int32Array],
  ['b64byt', Uint8Array],
];

class PVWS {
  constructor(url, connect_handler, message_handler) {
    this.url = url;
    this.connect_handler = connect_handler;
    this.message_handler = message_handler;
    this.values = {};
    this.idle = true;
    this.idle_timer = null;
    this.socket = null;
  }

  open() {
    this.connect_handler(false);
    this.socket = new WebSocket(this.url);
    this.socket.onopen = (event) => this.handleConnection(event);
    this.socket.onmessage = (event) => this.handleMessage(event.data);
    this.socket.onclose = (event) => this.handleClose(event);
    this.socket.onerror = (event) => this.handleError(event);
  }

  handleConnection() {
    this.connect_handler(true);
    if (this.idle_timer === null) this.idle_timer = setInterval(() => this.checkIdleTimeout(), this.idle_check_ms);
  }

  // A proxy may close a quiet socket: when nothing came for a whole period, ask for a ping.
  checkIdleTimeout() {
    if (this.idle) this.ping();
    this.idle = true;
  }

  stopIdleCheck() {
    if (this.idle_timer !== null) clearInterval(this.idle_timer);
    this.idle_timer = null;
  }

  handleMessage(text) {
    this.idle = false;
    const message = JSON.parse(text);
    if (message.type !== 'update') {
      this.message_handler(message);
      return;
    }
    for (const [field, ArrayType] of PVWS_ARRAY_FIELDS) {
      if (message[field] === undefined) continue;
      const bytes = toByteArray(message[field]);
      // Copy into an aligned buffer: the decoded bytes are little-endian, as every browser is.
      const aligned = new Uint8Array(bytes.length);
      aligned.set(bytes);
      message.value = Array.from(new ArrayType(aligned.buffer, 0, Math.floor(bytes.length / ArrayType.BYTES_PER_ELEMENT)));
      delete message[field];
      break;
    }
    const known = this.values[message.pv] ?? { pv: message.pv, readonly: true };
    Object.assign(known, message);
    this.values[message.pv] = known;
    this.message_handler(known);
  }

  handleError(event) {
    console.error('pvws: error from ' + this.url, event);
    this.close();
  }

  handleClose(event) {
    this.stopIdleCheck();
    this.connect_handler(false);
    console.log('pvws: socket closed (' + event.code + (event.reason ? ', ' + event.reason : '') + '), reopening in ' + this.reconnect_ms + ' ms');
    setTimeout(() => this.open(), this.reconnect_ms);
  }

  ping() {
    this.socket.send(JSON.stringify({ type: 'ping' }));
  }

  subscribe(pvs) {
    if (!Array.isArray(pvs)) pvs = [pvs];
    this.socket.send(JSON.stringify({ type: 'subscribe', pvs: pvs }));
  }

  clear(pvs) {
    if (!Array.isArray(pvs)) pvs = [pvs];
    this.socket.send(JSON.stringify({ type: 'clear', pvs: pvs }));
    for (const pv of pvs) delete this.values[pv];
  }

  list() {
    this.socket.send(JSON.stringify({ type: 'list' }));
  }

  write(pv, value) {
    this.socket.send(JSON.stringify({ type: 'write', pv: pv, value: value }));
  }

  close() {
    this.stopIdleCheck();
    this.socket.close();
  }
}

PVWS.prototype.reconnect_ms = 10000;
PVWS.prototype.idle_check_ms = 30000;
