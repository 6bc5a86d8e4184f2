import { describe, expect, it } from 'vitest';
import { Approach, type ApproachDeps, SequenceAborted } from '../src/index.js';

function bench(overrides: Partial<ApproachDeps> = {}) {
  const log: string[] = [];
  const states: boolean[] = [];
  const writes: string[] = [];
  const approach = new Approach({
    onPv: () => 'G:on',
    offPv: () => 'G:off',
    write: async (pv) => {
      writes.push(pv);
    },
    state: (on) => states.push(on),
    log: { info: (t) => log.push(`info ${t}`), warn: (t) => log.push(`warn ${t}`), error: (t) => log.push(`error ${t}`) },
    retryDelayMs: 1,
    ...overrides,
  });
  return { approach, log, states, writes };
}

describe('the goniometer handshake', () => {
  it('writes approach-on once per approach, approach-off once after it', async () => {
    const b = bench();
    b.approach.request();
    b.approach.request();
    await b.approach.on();
    expect(b.approach.isOn).toBe(true);
    await b.approach.off();
    await b.approach.off(); // nothing to release any more
    await b.approach.release();
    expect(b.writes).toEqual(['G:on', 'G:off']);
    expect(b.states).toEqual([true, false]);
    expect(b.approach.isOn).toBe(false);
  });

  it('release() does nothing when approach-on was never written', async () => {
    const b = bench();
    await b.approach.release();
    expect(b.writes).toEqual([]);
  });

  it('approach-off waits for an approach-on still in flight, so the goniometer hears them in order', async () => {
    const order: string[] = [];
    const b = bench({
      write: async (pv) => {
        order.push(`start ${pv}`);
        await new Promise((r) => setTimeout(r, pv === 'G:on' ? 20 : 1));
        order.push(`end ${pv}`);
      },
    });
    b.approach.request();
    await b.approach.off();
    expect(order).toEqual(['start G:on', 'end G:on', 'start G:off', 'end G:off']);
  });

  it('retries approach-off, and says so when it cannot be written; STATE:APPROACH stays ON then', async () => {
    let failures = 2;
    const b = bench({
      write: async (pv) => {
        if (pv === 'G:off' && failures-- > 0) throw new Error('timeout');
      },
    });
    await b.approach.on();
    await b.approach.off();
    expect(b.states).toEqual([true, false]);
    expect(b.log.filter((l) => l.startsWith('warn'))).toHaveLength(2);

    const never = bench({
      write: async (pv) => {
        if (pv === 'G:off') throw new Error('unreachable');
      },
    });
    await never.approach.on();
    await expect(never.approach.off()).rejects.toThrow('approach-off G:off could not be written: unreachable');
    await never.approach.release(); // never throws
    expect(never.approach.isOn).toBe(true);
    expect(never.states).toEqual([true]);
    expect(never.log.filter((l) => l.startsWith('error'))).toEqual(['error approach-off G:off could not be written: unreachable']);
  });

  it('waits for the goniometer ready readback after approach-on, and stops waiting on abort', async () => {
    let ready: () => void = () => {};
    const b = bench({ ready: () => new Promise<void>((resolve) => (ready = resolve)) });
    let done = false;
    const on = b.approach.on().then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    ready();
    await on;
    expect(done).toBe(true);

    const controller = new AbortController();
    const stuck = bench({ write: () => new Promise<void>(() => {}) });
    const waiting = stuck.approach.on(controller.signal);
    controller.abort('aborted by CMD:abort');
    await expect(waiting).rejects.toBeInstanceOf(SequenceAborted);
  });

  it('without PVs configured it still tracks the handshake (STATE:APPROACH) and writes nothing', async () => {
    const b = bench({ onPv: () => '', offPv: () => '' });
    await b.approach.on();
    await b.approach.off();
    expect(b.writes).toEqual([]);
    expect(b.states).toEqual([true, false]);
  });
});
