/**
 * The warm-up leaves the circuit's entry point, and what a record's first requests run (see
 * FIRST_TOUCHES), compiled by TurboFan, observed in V8 itself: a child node process
 * (`--allow-natives-syntax`) serves records, waits for its warm-up, and reads V8's optimization
 * status of ServerCircuit's receive(), which every TCP read of every client runs through
 * (TurboFan inlines receiveChunk(), the reader and the replies' flush into it, so their own
 * status says nothing), and of EpicsRecord's storeField().
 *
 * Why a test: the warm-up ended with a full garbage collection, and that collection threw away
 * the code of receive, receiveChunk and send in 3 to 4 starts of 8 ("weak objects" in
 * --trace-deopt): the first client ran them in the interpreter and waited for them to be
 * compiled again. Against that build this test failed in 1 run of 2. Runs the built code (dist).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/helpers/ports.js';

const dist = (file: string): string => pathToFileURL(fileURLToPath(new URL(`../../dist/${file}`, import.meta.url))).href;

/** V8's OptimizationStatus bit for code compiled by TurboFan (runtime-test.cc). */
const TURBOFANNED = 1 << 6;
/** …and for code marked to be thrown away. */
const MARKED_FOR_DEOPTIMIZATION = 1 << 14;

const ENTRY_POINTS = ['receive'] as const;
/**
 * What a client's first request to a record runs once per record (warm-up.ts,
 * touchFreshRecords): the first store of each field a processing writes adds it to the record
 * (storeField). With only the warm-up's 64 records, V8 had compiled it in 2 starts of 6 of the
 * build before touchFreshRecords: a client's first touch of 10,000 records ran it in the
 * interpreter. (ownProcessedFields, which storeField's additions serve, was compiled in 22
 * starts of 24 after the change, not in each: it is not asserted.)
 */
const FIRST_TOUCHES = ['storeField'] as const;

function statusAfterWarmUp(port: number): Record<string, number> {
  const script = `
const { Runtime } = await import(${JSON.stringify(dist('runtime/index.js'))});
const { ServerCircuit } = await import(${JSON.stringify(dist('ca/server/index.js'))});
const { EpicsRecord } = await import(${JSON.stringify(dist('records/index.js'))});
const runtime = new Runtime({ port: ${port}, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false, warmUp: true });
for (let i = 0; i < 100; i++) runtime.db.create('ao', 'KEPT:' + i);
await runtime.attach({});
await runtime.warmUp();
const status = {};
for (const name of ${JSON.stringify(ENTRY_POINTS)}) status[name] = %GetOptimizationStatus(ServerCircuit.prototype[name]);
for (const name of ${JSON.stringify(FIRST_TOUCHES)}) status[name] = %GetOptimizationStatus(EpicsRecord.prototype[name]);
console.log('STATUS ' + JSON.stringify(status));
await runtime.close();
`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CA_AUTO_ADDR_LIST: 'NO', DEVIOC_LOG_LEVEL: 'warn' },
    timeout: 60_000,
  });
  const line = out.split('\n').find((l) => l.startsWith('STATUS '));
  if (line === undefined) throw new Error(`no status printed: ${out}`);
  return JSON.parse(line.slice('STATUS '.length)) as Record<string, number>;
}

describe("the warm-up's compiled code", () => {
  it("leaves the circuit's receive() and a record's first-touch code compiled by TurboFan, in each of three starts", async () => {
    for (let start = 0; start < 3; start++) {
      const status = statusAfterWarmUp(await freePort());
      for (const name of [...ENTRY_POINTS, ...FIRST_TOUCHES]) {
        const s = status[name]!;
        expect({ start, name, turbofanned: (s & TURBOFANNED) !== 0, markedForDeoptimization: (s & MARKED_FOR_DEOPTIMIZATION) !== 0 }).toEqual({
          start,
          name,
          turbofanned: true,
          markedForDeoptimization: false,
        });
      }
    }
  }, 120_000);
});
