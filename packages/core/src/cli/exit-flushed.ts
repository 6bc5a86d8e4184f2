/**
 * process.exit after what was written to stdout and stderr has gone out. Node writes to a
 * pipe or socket asynchronously on POSIX, and process.exit drops what is still queued: a
 * script's last hundreds of error lines, read by a parent through a socket (a test, systemd's
 * journal), were lost at `exit`. Bounded: a reader that stopped reading does not hold the exit.
 */
export async function exitFlushed(code: number, boundMs = 2000): Promise<never> {
  const drained = (stream: NodeJS.WriteStream): Promise<void> =>
    new Promise((resolve) => {
      if (!stream.writable || stream.destroyed) return resolve();
      // An empty write's callback runs once every write queued before it has been written.
      stream.write('', () => resolve());
    });
  await Promise.race([Promise.all([drained(process.stdout), drained(process.stderr)]), new Promise((resolve) => setTimeout(resolve, boundMs).unref())]);
  process.exit(code);
}
