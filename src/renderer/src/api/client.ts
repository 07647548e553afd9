import type { RawApi } from '../../../shared/api.js';
import type { ErrorCode } from '../../../shared/errors.js';
import type { Result } from '../../../shared/result.js';
import { connectHost } from './ws-client.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    nightshift?: RawApi;
  }
}

/** A failed contract call, with the code the main process gave. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `electron` when the preload gave us `window.nightshift`, `host` when we talk WebSocket. */
export const transport: 'electron' | 'host' = window.nightshift ? 'electron' : 'host';

/** The raw API of whichever transport this page has. */
export const raw: RawApi = window.nightshift ?? connectHost(window.location, window.history);

/** Unwraps a Result: the data, or an ApiError. */
export async function call<T>(promise: Promise<Result<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new ApiError(result.code, result.message);
  return result.data;
}
