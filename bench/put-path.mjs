// The server's put path in process, without system calls: a ServerCircuit (the server's own,
// over a transport that drops its replies) is fed 24 KB chunks of 1,000 WRITE (DBR_DOUBLE, no
// callback) to 10,000 ao records of a RecordDatabase; prints the time per put (median, p10 and
// p90 of the last 200 rounds of 10 chunks). For A/B of builds start by start, where the
// pipelined-put row of records-ca.mjs (through the kernel, beside softIoc) is too noisy: a single
// start varies by about ±15 % with V8's compile decisions, so alternate several starts of each.
//   node bench/put-path.mjs [--root DIR] [--field .HOPR] [--fields 'field(TSE, "-2")'] [--rounds N]
// --root: the checkout whose packages/core/dist is measured (default this one); --field: a field
// to write instead of VAL (.HOPR: stored without processing); --fields: .db fields of every ao.
import { createChannels, loadBuild, openCircuit, option } from './lib/in-process-circuit.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => option(args, name, dflt);
const { root, ca, records, parseDb } = await loadBuild(args);
const { RecordDatabase, instantiateDb } = records;

const COUNT = 10000;
const field = opt('--field', '');
const fields = opt('--fields', '');
const rounds = Number(opt('--rounds', 400));
// --op get: READ_NOTIFY instead of WRITE; --type: the DBR type of either (6 DBR_DOUBLE, 0 DBR_STRING).
const op = opt('--op', 'put');
const dbrType = Number(opt('--type', 6));
// --catime-values: every put writes record i the value i / 10,000 (text "%f" as DBR_STRING), the
// same each time, as catime does; gets read records holding those values.
const catimeValues = args.includes('--catime-values');
const valueOf = (c, i) => (catimeValues ? i / COUNT : 1 + (c & 1));
const db = new RecordDatabase();
instantiateDb(db, parseDb(Array.from({ length: COUNT }, (_, i) => `record(ao, "B:${i}") {${fields}}\n`).join(''), { file: 'put-path.db' }));

const replies = [];
const circuit = openCircuit(ca, db, (data) => replies.push(data));
const sids = await createChannels(ca, circuit, replies, Array.from({ length: COUNT }, (_, i) => `B:${i}${field}`));

// 20 chunks, each 1,000 puts of 1 or 2 (alternating by chunk: every put changes the value).
const chunks = Array.from({ length: 20 }, (_, c) => {
  const cw = new ca.ByteWriter(32 * 1000);
  for (let i = 0; i < 1000; i++) {
    const sid = sids[(c * 1000 + i) % COUNT];
    if (op === 'get') cw.message(ca.Command.READ_NOTIFY, 0, dbrType, 1, sid, i);
    else if (dbrType === 0) cw.message(ca.Command.WRITE, 40, 0, 1, sid, i, (b, at) => { b.fill(0, at, at + 40); b.write(valueOf(c, (c * 1000 + i) % COUNT).toFixed(6), at, 'latin1'); });
    else cw.message(ca.Command.WRITE, 8, 6, 1, sid, i, (b, at) => b.writeDoubleBE(valueOf(c, (c * 1000 + i) % COUNT), at));
  }
  return cw.take();
});
if (catimeValues && op === 'get') {
  const pw = new ca.ByteWriter(32 * COUNT);
  for (let i = 0; i < COUNT; i++) pw.message(ca.Command.WRITE, 8, 6, 1, sids[i], i, (b, at) => b.writeDoubleBE(i / COUNT, at));
  circuit.receive(pw.take());
}
const perPut = [];
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < 10; k++) circuit.receive(chunks[(r * 10 + k) % 20]);
  perPut.push(Number(process.hrtime.bigint() - t0) / 10000);
  // Let the event loop turn now and then, as between a server's socket reads.
  if ((r & 15) === 0) await new Promise((resolve) => setImmediate(resolve));
}
const last = perPut.slice(-200).sort((a, b) => a - b);
console.log(`${root}: ns per ${op} of DBR type ${dbrType}, median ${last[100].toFixed(1)}, p10 ${last[20].toFixed(1)}, p90 ${last[180].toFixed(1)}`);
db.close();
process.exit(0);
