import type { Observable } from 'rxjs';
import type { OperationEvent, RobotOperation, ServerMessage, StartOperationOptions } from '@devioc/dcs-protocol';
import { abortable } from './abortable.js';

/** What sequences need from the DHS link: DhsLink has it, and so does a test's fake robot. */
export interface OperationLink {
  start(operation: string, args?: readonly string[], options?: StartOperationOptions): Observable<OperationEvent>;
  send(message: ServerMessage): boolean;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Each `htos_operation_update` text (`OK to prepare`, detailed messages). */
  onUpdate?: (text: string) => void;
}

/**
 * Starts one operation now and resolves with its `normal` returns. Rejects with the
 * tracker's OperationError (failed, busy, timeout, disconnected, not-connected), or with
 * SequenceAborted when the signal aborts (the robot is aborted separately, by CMD:abort).
 */
export function runOperation(link: OperationLink, operation: RobotOperation, args: readonly string[] = [], options: RunOptions = {}): Promise<string> {
  let unsubscribe = (): void => {};
  const done = new Promise<string>((resolve, reject) => {
    const subscription = link.start(operation, args, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }).subscribe({
      next: (event) => {
        if (event.type === 'update') options.onUpdate?.(event.text);
        else resolve(event.returns);
      },
      error: reject,
    });
    unsubscribe = () => subscription.unsubscribe();
  });
  return abortable(done, options.signal).finally(() => unsubscribe());
}
