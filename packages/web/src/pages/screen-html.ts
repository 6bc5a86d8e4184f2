/** The generated screen of an IOC's records (its script is browser/screen.ts, bundled). */
import { pageHtml } from './html.js';

export const screenHtml = (title: string): string => pageHtml({ title, script: '/devioc/screen.js' });
