// The scan path in process, without system calls: 10,000 calc records (CALC "VAL+1"), each
// monitored (DBR_TIME_DOUBLE, DBE_VALUE|DBE_ALARM) through a ServerCircuit (the server's own, over
// a transport that drops its bytes), processed as one scan list by postEvent; prints the time per
// record processed, its post and its update encoded (median, p10 and p90 of the last 100 passes).
// For A/B of builds start by start, where records-monitors.mjs's scan row (through the kernel,
// beside softIoc) varies by ±10 %: alternate several starts of each build.
//   node bench/scan-path.mjs [--root DIR] [--passes N] [--count N] [--type T --fields '…'] [--no-monitor]
import { createChannels, loadBuild, openCircuit, option } from './lib/in-process-circuit.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => option(args, name, dflt);
const { root, ca, records, parseDb } = await loadBuild(args);
const { RecordDatabase, instantiateDb } = records;

const COUNT = Number(opt('--count', 10000));
const passes = Number(opt('--passes', 300));
const db = new RecordDatabase();
// --type and --fields: another record type, with these .db fields (default: calc, CALC "VAL+1").
const type = opt('--type', 'calc');
const fields = opt('--fields', type === 'calc' ? 'field(CALC, "VAL+1")' : '');
const text = Array.from({ length: COUNT }, (_, i) => `record(${type}, "S:${i}") { field(SCAN, "Event") field(EVNT, "bench") ${fields} }\n`).join('');
instantiateDb(db, parseDb(text, { file: 'scan-path.db' }));

let bytes = 0;
let replies = [];
const circuit = openCircuit(ca, db, (data) => {
  bytes += data.length;
  replies?.push(Buffer.from(data));
});
const sids = await createChannels(ca, circuit, replies, Array.from({ length: COUNT }, (_, i) => `S:${i}`));
// Only the channels' replies are read; the updates are counted.
replies = undefined;
if (new Set(sids).size !== COUNT) throw new Error('scan-path: a channel was not created');
const sw = new ca.ByteWriter(1 << 20);
// --no-monitor: the records are processed without subscribers (their posts find none).
const monitored = !args.includes('--no-monitor');
if (monitored) for (let i = 0; i < COUNT; i++) ca.writeEventAdd(sw, 20, 1, sids[i], i, 5);
if (monitored) circuit.receive(sw.take());
await new Promise((r) => setImmediate(r));

const perRecord = [];
const before = bytes;
for (let p = 0; p < passes; p++) {
  const t0 = process.hrtime.bigint();
  db.postEvent('bench');
  circuit.flush();
  perRecord.push(Number(process.hrtime.bigint() - t0) / COUNT);
  await new Promise((resolve) => setImmediate(resolve));
}
// Each pass posts every record's VAL once: 40 bytes of EVENT_ADD reply (DBR_TIME_DOUBLE) each.
const expected = passes * COUNT * 40;
if (monitored && bytes - before < expected) console.warn(`scan-path: ${bytes - before} bytes of updates, expected at least ${expected}`);
const last = perRecord.slice(-100).sort((a, b) => a - b);
console.log(`${root}: ns per ${type} processed and posted, median ${last[50].toFixed(1)}, p10 ${last[10].toFixed(1)}, p90 ${last[90].toFixed(1)}`);
db.close();
process.exit(0);
