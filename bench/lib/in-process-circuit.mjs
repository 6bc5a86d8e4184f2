// What the in-process benches (put-path.mjs, scan-path.mjs) share: a checkout's build (--root,
// with the compiler tuning a serving runtime applies), and a ServerCircuit of the server's own
// over a transport that drops its bytes, with a channel to each of a list of PVs.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `name`'s value in argv, or `dflt`. */
export const option = (args, name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

/**
 * The modules of the build at `--root` (default this checkout). V8's inlining budget as a
 * serving runtime sets it (runtime/compiler-tuning.ts; DEVIOC_V8_TUNING=NO: V8's own); a
 * checkout older than that module has none, and is measured with V8's defaults.
 */
export async function loadBuild(args) {
  const root = path.resolve(option(args, '--root', fileURLToPath(new URL('../..', import.meta.url))));
  const dist = (p) => pathToFileURL(path.join(root, 'packages/core/dist', p)).href;
  const tuning = await import(dist('runtime/compiler-tuning.js')).catch(() => undefined);
  tuning?.tuneCompilerForServing();
  const ca = await import(dist('ca.js'));
  const records = await import(dist('records/index.js'));
  const { parseDb } = await import(dist('records/db-file/parse.js'));
  return { root, ca, records, parseDb };
}

/**
 * A circuit to `db` whose replies go to `onWrite(bytes)` and are then dropped, greeted as a
 * client greets; `channels(names)` opens one channel per name and gives their sids.
 */
export function openCircuit(ca, db, onWrite) {
  const transport = { write: (data, owner) => { onWrite(data); owner?.giveBack(data); }, writableLength: 0, pauseInput() {}, resumeInput() {}, close() {} };
  const log = { debug() {}, info() {}, warn: (m) => console.warn(m), error: (m) => console.error(m), important() {}, isDebugEnabled: () => false, child: () => log };
  const host = { config: ca.resolveServerConfig({}), log, tcpPort: 5064, has: (n) => db.has(n), open: (n) => db.open(n) };
  return new ca.ServerCircuit(transport, host, '127.0.0.1', 40000);
}

/** Opens a channel to each name on `circuit` (its replies collected by `replies`); their sids by index. */
export async function createChannels(ca, circuit, replies, names) {
  const w = new ca.ByteWriter(1 << 20);
  ca.writeClientVersion(w, 0);
  ca.writeHostName(w, 'localhost');
  ca.writeClientName(w, 'bench');
  names.forEach((name, i) => ca.writeCreateChan(w, name, i));
  circuit.receive(w.take());
  await new Promise((r) => setTimeout(r, 50));
  const sids = new Uint32Array(names.length);
  for (const buf of replies.splice(0)) {
    for (let at = 0; at + 16 <= buf.length; at += 16 + buf.readUInt16BE(at + 2)) {
      if (buf.readUInt16BE(at) === ca.Command.CREATE_CHAN) sids[buf.readUInt32BE(at + 8)] = buf.readUInt32BE(at + 12);
    }
  }
  return sids;
}
