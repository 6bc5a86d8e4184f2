/**
 * The SAM screen in headless Chromium against UncleSAM and the simulated RobotDHS (a separate
 * process over TCP): a mount started from the page's button, the cassette map and the status
 * followed live.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSamWeb } from '@devioc/unclesam';
import type { WebServer } from '@devioc/web';
import { openBrowser, screenshot, type TestBrowser } from './helpers/browser.js';
import { GonioIoc, SimulatorProcess, simulatorState, startUncleSam, type UncleSamHarness } from './helpers/unclesam.js';

const SHOTS = fileURLToPath(new URL('../packages/unclesam/test/screenshots', import.meta.url));

let sam: UncleSamHarness;
let sim: SimulatorProcess;
let gonio: GonioIoc;
let web: WebServer;
let browser: TestBrowser;

beforeAll(async () => {
  gonio = await GonioIoc.start(`GONIO${Math.floor(Math.random() * 1e6)}`);
  sam = await startUncleSam({ gonio });
  sim = await SimulatorProcess.start({ dhsPort: sam.dhsPort, args: ['--empty', 'lB8'] });
  await sam.connected();
  web = await startSamWeb(sam.runtime, sam.device, { port: 0, host: '127.0.0.1', write: true, throttleMs: 0 });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await sim?.stop();
  await sam?.stop();
  await gonio?.stop();
});

it('mounts from the Mount button and shows the cassette and the status change', async () => {
  const { page } = browser;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${web.port}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('body[data-connected="true"]');
  const text = (pv: string) => page.locator(`.readback[data-pv="${sam.pv(pv)}"]`).textContent();
  await expect.poll(() => text('CONNECTED'), { timeout: 10_000 }).toBe('ACTIVE');
  await expect.poll(() => text('STATUS')).toBe('IDLE');
  await expect.poll(() => page.locator('[data-cassette="left"] .port.sample').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await page.locator('[data-port="lB8"]').getAttribute('class')).toContain('empty');
  await screenshot(page, SHOTS, 'sam-screen-idle');

  // The operator types the port and presses Mount.
  await page.locator(`input.entry[data-pv="${sam.pv('PARAM:NEXTPORT')}"]`).fill('LA1');
  await page.locator(`input.entry[data-pv="${sam.pv('PARAM:NEXTPORT')}"]`).press('Enter');
  await expect.poll(() => text('PARAM:NEXTPORT')).toBe('LA1');
  await page.locator(`button.command[data-pv="${sam.pv('CMD:mount')}"]`).click();
  await expect.poll(() => text('STATUS'), { timeout: 60_000 }).not.toBe('IDLE');
  await expect.poll(() => page.locator('[data-port="lA1"]').getAttribute('class'), { timeout: 120_000 }).toContain('mounted');
  await expect.poll(() => text('STATUS'), { timeout: 120_000 }).toBe('IDLE');
  await expect.poll(() => text('STATE:PORT')).toBe('LA1');
  expect((await simulatorState(sim)).mounted).toMatch(/^l\s*A\s*1$|^lA1$|^LA1$/i);
  expect(await page.locator('pre.log').textContent()).not.toBe('');
  await screenshot(page, SHOTS, 'sam-screen-mounted');
  expect(errors).toEqual([]);
});
