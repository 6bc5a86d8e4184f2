/**
 * The LUT screen in headless Chromium (Debian's chromium through playwright-core) against the
 * LUT IOC between two IOCs over CA: the table and the fitted curve drawn, the current input and
 * output marked, a table edit typed into the page and applied, then the IOC's table, its file and
 * the target all following it. Without --web-write the table cannot be edited.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LutStatus, readTableFile, startLutWeb } from '@devioc/lut';
import type { WebServer } from '@devioc/web';
import { PvwsTestClient } from '../packages/web/test/pvws-client.js';
import { openBrowser, screenshot, type TestBrowser } from './helpers/browser.js';
import { type LutUnderTest, type Mono, type Served, startLutIoc, startMono, startUndulator, type Undulator, until } from './helpers/lut.js';

const SHOTS = fileURLToPath(new URL('../packages/lut/test/screenshots', import.meta.url));
const TABLE = `# energy (keV) -> gap (mm)
fit = LINEAR
4  10
6  14
8  20
10 28
`;

let dir: string;
let file: string;
let mono: Served<Mono>;
let und: Served<Undulator>;
let lut: LutUnderTest;
let web: WebServer;
let readOnlyWeb: WebServer;
let browser: TestBrowser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lut-web-'));
  file = path.join(dir, 'gap.lut');
  writeFileSync(file, TABLE);
  mono = await startMono();
  und = await startUndulator();
  lut = await startLutIoc([mono.port, und.port], { tableFile: file });
  web = await startLutWeb(lut.runtime, 'LUT', { port: 0, host: '127.0.0.1', write: true, throttleMs: 0, arrayThrottleMs: 0 });
  readOnlyWeb = await startLutWeb(lut.runtime, 'LUT', { port: 0, host: '127.0.0.1', throttleMs: 0, arrayThrottleMs: 0 });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await readOnlyWeb?.stop();
  await lut?.close();
  await und?.close();
  await mono?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('draws the table and the curve with the current point, and applies a table edit typed into the page', async () => {
  const { page } = browser;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${web.port}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('body[data-editable="true"]');
  const curve = page.locator('#curve');
  await expect.poll(() => curve.getAttribute('data-fine'), { timeout: 10_000 }).toBe('255');
  expect(await curve.getAttribute('data-points')).toBe('4');
  // MONO:energy = 5 keV: between 4 → 10 and 6 → 14, the gap is 12 mm; the point is marked.
  await expect.poll(() => curve.getAttribute('data-current'), { timeout: 10_000 }).toBe('5,12');
  expect(await page.locator('#input-value').textContent()).toBe('5.0000 keV');
  expect(await page.locator('#output-value').textContent()).toBe('12.00000');
  expect(await page.locator('canvas').count()).toBeGreaterThan(0);
  await expect.poll(() => page.locator(`.readback[data-pv="LUT:status"]`).textContent(), { timeout: 10_000 }).toBe('OK');

  // The operator raises the second point to 16 mm and adds one at 12 keV, then applies.
  await page.locator('input[data-row="1"][data-col="y"]').fill('16');
  await page.locator('#add-point').click();
  await page.locator('input[data-row="4"][data-col="x"]').fill('12');
  await page.locator('input[data-row="4"][data-col="y"]').fill('40');
  await page.locator('#apply').click();

  await until(() => lut.app.table.x.length === 5, 'the edit applied by the IOC');
  expect(lut.app.table).toEqual({ x: [4, 6, 8, 10, 12], y: [10, 16, 20, 28, 40] });
  await until(() => Math.abs(und.model.gap.get() - 13) < 1e-9, 'the target moved to f(5) = 13');
  await until(async () => (await readTableFile(file))?.table.x.length === 5, 'the file saved');
  expect((await readTableFile(file))?.table).toEqual({ x: [4, 6, 8, 10, 12], y: [10, 16, 20, 28, 40] });
  expect(lut.app.ioc.status.get()).toBe(LutStatus.OK);
  await expect.poll(() => curve.getAttribute('data-points'), { timeout: 10_000 }).toBe('5');
  await expect.poll(() => curve.getAttribute('data-current'), { timeout: 10_000 }).toBe('5,13');
  await expect.poll(() => page.locator('#output-value').textContent(), { timeout: 10_000 }).toBe('13.00000');
  await screenshot(page, SHOTS, 'lut-screen-edited');

  // A refused edit (x not increasing) shows TABLE ERROR and its message; the table stays.
  await page.locator('input[data-row="2"][data-col="x"]').fill('5');
  await page.locator('#apply').click();
  await expect.poll(() => page.locator(`.readback[data-pv="LUT:status"]`).textContent(), { timeout: 10_000 }).toBe('TABLE ERROR');
  await expect.poll(() => page.locator(`.readback[data-pv="LUT:message"]`).textContent(), { timeout: 10_000 }).toMatch(/increasing/);
  expect(lut.app.table.y).toEqual([10, 16, 20, 28, 40]);
  expect(errors).toEqual([]);
});

it('without --web-write the table is shown but cannot be edited', async () => {
  const { page } = browser;
  await page.goto(`http://127.0.0.1:${readOnlyWeb.port}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await expect.poll(() => page.locator('input[data-row="0"][data-col="x"]').count(), { timeout: 10_000 }).toBe(1);
  expect(await page.locator('body').getAttribute('data-editable')).toBe('false');
  expect(await page.locator('input[data-row="0"][data-col="x"]').isDisabled()).toBe(true);
  expect(await page.locator('#apply').isVisible()).toBe(false);
});

it("shows the input PV read-only: the screen's server is no gateway for writing other IOCs' PVs", async () => {
  const c = await PvwsTestClient.open(web.port);
  try {
    c.send({ type: 'subscribe', pvs: ['MONO:energy', 'LUT:xoff'] });
    expect(await c.update('MONO:energy')).toMatchObject({ vtype: 'VDouble', units: 'keV', readonly: true });
    expect(await c.update('LUT:xoff')).toMatchObject({ readonly: false });
    c.send({ type: 'write', pv: 'MONO:energy', value: 9 });
    const error = await c.waitFor(() => c.messages.find((m) => m.type === 'error'), 'the refusal');
    expect(error.message).toMatch(/MONO:energy is read-only/);
    expect(mono.model.energy.get()).toBe(5);
  } finally {
    c.close();
  }
});
