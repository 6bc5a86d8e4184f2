#!/usr/bin/env node
/**
 * Captures EPICS softIoc's initial state of every record type (initial.mjs) into softioc-
 * initial.json: loads initial.db into the real softIoc and reads it through devioc's CA client
 * (softioc-capture.mjs; built: `npm run build` first).
 *
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node packages/core/test/records/initial-state/capture-softioc.mjs
 */
import { fileURLToPath } from 'node:url';
import { captureFromSoftIoc } from '../softioc-capture.mjs';
import { databaseText, readInitialState } from './initial.mjs';

await captureFromSoftIoc({ dir: fileURLToPath(new URL('.', import.meta.url)), dbName: 'initial.db', dbText: databaseText(), read: readInitialState, fixture: 'softioc-initial.json', unit: 'records' });
