#!/usr/bin/env node
/**
 * Captures EPICS softIoc's metadata of calc/calcout/sub inputs through links (link-limits.mjs)
 * into softioc-link-limits.json: loads links.db into the real softIoc and reads it through
 * devioc's CA client (softioc-capture.mjs; built: `npm run build` first).
 *
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node packages/core/test/records/link-limits/capture-softioc.mjs
 */
import { fileURLToPath } from 'node:url';
import { captureFromSoftIoc } from '../softioc-capture.mjs';
import { databaseText, readLinkLimits } from './link-limits.mjs';

await captureFromSoftIoc({ dir: fileURLToPath(new URL('.', import.meta.url)), dbName: 'links.db', dbText: databaseText(), read: readLinkLimits, fixture: 'softioc-link-limits.json', unit: 'fields' });
