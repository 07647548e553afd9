import { Redis } from 'ioredis';
import { redactUrl } from './runner-info.js';

export interface BrokerCheck {
  ok: boolean;
  /** One line for the settings page: what works, or what is wrong and where. */
  message: string;
}

/**
 * Tries a broker URL once (connect, authenticate, PING) within `timeoutMs` in all, and explains
 * a failure in words an astronomer can act on. Never throws.
 */
export async function checkBroker(url: string, timeoutMs = 3000): Promise<BrokerCheck> {
  const shown = redactUrl(url);
  const end = Date.now() + timeoutMs;
  const left = () => Math.max(1, end - Date.now());
  let redis: Redis | null = null;
  // ioredis reports the cause (ECONNREFUSED, NOAUTH …) on 'error' and rejects with a generic
  // "Connection is closed"; keep the cause to explain.
  let cause: unknown = null;
  try {
    redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
      tls: url.startsWith('rediss://') ? {} : undefined,
    });
    redis.on('error', (err: unknown) => {
      cause ??= err;
    });
    await withTimeout(redis.connect(), left());
    await withTimeout(redis.ping(), left());
    const info = await withTimeout(redis.info('server'), left());
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown version';
    return { ok: true, message: `connected to ${shown} (Redis ${version})` };
  } catch (err) {
    return { ok: false, message: explain(cause ?? err, shown) };
  } finally {
    redis?.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function explain(err: unknown, shown: string): string {
  const code = (err as { code?: string }).code ?? '';
  const text = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) return `nothing is listening at ${shown} (connection refused)`;
  if (code === 'ENOTFOUND' || /ENOTFOUND|EAI_AGAIN/.test(text)) return `unknown host in ${shown}`;
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(text)) return `no answer from ${shown} (timed out)`;
  if (/WRONGPASS|invalid password|invalid username-password/i.test(text)) return `${shown} refused the password`;
  if (/NOAUTH/.test(text)) return `${shown} needs a password (redis://:PASSWORD@host:port)`;
  if (/Invalid URL/i.test(text)) return `not a valid URL: ${shown}`;
  if (/Unknown RESP type|Protocol error/i.test(text)) return `${shown} answered, but not as a Redis server would`;
  return `cannot use ${shown}: ${text}`;
}
