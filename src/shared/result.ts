import type { ErrorCode } from './errors.js';

/** What every contract call resolves to: handlers never throw across the boundary. */
export type Result<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, code, message };
}
