#!/usr/bin/env node
/**
 * Captures EPICS softIoc's answers to the behaviour scenario (scenario.mjs) for records.db into
 * softioc-answers.json. Reads go through devioc's CA client (softioc-capture.mjs; built: `npm run
 * build` first); the server is the real softIoc, on a private loopback port.
 *
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node packages/core/test/records/behaviour/capture-softioc.mjs
 */
import { fileURLToPath } from 'node:url';
import { captureFromSoftIoc } from '../softioc-capture.mjs';
import { recordingLogger, runScenario } from './scenario.mjs';

// A put without callback fails only in a CA error, which the client logs: the scenario reads it there.
const warnings = [];
await captureFromSoftIoc({
  dir: fileURLToPath(new URL('.', import.meta.url)),
  dbName: 'records.db',
  read: (client) => runScenario(client, warnings),
  fixture: 'softioc-answers.json',
  unit: 'steps',
  logger: recordingLogger(warnings),
});
