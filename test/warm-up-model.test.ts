/**
 * The model's warm-up seen from libca (pyepics): its twins are not served (a client searching
 * for them finds nothing), the application's callbacks were not called by it, and a client's
 * round trip through a callback (put req, the callback puts resp) works from the first put.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Model, models, type RecordHandle, Runtime } from '@devioc/core';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

class RoundTrip extends Model {
  req = models.Float({ prec: 0 });
  resp = models.Float({ prec: 0 });
  flag = models.Toggle({ high: 0 });
}

describe('a model IOC after its warm-up', () => {
  let runtime: Runtime;
  let ioc: RoundTrip;
  let py: PyEpics;
  const calls: [string, unknown][] = [];
  const app = {
    do_req: (_r: RecordHandle<number, number | boolean>, value: number, model: RoundTrip) => {
      calls.push(['req', value]);
      void model.resp.put(value);
    },
    do_flag: (_r: RecordHandle<number, number | boolean | string>, value: number) => void calls.push(['flag', value]),
  };

  beforeAll(async () => {
    const port = await freePort();
    runtime = new Runtime({ port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], pva: false });
    ioc = new RoundTrip('WMX', { runtime, callbacks: app, skipInitial: true });
    await ioc.start();
    py = new PyEpics({ serverPort: port });
  });
  afterAll(async () => {
    await py?.close();
    await ioc?.shutdown();
    await runtime?.close();
  });

  it('serves its own records and none of the warm-up’s twins, whose puts never reached its callbacks', async () => {
    expect(calls).toEqual([]);
    expect(await py.call('connect', { pv: 'WMX:req', timeout: 5 })).toMatchObject({ connected: true });
    for (const twin of ['devioc:warm-up:model:in0', 'devioc:warm-up:model:out0', 'devioc:warm-up:model:in1']) {
      expect(await py.call('connect', { pv: twin, timeout: 1 })).toMatchObject({ connected: false });
    }
  });

  it('answers a client’s round trip through the callback, and the callbacks see only the client’s puts', async () => {
    await py.call('monitor', { id: 'resp', pv: 'WMX:resp' });
    for (const value of [1, 2, 3]) await py.call('put', { pv: 'WMX:req', value, wait: true });
    await py.call('put', { pv: 'WMX:flag', value: 1, wait: true });
    // The first update is the subscription's own (0), then one per put.
    const { events } = await py.call<{ events: { value: unknown }[] }>('events', { id: 'resp', at_least: 4, timeout: 10 });
    expect(events.map((e) => e.value)).toEqual([0, 1, 2, 3]);
    expect(calls).toEqual([['req', 1], ['req', 2], ['req', 3], ['flag', 1]]);
    expect(ioc.resp.get()).toBe(3);
  });
});
