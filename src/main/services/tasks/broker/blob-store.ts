import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Redis } from 'ioredis';
import { TaskError } from '../../../../shared/task-error.js';
import type { FileRef } from '../file-ref.js';

/**
 * Chunk size of files stored in Redis (well under Redis's 512 MB value limit). Just under
 * 4 MiB: a value of exactly 4 MiB plus Redis's few bytes of header takes jemalloc's next size
 * class (5 MiB), so 50 MB of file held 65 MB; at this size it holds 51.5 MB.
 */
export const BLOB_CHUNK = 4 * 1024 * 1024 - 64 * 1024;
/**
 * How long uploaded bytes stay in Redis at most (seconds): long enough for a night's queue
 * while the app is closed. The app deletes them as soon as their tasks end ({@link deleteBlob}).
 */
export const BLOB_TTL_S = 3 * 24 * 3600;

const metaKey = (prefix: string, sha: string) => `${prefix}:blob:${sha}:meta`;
const chunkKey = (prefix: string, sha: string, i: number) => `${prefix}:blob:${sha}:${i}`;

/**
 * Stores a file's bytes in Redis under its content hash, in chunks, with an expiry, so a
 * worker that cannot see the file can fetch it. The meta key is written last: a partial
 * upload is never taken for a whole one. Already stored bytes only get their expiry renewed.
 */
export async function uploadBlob(redis: Redis, prefix: string, ref: FileRef, ttlS = BLOB_TTL_S): Promise<void> {
  const meta = await redis.hgetall(metaKey(prefix, ref.sha256));
  const chunks = Math.max(1, Math.ceil(ref.size / BLOB_CHUNK));
  if (meta && Number(meta.size) === ref.size && Number(meta.chunks) === chunks) {
    const p = redis.pipeline();
    p.expire(metaKey(prefix, ref.sha256), ttlS);
    for (let i = 0; i < chunks; i++) p.expire(chunkKey(prefix, ref.sha256, i), ttlS);
    await p.exec();
    return;
  }
  const hash = createHash('sha256');
  let i = 0;
  let size = 0;
  for await (const chunk of createReadStream(ref.path, { highWaterMark: BLOB_CHUNK })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    size += buf.length;
    await redis.set(chunkKey(prefix, ref.sha256, i++), buf, 'EX', ttlS);
  }
  if (size === 0) await redis.set(chunkKey(prefix, ref.sha256, i++), Buffer.alloc(0), 'EX', ttlS);
  if (hash.digest('hex') !== ref.sha256 || size !== ref.size) {
    throw new TaskError('integrity', `${ref.path} changed since it was imported (hash or size differs)`);
  }
  await redis.multi().hset(metaKey(prefix, ref.sha256), { size: String(size), chunks: String(i) }).expire(metaKey(prefix, ref.sha256), ttlS).exec();
}

/**
 * Deletes a stored file's bytes (its task ended). The meta key goes first, so a worker never
 * takes what is left for a whole file; one fetching it at that moment fails `not_found`
 * (retryable) and its task uploads the bytes again.
 */
export async function deleteBlob(redis: Redis, prefix: string, sha256: string): Promise<void> {
  const meta = await redis.hgetall(metaKey(prefix, sha256));
  const chunks = Number(meta?.chunks ?? 0);
  await redis.del(metaKey(prefix, sha256));
  const keys = Array.from({ length: Number.isFinite(chunks) ? chunks : 0 }, (_, i) => chunkKey(prefix, sha256, i));
  for (let i = 0; i < keys.length; i += 256) await redis.del(...keys.slice(i, i + 256));
}

/** True when the bytes of `sha256` are in Redis. */
export async function hasBlob(redis: Redis, prefix: string, sha256: string): Promise<boolean> {
  return (await redis.exists(metaKey(prefix, sha256))) === 1;
}

/**
 * Fetches a stored file into `dir/<sha256>` (verifying size and hash) and returns its path.
 * Throws `not_found` when Redis does not have it and `integrity` when the bytes are wrong.
 */
export async function downloadBlob(redis: Redis, prefix: string, ref: FileRef, dir: string): Promise<string> {
  const meta = await redis.hgetall(metaKey(prefix, ref.sha256));
  if (!meta || meta.chunks === undefined) throw new TaskError('not_found', `the file ${ref.sha256.slice(0, 12)}… is neither readable here nor stored on the broker`, true);
  const chunks = Number(meta.chunks);
  const dest = join(dir, ref.sha256);
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = `${dest}.${randomBytes(4).toString('hex')}.part`;
  const out = createWriteStream(tmp);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for (let i = 0; i < chunks; i++) {
      const buf = await redis.getBuffer(chunkKey(prefix, ref.sha256, i));
      if (!buf) throw new TaskError('not_found', `chunk ${i} of ${ref.sha256.slice(0, 12)}… expired on the broker`, true);
      hash.update(buf);
      size += buf.length;
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (size !== ref.size || hash.digest('hex') !== ref.sha256) throw new TaskError('integrity', `the bytes of ${ref.sha256.slice(0, 12)}… from the broker do not match their hash`);
    renameSync(tmp, dest);
    return dest;
  } catch (err) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}
