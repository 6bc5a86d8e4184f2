/**
 * The generated screen in headless Chromium, served by `devioc softioc --http` (the real CLI):
 * every record drawn with its widget, alarm colours, a write from the page reaching the record
 * (checked over CA), enum buttons, the filter box, and the disconnected state.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaClient } from '@devioc/core/ca';
import { openBrowser, screenshot, type TestBrowser } from '../../../test/helpers/browser.js';
import { freePort } from '../../../test/helpers/ports.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

const DB = `
record(ai, "DEMO:temp") { field(DESC, "Cryostat temperature") field(EGU, "K") field(PREC, "2") field(VAL, "77.123") field(HIGH, "80") field(HSV, "MINOR") field(HIHI, "90") field(HHSV, "MAJOR") }
record(ao, "DEMO:setpoint") { field(DESC, "Heater setpoint") field(EGU, "K") field(PREC, "1") field(VAL, "80") }
record(mbbo, "DEMO:mode") { field(DESC, "Mode") field(ZRST, "AUTO") field(ONST, "MANUAL") field(TWST, "OFF") }
record(bo, "DEMO:valve") { field(DESC, "Valve") field(ZNAM, "Closed") field(ONAM, "Open") }
record(stringout, "DEMO:message") { field(DESC, "Operator message") field(VAL, "ready") }
record(waveform, "DEMO:spectrum") { field(DESC, "Spectrum") field(FTVL, "DOUBLE") field(NELM, "64") field(INP, [0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 81, 64, 49, 36, 25, 16, 9, 4, 1, 0]) field(PINI, "YES") }
record(calc, "DEMO:sub:sum") { field(DESC, "Sum") field(CALC, "A+B") field(INPA, "DEMO:temp CP") field(INPB, "DEMO:setpoint CP") field(PREC, "3") }
record(longin, "DEMO:sub:count") { field(DESC, "Counter") field(VAL, "12") }
`;

let ioc: ChildProcess;
let port: number;
let caPort: number;
let ca: CaClient;
let browser: TestBrowser;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'devioc-screen-'));
  writeFileSync(path.join(dir, 'demo.db'), DB);
  port = await freePort(1);
  caPort = await freePort();
  ioc = spawn(process.execPath, [`${root}packages/core/dist/cli/main.js`, 'softioc', '-d', path.join(dir, 'demo.db'), '--http', String(port), '--web-write', '--web-throttle', '0'], {
    env: { ...process.env, EPICS_CAS_SERVER_PORT: String(caPort), EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CAS_BEACON_PORT: String(caPort + 1) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  ioc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const end = Date.now() + 20_000;
  while (!output.includes('screen at')) {
    if (Date.now() > end || ioc.exitCode !== null) throw new Error(`softioc did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  ca = new CaClient({ addressList: [`127.0.0.1:${caPort}`], autoAddressList: false, serverPort: caPort, repeaterPort: caPort + 1, env: {} });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await ca?.close();
  if (ioc && ioc.exitCode === null) ioc.kill('SIGTERM');
});

it('draws every record with its widget, live, and writes from the page', async () => {
  const { page } = browser;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('body[data-connected="true"]');
  // Grouped by name: DEMO and DEMO:sub.
  expect(await page.locator('section h2').allTextContents()).toEqual(['DEMO', 'DEMO:sub']);
  const row = (name: string) => page.locator(`.row[data-name="${name.toLowerCase()}"]`);
  await expect.poll(() => row('DEMO:temp').locator('.readback').textContent()).toBe('77.12 K');
  await expect.poll(() => row('DEMO:mode').locator('.choices button').allTextContents()).toEqual(['AUTO', 'MANUAL', 'OFF']);
  await expect.poll(() => row('DEMO:spectrum').locator('canvas').count()).toBeGreaterThan(0);
  await expect.poll(() => row('DEMO:message').locator('.readback').textContent()).toBe('ready');

  // An entry writes the setpoint; the calc follows; over CA the record has the value.
  await row('DEMO:setpoint').locator('input.entry').fill('85.5');
  await row('DEMO:setpoint').locator('input.entry').press('Enter');
  await expect.poll(() => row('DEMO:setpoint').locator('.readback').textContent()).toBe('85.5 K');
  expect((await ca.get('DEMO:setpoint')).value).toBe(85.5);
  await expect.poll(() => row('DEMO:sub:sum').locator('.readback').textContent()).toBe('162.623');
  await row('DEMO:mode').locator('.choices button', { hasText: 'MANUAL' }).click();
  await expect.poll(() => row('DEMO:mode').locator('.choices button.active').textContent()).toBe('MANUAL');
  expect((await ca.get('DEMO:mode', { type: 'native' })).value).toBe(1);

  // Alarm colours follow the record: a CA put raises HIHI (MAJOR).
  await ca.put('DEMO:temp', 95);
  await expect.poll(() => row('DEMO:temp').locator('.readback').getAttribute('class')).toContain('sev-MAJOR');
  await ca.put('DEMO:temp', 85);
  await expect.poll(() => row('DEMO:temp').locator('.readback').getAttribute('class')).toContain('sev-MINOR');
  await screenshot(page, SHOTS, 'generated-screen');

  // The filter box.
  await page.fill('#filter', 'heater');
  await expect.poll(() => page.locator('.row:not(.hidden)').count()).toBe(1);
  expect(await page.locator('section:not(.hidden) h2').allTextContents()).toEqual(['DEMO']);
  await page.fill('#filter', '');
  expect(errors).toEqual([]);

  // The IOC goes away: every widget shows disconnected.
  ioc.kill('SIGTERM');
  await page.waitForSelector('body[data-connected="false"]', { state: 'attached' });
  await expect.poll(() => row('DEMO:temp').locator('.readback').textContent()).toBe('disconnected');
  expect(await row('DEMO:temp').locator('.readback').getAttribute('class')).toContain('sev-UNDEFINED');
  await screenshot(page, SHOTS, 'generated-screen-disconnected');
});
