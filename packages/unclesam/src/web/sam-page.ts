/**
 * The SAM operator screen as a page of the IOC's web server (its script, browser/sam.ts, is
 * bundled into dist/browser/ at build), and the server that shows it next to the generated screen.
 */
import { fileURLToPath } from 'node:url';
import type { Runtime } from '@devioc/core';
import { pageHtml, WebServer, type WebPage } from '@devioc/web';

const BUNDLES = fileURLToPath(new URL('../../dist/browser/', import.meta.url));

export function samPage(device: string): WebPage {
  const title = `SAM Automounter ${device}`;
  return {
    path: '/sam',
    title,
    html: () => pageHtml({ title, script: `/sam/sam.js?device=${encodeURIComponent(device)}` }),
    assets: { '/sam/': BUNDLES },
  };
}

export interface SamWebOptions {
  port: number;
  host?: string;
  write?: boolean;
  throttleMs?: number;
}

/** A web server for UncleSAM: the SAM screen at / and /sam, the generated screen at /screen. */
export async function startSamWeb(runtime: Runtime, device: string, options: SamWebOptions): Promise<WebServer> {
  const server = new WebServer({
    port: options.port,
    host: options.host,
    db: runtime.db,
    write: options.write ?? false,
    throttleMs: options.throttleMs,
    pages: [samPage(device)],
    title: `UncleSAM ${device}`,
  });
  await server.start();
  return server;
}
