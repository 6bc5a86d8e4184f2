/** A started LutModel on a runtime that serves nothing, a StatusBoard and a logger that records, for the parts' unit tests. */
import { type Logger, Runtime } from '@devioc/core';
import { StatusBoard } from '../../src/app/status.js';
import { LutModel } from '../../src/model/lut-model.js';

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const log: RecordingLogger = {
    lines,
    error: (m) => void lines.push(`error: ${m}`),
    warn: (m) => void lines.push(`warn: ${m}`),
    important: (m) => void lines.push(`important: ${m}`),
    info: (m) => void lines.push(`info: ${m}`),
    debug: () => undefined,
    isDebugEnabled: () => false,
    child: () => log,
  };
  return log;
}

export interface ModelHarness {
  ioc: LutModel;
  status: StatusBoard;
  log: RecordingLogger;
  stop(): Promise<void>;
}

export async function startModel(): Promise<ModelHarness> {
  const runtime = new Runtime({ serve: false });
  const log = recordingLogger();
  const ioc = new LutModel('T', { runtime, logger: log });
  await ioc.start();
  return {
    ioc,
    status: new StatusBoard(() => undefined),
    log,
    async stop() {
      await ioc.shutdown();
      await runtime.close();
    },
  };
}
