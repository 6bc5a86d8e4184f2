/**
 * Kills a saving `devioc softioc --autosave` with SIGKILL, round after round, and checks what
 * synApps autosave promises: the .sav file is always whole (it ends with <END>, no temporary
 * left behind after the next start), and a value acknowledged before the kill (seen in the
 * .sav file, written by an atomic rename) is what the restarted IOC serves. Meanwhile a
 * 2000-element waveform changing ten times a second keeps the IOC writing, so kills land
 * mid-write. Used by test/autosave-kill.test.ts (a few dozen rounds) and
 * bench/autosave-kill.mjs (hundreds).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaClient } from '../../packages/core/dist/ca.js';
import { freePort } from './free-port.mjs';
import { loopbackIocEnv } from './loopback-env.mjs';

const CLI = fileURLToPath(new URL('../../packages/core/dist/cli/main.js', import.meta.url));


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(check, what, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function killed(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * The database: the values to keep, a counter that changes ten times a second and a
 * 2000-element waveform in the same set, so that the IOC rewrites ~40 kB all the time.
 */
function database(dir) {
  const db = path.join(dir, 'kill.db');
  const elements = Array.from({ length: 2000 }, (_, i) => (i * 0.123456789).toFixed(9)).join(',');
  writeFileSync(
    db,
    `record(longout, "KILL:n") { info(autosaveFields_pass0, "VAL") }
record(stringout, "KILL:s") { info(autosaveFields, "VAL") }
record(calc, "KILL:tick") { field(SCAN, ".1 second") field(CALC, "A+1") field(INPA, "KILL:tick") info(autosaveFields, "VAL") }
record(waveform, "KILL:wave") { field(FTVL, "DOUBLE") field(NELM, "2000") field(INP, "[${elements}]") info(autosaveFields, "VAL") }
`,
  );
  return db;
}

async function startIoc(dir, db, port) {
  const child = spawn(process.execPath, [CLI, 'softioc', '-d', db, '--autosave', path.join(dir, 'as'), '--autosave-min-period', '0.02', '--no-pva'], {
    env: loopbackIocEnv(port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  await until(() => out.includes('serving') || child.exitCode !== null, 'the IOC to serve', 60_000);
  if (child.exitCode !== null) throw new Error(`softioc exited: ${out}`);
  return { child, log: () => out };
}

const savFile = (dir, set) => path.join(dir, 'as', `${set}.sav`);

/** Every .sav and .savB in the directory ends with <END>: no half file, whenever the kill came. */
function checkWhole(dir) {
  for (const name of readdirSync(path.join(dir, 'as'))) {
    if (!/\.savB?$/.test(name)) continue;
    const text = readFileSync(path.join(dir, 'as', name), 'utf8');
    if (!/<END>\n$/.test(text)) throw new Error(`${name} is not whole: ${JSON.stringify(text.slice(-80))}`);
  }
}

/**
 * Runs `rounds` kill/restart rounds in `dir`. Returns figures: rounds, kills that found a
 * temporary file mid-write (a write was interrupted), acknowledged values lost (must be 0).
 */
export async function autosaveKillRounds(dir, rounds, onRound = () => {}) {
  mkdirSync(dir, { recursive: true });
  const db = database(dir);
  let acknowledged = 0;
  let interrupted = 0;
  let lost = 0;
  let writesSeen = 0;
  for (let round = 1; round <= rounds; round++) {
    const port = await freePort();
    const ioc = await startIoc(dir, db, port);
    // Connects within 30 s, not the client's default 5: a restart on a busy CI machine (the
    // autosave restore, the warm-up, other test files beside it) once took longer than 5 s to
    // answer the first search, and the test is about the files, not connect latency.
    const client = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, beacons: false, timeout: 30 });
    try {
      // No temporary of the previous kill survives a start.
      // (The new IOC's own, `<file>.<its pid>.tmp`, may be there mid-write.)
      const temps = readdirSync(path.join(dir, 'as')).filter((n) => n.endsWith('.tmp') && !n.endsWith(`.${ioc.child.pid}.tmp`));
      if (temps.length > 0) throw new Error(`temporary files left after a start: ${temps.join(' ')}`);
      const served = Number((await client.get('KILL:n')).elements[0]);
      const servedS = String((await client.get('KILL:s')).elements[0]);
      if (served !== acknowledged || (acknowledged > 0 && servedS !== `round ${acknowledged}`)) {
        lost++;
        throw new Error(`round ${round}: acknowledged ${acknowledged}, restored ${served} / "${servedS}"`);
      }
      await client.put('KILL:n', round);
      await client.put('KILL:s', `round ${round}`);
      // Acknowledged: both values are in the files (each written whole by a rename).
      await until(() => {
        try {
          return readFileSync(savFile(dir, 'info_positions'), 'utf8').includes(`KILL:n.VAL ${round}\n`) && readFileSync(savFile(dir, 'info_settings'), 'utf8').includes(`KILL:s.VAL round ${round}\n`);
        } catch {
          return false;
        }
      }, `round ${round} saved`, 30_000);
      acknowledged = round;
      // Kill at a random moment while the waveform keeps the IOC writing.
      const before = readFileSync(savFile(dir, 'info_settings'), 'utf8');
      await sleep(Math.random() * 250);
      const tmpBefore = readdirSync(path.join(dir, 'as')).some((n) => n.endsWith('.tmp'));
      await killed(ioc.child);
      if (tmpBefore || readdirSync(path.join(dir, 'as')).some((n) => n.endsWith('.tmp'))) interrupted++;
      if (readFileSync(savFile(dir, 'info_settings'), 'utf8') !== before) writesSeen++;
      checkWhole(dir);
    } catch (error) {
      // The IOC's own log says why (what it listened on, what it restored), should a round fail.
      throw new Error(`${error.message}\n--- IOC log (port ${port}) ---\n${ioc.log().slice(-3000)}`, { cause: error });
    } finally {
      await client.close();
      await killed(ioc.child);
    }
    onRound({ round, acknowledged, interrupted, lost });
  }
  return { rounds, acknowledged, interruptedWrites: interrupted, roundsWithWritesBeforeKill: writesSeen, lost };
}
