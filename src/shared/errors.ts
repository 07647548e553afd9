/**
 * Error codes that cross the IPC boundary. Codes, not prose, are the contract: the message is
 * for people, the code is for programs.
 */
export const ERROR_CODES = [
  'invalid_argument',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'fits_error',
  'cancelled',
  'timed_out',
  'no_space',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error a service throws on purpose; handlers turn it into `{ ok: false, code, message }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * True for an error that means the disk (or the user's quota) is full: Node's ENOSPC and
 * EDQUOT, SQLite's SQLITE_FULL. Such errors are reported as `no_space`, not as a missing file.
 */
export function isNoSpaceError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/** The one-line message of an out-of-space error: what was being done, and that the disk is full. */
export function noSpaceMessage(doing: string, err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const detail = err instanceof Error ? err.message : String(err);
  return `${doing}: out of disk space (${typeof code === 'string' ? `${code}: ` : ''}${detail.replace(/^\w+: /, '')})`;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * A failed zod parse's first issue as the tail of a one-line message: its text (`fallback`
 * without one) and ` at a.b.0` when it has a path.
 */
export function issueText(error: { issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }> }, fallback = 'invalid'): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
  return `${issue?.message ?? fallback}${where}`;
}
