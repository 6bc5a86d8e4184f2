#!/usr/bin/env node
/**
 * Captures EPICS softIoc's values converted through DB links (link-conversions.mjs) into softioc-
 * link-conversions.json: loads conversions.db into the real softIoc and reads it through devioc's
 * CA client (softioc-capture.mjs; built: `npm run build` first).
 *
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node packages/core/test/records/link-conversions/capture-softioc.mjs
 */
import { fileURLToPath } from 'node:url';
import { captureFromSoftIoc } from '../softioc-capture.mjs';
import { databaseText, readConversions } from './link-conversions.mjs';

await captureFromSoftIoc({ dir: fileURLToPath(new URL('.', import.meta.url)), dbName: 'conversions.db', dbText: databaseText(), read: readConversions, fixture: 'softioc-link-conversions.json', unit: 'cases' });
