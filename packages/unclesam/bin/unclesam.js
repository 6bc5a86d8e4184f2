#!/usr/bin/env node
// The 'unclesam' command. A committed shim, so that npm links it at install time, before the
// TypeScript is built; it runs the built CLI (npm run build).
import { runCli } from '../dist/cli.js';

runCli();
