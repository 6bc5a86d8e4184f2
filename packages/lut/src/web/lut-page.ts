/**
 * The LUT screen as a page of the IOC's web server (its script, browser/lut.ts, is bundled into
 * dist/browser/ at build), and the server that shows it next to the generated screen. The page
 * reads the input PV's value by name, so the server also serves CA PVs through the IOC's client.
 */
import { fileURLToPath } from 'node:url';
import type { Runtime } from '@devioc/core';
import { pageHtml, WebServer, type WebPage } from '@devioc/web';

const BUNDLES = fileURLToPath(new URL('../../dist/browser/', import.meta.url));

export function lutPage(device: string): WebPage {
  const title = `LUT ${device}`;
  return {
    path: '/lut',
    title,
    html: () => pageHtml({ title, script: `/lut/lut.js?device=${encodeURIComponent(device)}` }),
    assets: { '/lut/': BUNDLES },
  };
}

export interface LutWebOptions {
  /** HTTP port (0: any free port). */
  port: number;
  host?: string;
  /** Let the page write (edit the table, settings, commands); off by default. */
  write?: boolean;
  /** Minimum ms between two updates of one PV to the browsers. */
  throttleMs?: number;
  /** Minimum ms between two updates of one array PV (the table and the curve; default 200). */
  arrayThrottleMs?: number;
}

/** A web server for the LUT IOC: the LUT screen at / and /lut, the generated screen at /screen. */
export async function startLutWeb(runtime: Runtime, device: string, options: LutWebOptions): Promise<WebServer> {
  const server = new WebServer({
    port: options.port,
    host: options.host,
    db: runtime.db,
    ca: runtime.client,
    // The input is read through the IOC's client for the screen; no page writes other IOCs' PVs.
    caReadOnly: true,
    write: options.write ?? false,
    throttleMs: options.throttleMs,
    arrayThrottleMs: options.arrayThrottleMs ?? 200,
    pages: [lutPage(device)],
    title: `LUT ${device}`,
  });
  await server.start();
  return server;
}
