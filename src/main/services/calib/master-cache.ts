/**
 * The last masters read, kept for the next frame: a pool thread calibrates one light per task,
 * each with the same bias, dark and flat, and reading them again (SHA-256 and decoding of three
 * full frames) cost more than the light itself. A cached master is used only while its file has
 * the same inode, size and modification time; at most {@link MAX_ENTRIES} masters and
 * {@link MAX_BYTES} of pixels are kept, the least recently used dropped first. Callers must not
 * modify a cached master's pixels.
 */
import { statSync } from 'node:fs';

/** Masters kept (a bias, a dark and a flat or two). */
export const MAX_ENTRIES = 4;
/** Pixel bytes kept (three float32 masters of 4096² fit). */
export const MAX_BYTES = 256 * 1024 * 1024;

interface Entry<T> {
  stamp: string;
  value: T;
  bytes: number;
}

const entries = new Map<string, Entry<unknown>>();

function stampOf(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined; // the loader reports the error
  }
}

/**
 * The value `load` makes of the file at `path` (under `key`, e.g. the path and the kind),
 * from the cache while the file is unchanged. `bytesOf` says how much memory it holds.
 */
export function cachedLoad<T>(key: string, path: string, load: () => T, bytesOf: (value: T) => number): T {
  const stamp = stampOf(path);
  const hit = entries.get(key);
  if (hit !== undefined && stamp !== undefined && hit.stamp === stamp) {
    entries.delete(key);
    entries.set(key, hit); // most recently used last
    return hit.value as T;
  }
  entries.delete(key);
  const value = load();
  const bytes = bytesOf(value);
  if (stamp === undefined || bytes > MAX_BYTES) return value;
  entries.set(key, { stamp, value, bytes });
  let total = 0;
  for (const e of entries.values()) total += e.bytes;
  for (const [k, e] of entries) {
    if (entries.size <= MAX_ENTRIES && total <= MAX_BYTES) break;
    entries.delete(k);
    total -= e.bytes;
  }
  return value;
}

/** Forgets every cached value (tests; memory pressure). */
export function clearCache(): void {
  entries.clear();
}
