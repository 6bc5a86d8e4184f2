/**
 * The output: each input value through the curve to the `output` record and, enabled and
 * changed, to the target; what status says when it cannot (no input, no number, a failed put).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Output } from '../../src/app/output.js';
import { FitType } from '../../src/interpolation/fit-types.js';
import { createInterpolator, type Interpolator } from '../../src/interpolation/interpolator.js';
import { LutStatus } from '../../src/model/lut-model.js';
import { FakeNetwork, flush } from './fakes.js';
import { type ModelHarness, startModel } from './model.js';

let h: ModelHarness;
let net: FakeNetwork;
let curve: Interpolator | undefined;
let output: Output;

beforeEach(async () => {
  h = await startModel();
  net = new FakeNetwork();
  net.add('G', 0);
  await h.ioc.target.put('G');
  curve = createInterpolator({ x: [0, 10], y: [0, 100] }, FitType.LINEAR, { outOfRange: 'clamp' });
  output = new Output({ ioc: h.ioc, status: h.status, log: h.log, curve: () => curve, pv: net.factory });
  output.onTarget({ name: 'G', connected: true, before: false });
});

afterEach(async () => {
  output.close();
  await h.stop();
});

describe('Output', () => {
  it('writes y for each input value, to output and (changed only) to the target', async () => {
    const gap = net.factory('G');
    output.onInput({ kind: 'value', name: 'E', value: 2 });
    await flush();
    output.onInput({ kind: 'value', name: 'E', value: [2] });
    await flush();
    output.onInput({ kind: 'value', name: 'E', value: '3' });
    await flush();
    expect(h.ioc.output.get()).toBe(30);
    expect(gap.puts).toEqual([20, 30]);
    expect(output.input).toBe(3);
    // Offsets are read at each computation.
    await h.ioc.xoff.put(1);
    await h.ioc.yoff.put(0.5);
    output.recompute();
    await flush();
    expect(gap.puts).toEqual([20, 30, 40.5]);
    expect(h.status.view.status).toBe(LutStatus.OK);
  });

  it('enable OFF computes the output without writing the target; forgetWritten writes an unchanged value again', async () => {
    const gap = net.factory('G');
    await h.ioc.enable.put(0);
    output.onInput({ kind: 'value', name: 'E', value: 4 });
    await flush();
    expect(h.ioc.output.get()).toBe(40);
    expect(gap.puts).toEqual([]);
    await h.ioc.enable.put(1);
    output.recompute();
    output.recompute();
    await flush();
    expect(gap.puts).toEqual([40]);
    output.forgetWritten();
    output.recompute();
    await flush();
    expect(gap.puts).toEqual([40, 40]);
  });

  it('no input, an input that is not a number, and no curve are told, and nothing is written', async () => {
    const gap = net.factory('G');
    output.onInput({ kind: 'waiting', name: 'E' });
    expect(h.status.standing).toEqual([{ source: 'input', status: LutStatus.NO_INPUT, message: 'waiting for input E to connect' }]);
    output.onInput({ kind: 'value', name: 'E', value: 'abc' });
    expect(h.status.view.message).toBe('input E = "abc" is not a number');
    expect(output.input).toBeUndefined();
    output.onInput({ kind: 'unset' });
    expect(h.status.view.message).toBe('no input PV: set the input record');
    curve = undefined;
    output.onInput({ kind: 'value', name: 'E', value: 1 });
    await flush();
    expect(h.status.standing).toEqual([]);
    expect(gap.puts).toEqual([]);
  });

  it('a failed put is TARGET ERROR, and the same value is written again next time', async () => {
    const gap = net.factory('G');
    gap.failPuts = 'no write access';
    output.onInput({ kind: 'value', name: 'E', value: 1 });
    await flush();
    expect(h.status.view).toEqual({ status: LutStatus.TARGET_ERROR, message: 'cannot write 10 to G: no write access' });
    gap.failPuts = undefined;
    output.recompute();
    await flush();
    expect(gap.puts).toEqual([10]);
    expect(h.status.view.status).toBe(LutStatus.OK);
  });

  it('the target: unset, waiting, lost; a reconnection gets the current output again', async () => {
    const gap = net.factory('G');
    output.onInput({ kind: 'value', name: 'E', value: 1 });
    await flush();
    output.onTarget({ name: 'G', connected: false, before: true });
    expect(h.status.view).toEqual({ status: LutStatus.TARGET_ERROR, message: 'target G disconnected' });
    output.onTarget({ name: 'G', connected: true, before: true });
    await flush();
    expect(gap.puts).toEqual([10, 10]);
    output.onTarget({ name: '', connected: false, before: false });
    expect(h.status.view.message).toBe('no target PV: set the target record');
    output.onTarget({ name: 'H', connected: false, before: false });
    expect(h.status.standing).toEqual([{ source: 'target', status: LutStatus.TARGET_ERROR, message: 'waiting for target H to connect' }]);
  });

  it('after close nothing more is computed', async () => {
    output.close();
    output.onInput({ kind: 'value', name: 'E', value: 7 });
    await flush();
    expect(h.ioc.output.get()).toBe(0);
    expect(net.factory('G').puts).toEqual([]);
  });
});
