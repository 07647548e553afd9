import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { deleteBlob, uploadBlob } from '../../src/main/services/tasks/broker/blob-store.js';
import { sha256File } from '../../src/main/services/tasks/file-ref.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { tempDir } from '../helpers/tmp.js';
import { appOnBroker, importAndExtract, until } from './broker-helpers.js';

let redis: TestRedis;
let client: Redis;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
  ({ dir, cleanup } = tempDir());
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
  cleanup();
});

const blobKeys = (prefix: string) => client.keys(`${prefix}:blob:*`);

describe('file copies on the broker', () => {
  it('leave Redis when their tasks end (not at their 72 h expiry)', async () => {
    const s = appOnBroker(join(dir, 'lib'), redis.url, 'blobs', true);
    try {
      await s.tasks.start();
      expect(s.settings.get().broker.sharedFilesystem).toBe(false);
      const ids = await importAndExtract(s, dir, 4, 900, 512);
      // Uploaded while the tasks run (each 512² float image is ~1 MB).
      await until(() => s.tasks.list().some((t) => t.status === 'running'), 30_000, 5);
      const held = (await blobKeys('blobs')).length;
      const done = await s.tasks.waitFor(ids);
      expect(done.every((t) => t.status === 'succeeded')).toBe(true);
      expect(held).toBeGreaterThan(0);
      // Deleted right after the results are recorded (a few round trips).
      let left = await blobKeys('blobs');
      for (let i = 0; i < 100 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = await blobKeys('blobs');
      }
      expect(left, `${held} blob key(s) while running`).toEqual([]);
    } finally {
      await s.close();
    }
  }, 90_000);

  it('hold about their own size in Redis, and nothing once deleted', async () => {
    const path = join(dir, 'big.bin');
    const size = 24 * 1024 * 1024 + 12_345;
    writeFileSync(path, randomBytes(size));
    const ref = { path, size, sha256: await sha256File(path) };
    await uploadBlob(client, 'mem', ref);
    // What the keys hold (Redis's own count, allocator size classes included).
    let held = 0;
    for (const key of await blobKeys('mem')) held += Number(await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    // Chunks of exactly 4 MiB held 1.25 × the file (jemalloc's next size class for each).
    expect(held / size).toBeLessThan(1.1);
    await deleteBlob(client, 'mem', ref.sha256);
    expect(await blobKeys('mem')).toEqual([]);
  });
});
