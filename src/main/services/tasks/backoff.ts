/**
 * Delay before attempt `attempt + 1` after a retryable failure of attempt `attempt` (1-based):
 * base × 2^(attempt − 1) with ±20 % jitter, capped at 10 minutes.
 */
export function backoffMs(attempt: number, baseMs = 2_000, random: () => number = Math.random): number {
  const raw = baseMs * 2 ** Math.max(0, attempt - 1);
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(raw * jitter, 600_000));
}
