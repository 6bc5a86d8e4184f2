/** The sequence was aborted (CMD:abort, or the IOC shutting down). */
export class SequenceAborted extends Error {
  constructor(reason = 'aborted') {
    super(reason);
    this.name = 'SequenceAborted';
  }
}

/** A command that cannot run now; the text says why, for MESSAGE. */
export class Refused extends Error {
  constructor(text: string) {
    super(text);
    this.name = 'Refused';
  }
}

/** Settles with the promise, or rejects with SequenceAborted as soon as the signal aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new SequenceAborted(String(signal.reason ?? 'aborted')));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SequenceAborted(String(signal.reason ?? 'aborted')));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Waits `ms`, or rejects with SequenceAborted when the signal aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const wait = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return abortable(wait, signal).finally(() => clearTimeout(timer));
}
