/**
 * Polls `fn` every 50 ms until it gives a truthy value, and returns that value; throws
 * `timed out waiting for <what>` after `timeoutMs`. For tests that wait on another thread,
 * process or the task queue.
 */
export async function until<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** {@link until} for an asynchronous `fn` (a call to a host, a page query): awaits each answer. */
export async function untilAsync<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
