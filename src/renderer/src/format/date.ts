const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;

/**
 * A stored observation date (ISO 8601 UTC, `YYYY-MM-DDThh:mm:ss.sss` or `YYYY-MM-DD`) as
 * shown: `2026-01-15 03:12:45` (a fraction of a second only when there is one), with ` UTC`
 * after a time when `zone` is set. Text that is not such a date (kept as written by an older
 * library) is shown as it is.
 */
export function formatDate(stored: string, zone = false): string {
  const m = ISO.exec(stored);
  if (!m) return stored;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${fraction ? `.${fraction}` : ''}${zone ? ' UTC' : ''}`;
}
