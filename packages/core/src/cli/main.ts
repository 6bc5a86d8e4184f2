#!/usr/bin/env node
import { buildProgram } from './program.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`devioc: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
