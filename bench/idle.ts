/** Idle the calling thread for `seconds` [s] (0 or less: return at once), for benchmark scripts that are synchronous throughout. */
export function idle(seconds: number): void {
  if (seconds > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}
