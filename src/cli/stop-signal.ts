/**
 * SIGINT and SIGTERM for commands that clean up before they end (import, worker, host). The
 * first signal calls the command's handler; from then on the process ends within
 * {@link STOP_GRACE_MS} whatever the clean-up is waiting for (a broker that is gone, a thread
 * that does not answer), and at once on a second signal. SQLite commits are synchronous, so
 * an exit from a timer never cuts a transaction short: the library stays consistent.
 */

/** How long a command may take to stop after the first signal (ms). */
export const STOP_GRACE_MS = 4000;

/** The conventional exit status of a process ended by `signal` (128 + its number). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/**
 * Calls `handler` on the first SIGINT or SIGTERM and guarantees the exit that follows. Returns
 * a function that removes the listeners (the command finished without a signal).
 */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void, graceMs = STOP_GRACE_MS): () => void {
  const first = (signal: NodeJS.Signals) => {
    dispose();
    const code = signalExitCode(signal);
    process.once('SIGINT', () => process.exit(code));
    process.once('SIGTERM', () => process.exit(code));
    const deadline = setTimeout(() => {
      process.stderr.write(`nightshift: still stopping ${graceMs / 1000} s after ${signal}; exiting now\n`);
      process.exit(code);
    }, graceMs);
    deadline.unref();
    handler(signal);
  };
  const dispose = () => {
    process.off('SIGINT', first);
    process.off('SIGTERM', first);
  };
  process.once('SIGINT', first);
  process.once('SIGTERM', first);
  return dispose;
}

/** Resolves with the first stop signal (see {@link onStopSignal}). */
export function stopSignal(graceMs = STOP_GRACE_MS): Promise<NodeJS.Signals> {
  return new Promise((resolve) => onStopSignal(resolve, graceMs));
}
