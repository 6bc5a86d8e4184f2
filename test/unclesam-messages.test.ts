// Issue 16: what UncleSAM tells clients and its log. STATE:CODE reads unsigned through libca
// (bit 31, manual mode); a refusal longer than MESSAGE's 39 characters is cut with "…" and is
// whole in MESSAGE:LONG and LOG; each failure is one log line at its level, never an empty one.
import type { Logger } from '@devioc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GonioIoc, PvWatch, SimulatorProcess, startUncleSam, type UncleSamHarness } from './helpers/unclesam.js';

interface Line {
  level: 'error' | 'warn' | 'important' | 'info' | 'debug';
  text: string;
}

/** A logger that keeps every line (and its children's) for the test to count. */
function capturingLogger(lines: Line[], prefix = ''): Logger {
  const at = (level: Line['level']) => (text: string) => void lines.push({ level, text: `${prefix}${text}` });
  return {
    error: at('error'),
    warn: at('warn'),
    important: at('important'),
    info: at('info'),
    debug: at('debug'),
    isDebugEnabled: () => false,
    child: (name: string) => capturingLogger(lines, `${prefix}${name}: `),
  };
}

const lines: Line[] = [];
let sam: UncleSamHarness;
let sim: SimulatorProcess;
let gonio: GonioIoc;
let status: PvWatch;

beforeAll(async () => {
  gonio = await GonioIoc.start(`GONIO${Math.floor(Math.random() * 1e6)}`);
  sam = await startUncleSam({ gonio, options: { logger: capturingLogger(lines) } });
  sim = await SimulatorProcess.start({ dhsPort: sam.dhsPort });
  await sam.connected();
  status = await sam.watch('STATUS');
});

afterAll(async () => {
  await sim?.stop();
  await sam?.stop();
  await gonio?.stop();
});

const IDLE = 0;

async function command(name: string): Promise<void> {
  const from = await status.mark();
  await sam.put(`CMD:${name}`, 1);
  await status.until((v) => v !== IDLE, 10_000, from);
  await status.until((v) => v === IDLE || v === 4, 10_000, from + 1);
}

describe('UncleSAM messages and log', () => {
  it('a refusal longer than 39 characters: MESSAGE cut with "…", MESSAGE:LONG and LOG whole, one warning in the log', async () => {
    const from = lines.length;
    const long = await sam.watch('MESSAGE:LONG', { text: true });
    const mark = await long.mark();
    await sam.put('PARAM:NEXTPORT', 'ZZ9');
    await sam.put('CMD:mount', 1);
    const whole = 'mount refused: "ZZ9" is not a port (LA1 … RL8)';
    await long.until((v) => v === whole, 5000, mark);
    const message = await sam.getText('MESSAGE');
    expect(message.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(39);
    expect(whole.startsWith(message.slice(0, -1))).toBe(true);
    // (A char waveform read as bytes: pyepics' as_string decodes them as Latin-1.)
    const log = await sam.watch('LOG', { text: true });
    expect(await log.becomes((v) => v === whole, 5000)).toBe(whole);
    expect(lines.slice(from).filter((l) => l.text.includes('ZZ9'))).toEqual([{ level: 'warn', text: whole }]);
  });

  it('a failed mount: one error line, MESSAGE/ERROR say it, no empty robot line', async () => {
    const from = lines.length;
    await sim.control('fault gripper_jam');
    await sam.put('PARAM:NEXTPORT', 'LA1');
    await command('mount');
    await status.becomes((v) => v === 4, 10_000); // FAULT: the robot needs a clear
    const failure = lines.slice(from).filter((l) => /mount failed/.test(l.text));
    expect(failure).toEqual([{ level: 'error', text: 'mount failed: gripper jammed' }]);
    expect(await sam.getText('ERROR')).toBe('mount failed: gripper jammed');
    expect(await sam.getText('MESSAGE:LONG')).toBe('mount failed: gripper jammed');
    expect(lines.filter((l) => /robot:\s*$/.test(l.text))).toEqual([]);
    // Every line once: no text logged twice in a row at two levels.
    const texts = lines.slice(from).map((l) => l.text);
    for (let i = 1; i < texts.length; i++) expect(texts[i], `line ${i}`).not.toBe(texts[i - 1]);
    await command('clearStatus');
    await status.becomes((v) => v === IDLE, 10_000);
  });

  it('STATE:CODE reads unsigned through libca: bit 31 (manual mode) is 2147483648, not negative', async () => {
    await sam.put('PARAM:CONFIG', 'set_flags manual');
    await command('config');
    const code = await sam.watch('STATE:CODE');
    const value = Number(await code.becomes((v) => Number(v) >= 2 ** 31, 10_000));
    expect(value).toBeGreaterThanOrEqual(2 ** 31);
    expect(value).toBeLessThan(2 ** 32);
    expect(Number(await sam.get('STATE:CODE'))).toBe(value);
    expect(await sam.getText('STATE:MANUAL')).toBe('YES');
    expect((await sam.py.call<{ type: string }>('info', { pv: sam.pv('STATE:CODE') })).type).toBe('ctrl_double');
  });
});
