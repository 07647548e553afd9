import { WcsError, type WcsErrorCode } from './errors.js';
import type { HeaderLookup } from './header.js';
import { parseWcs } from './parse.js';
import type { Wcs } from './types.js';

/** Why a header's celestial WCS cannot be used: the `WcsError` code, its message and the keyword at fault. */
export interface WcsProblem {
  readonly code: WcsErrorCode;
  /** One line, naming the keyword when known (e.g. `projection 'XYZ' is not supported (CTYPE1)`). */
  readonly message: string;
  readonly keyword: string | null;
}

/** The outcome of reading a header's WCS: a usable one, none at all, or one that cannot be used and why. */
export type WcsReading = { wcs: Wcs; error: null } | { wcs: null; error: null } | { wcs: null; error: WcsProblem };

/**
 * {@link parseWcs} that says why instead of throwing: `{ wcs: null, error: null }` when the
 * header has no celestial WCS, `{ wcs: null, error }` when it declares one that cannot be used.
 * Errors other than `WcsError` (bugs) are not caught.
 */
export function readWcs(header: HeaderLookup, options?: { alt?: string }): WcsReading {
  try {
    const wcs = parseWcs(header, options);
    return wcs ? { wcs, error: null } : { wcs: null, error: null };
  } catch (err) {
    if (err instanceof WcsError) return { wcs: null, error: wcsProblem(err) };
    throw err;
  }
}

/** The plain-data form of a `WcsError` (for JSON, IPC and the database). */
export function wcsProblem(err: WcsError): WcsProblem {
  return { code: err.code, message: err.message, keyword: err.keyword ?? null };
}

/** `message [CODE]`, the one line shown to users. */
export function formatWcsProblem(p: WcsProblem): string {
  return `${p.message} [${p.code}]`;
}
