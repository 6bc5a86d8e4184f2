/**
 * `http` on the Runtime (the model API's --http): a model started in a runtime with it serves
 * the generated screen and pvws beside CA. A put from pyepics (the real libca) reaches the
 * browser's socket, a write from the socket reaches libca, and closing the runtime stops the
 * web server too.
 */
import { afterAll, expect, it } from 'vitest';
import { Model, models, Runtime } from '@devioc/core';
import { freePort } from '../../../test/helpers/ports.js';
import { PyEpics } from '../../../test/helpers/pyepics.js';
import { PvwsTestClient } from './pvws-client.js';

class Heater extends Model {
  setpoint = models.Float({ prec: 2, units: 'K', default: 20 });
}

let py: PyEpics | undefined;
let runtime: Runtime | undefined;
afterAll(async () => {
  await py?.close();
  await runtime?.close();
});

it('a runtime with http serves pvws for its models while it serves CA, and stops it on close', async () => {
  const port = await freePort();
  runtime = new Runtime({
    port,
    autoBeaconAddresses: false,
    beaconAddresses: [`127.0.0.1:${port + 1}`],
    http: { port: 0, host: '127.0.0.1', write: true, throttleMs: 0 },
  });
  expect(runtime.web).toBeUndefined();
  const heater = new Heater('RT:HEATER', { runtime });
  await heater.start();
  const web = runtime.web!;
  expect(web.port).toBeGreaterThan(0);
  expect(await (await fetch(`http://127.0.0.1:${web.port}/devioc/records.json`)).text()).toContain('RT:HEATER:setpoint');

  const c = await PvwsTestClient.open(web.port);
  c.send({ type: 'subscribe', pvs: ['RT:HEATER:setpoint'] });
  expect(await c.update('RT:HEATER:setpoint')).toMatchObject({ vtype: 'VDouble', units: 'K', precision: 2, value: 20, readonly: false });

  py = new PyEpics({ serverPort: port, repeaterPort: await freePort() });
  await py.call('put', { pv: 'RT:HEATER:setpoint', value: 4.5, wait: true });
  await c.waitFor(() => c.updates('RT:HEATER:setpoint').find((m) => m.value === 4.5), 'the CA put on the socket');

  c.send({ type: 'write', pv: 'RT:HEATER:setpoint', value: 7.25 });
  await c.waitFor(() => heater.setpoint.get() === 7.25, 'the write in the record');
  expect(await py.call<{ value: number }>('get', { pv: 'RT:HEATER:setpoint' })).toMatchObject({ value: 7.25 });

  await runtime.close();
  await c.waitFor(() => c.closed, 'the socket closed by the runtime');
  await expect(fetch(`http://127.0.0.1:${web.port}/pvws/info`)).rejects.toThrow();
});
