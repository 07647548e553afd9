import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../../src/main/services/services.js';
import { downloadBlob, uploadBlob } from '../../../../../src/main/services/tasks/broker/blob-store.js';
import { startBrokerWorker } from '../../../../../src/main/services/tasks/broker/broker-worker.js';
import { sha256File } from '../../../../../src/main/services/tasks/file-ref.js';
import { QUEUE_NAME } from '../../../../../src/main/services/tasks/broker/job.js';
import { TaskPool } from '../../../../../src/main/services/tasks/pool/pool.js';
import { closeRedis, connectRedis } from '../../../../../src/main/services/tasks/broker/redis.js';
import { spawnCli } from '../../../../helpers/cli.js';
import { startRedis, type TestRedis } from '../../../../helpers/redis.js';
import { writeStarFits } from '../../../../helpers/star-fits.js';
import { tempDir } from '../../../../helpers/tmp.js';

let redis: TestRedis;
let dir: string;
let cleanup: () => void;
let prefixN = 0;
const prefix = () => `t${++prefixN}`;

beforeAll(async () => {
  redis = await startRedis();
  ({ dir, cleanup } = tempDir());
});
afterAll(async () => {
  await redis.stop();
  cleanup();
});

function brokerServices(name: string, p: string, ownWorker = true): Services {
  return createServices({
    dataDir: join(dir, name),
    logger: silentLogger,
    tasks: { threads: 2, brokerUrl: redis.url, broker: { prefix: p, ownWorker, lockMs: 2000 } },
  });
}

async function startWorkerProcess(p: string, extra: string[] = []): Promise<ChildProcess> {
  const child = spawnCli(['worker', '--broker', redis.url, '--concurrency', '2', '--prefix', p, '--lock-ms', '2000', '--cache', join(dir, `cache-${p}`), ...extra]);
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
  return child;
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function importImages(s: Services, n: number, seed: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const { product } = await s.library.importFile(writeStarFits(join(dir, `img-${seed}-${i}.fits`), { seed: seed + i }));
    ids.push(s.tasks.enqueue('extract', { productId: product.id }).id);
  }
  return ids;
}

describe('blob store', () => {
  it('round-trips a file through Redis in chunks and verifies its hash', async () => {
    const r = connectRedis(redis.url);
    const file = writeStarFits(join(dir, 'blob.fits'), { seed: 77, size: 512 });
    const ref = { path: file, size: (await import('node:fs')).statSync(file).size, sha256: await sha256File(file) };
    await uploadBlob(r, 'blobtest', ref);
    await uploadBlob(r, 'blobtest', ref); // again: only renews the expiry
    expect(await r.ttl(`blobtest:blob:${ref.sha256}:meta`)).toBeGreaterThan(3600);
    const got = await downloadBlob(r, 'blobtest', ref, join(dir, 'dl'));
    expect(await sha256File(got)).toBe(ref.sha256);
    await expect(downloadBlob(r, 'blobtest', { ...ref, sha256: 'f'.repeat(64) }, join(dir, 'dl'))).rejects.toMatchObject({ code: 'not_found' });
    await r.set(`blobtest:blob:${ref.sha256}:0`, Buffer.from('corrupt'));
    await expect(downloadBlob(r, 'blobtest', ref, join(dir, 'dl2'))).rejects.toMatchObject({ code: 'integrity' });
    await closeRedis(r);
  });
});

describe('broker runner', () => {
  it('runs extraction through Redis on the app\'s own worker and stores each catalog once', async () => {
    const s = brokerServices('own', prefix());
    try {
      await s.tasks.start();
      expect(s.tasks.runnerName).toBe('broker');
      const ids = await importImages(s, 3, 100);
      const done = await s.tasks.waitFor(ids);
      for (const t of done) expect(t).toMatchObject({ status: 'succeeded', ranOn: 'local', attempts: 1 });
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM catalogs').get()).toEqual({ n: 3 });
    } finally {
      await s.close();
    }
  });

  it('lets a worker on another machine fetch the bytes through Redis', async () => {
    const p = prefix();
    const worker = await startWorkerProcess(p, ['--ignore-paths']);
    const s = brokerServices('remote', p, false);
    try {
      await s.tasks.start();
      const ids = await importImages(s, 2, 200);
      const done = await s.tasks.waitFor(ids);
      for (const t of done) expect(t).toMatchObject({ status: 'succeeded', ranOn: hostname() });
      const products = s.db.prepare("SELECT COUNT(*) AS n FROM data_products WHERE status = 'extracted' AND source_count > 0").get();
      expect(products).toEqual({ n: 2 });
    } finally {
      await s.close();
      await stopProcess(worker);
    }
  });

  it('ingests results that finished while the app was closed, at the next start', async () => {
    const p = prefix();
    const a = brokerServices('closed', p, false);
    await a.tasks.start();
    const ids = await importImages(a, 3, 300);
    for (let i = 0; i < 100 && (a.db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE job_id IS NULL OR job_id = 'pending'").get() as { n: number }).n > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await a.close();
    const worker = await startWorkerProcess(p);
    const q = new Queue(QUEUE_NAME, { connection: connectRedis(redis.url), prefix: p });
    for (let i = 0; i < 200 && (await q.getJobCounts('completed')).completed < 3; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await q.getJobCounts('completed')).completed).toBe(3);
    await stopProcess(worker);
    const b = brokerServices('closed', p, false);
    try {
      await b.tasks.start();
      const done = await b.tasks.waitFor(ids);
      for (const t of done) expect(t.status).toBe('succeeded');
      expect(b.db.prepare('SELECT COUNT(*) AS n FROM catalogs').get()).toEqual({ n: 3 });
      for (let i = 0; i < 50 && (await q.getJobCounts('completed')).completed > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await q.getJobCounts('completed')).completed).toBe(0);
    } finally {
      await b.close();
      await q.close();
    }
  });

  it('cancels a task still waiting in the queue', async () => {
    const p = prefix();
    const s = brokerServices('cancel', p, false);
    try {
      await s.tasks.start();
      const [id] = await importImages(s, 1, 400);
      for (let i = 0; i < 100 && !(s.db.prepare('SELECT job_id FROM tasks WHERE id = ?').get(id!) as { job_id: string | null }).job_id?.startsWith('t'); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const t = await s.tasks.cancel(id!);
      expect(t).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
      const q = new Queue(QUEUE_NAME, { connection: connectRedis(redis.url), prefix: p });
      expect(await q.getJobCounts('wait', 'prioritized')).toEqual({ wait: 0, prioritized: 0 });
      await q.close();
    } finally {
      await s.close();
    }
  });

  it('answers a malformed job with invalid_argument', async () => {
    const p = prefix();
    const pool = new TaskPool({ threads: 1 });
    const worker = await startBrokerWorker({ url: redis.url, prefix: p, pool, cacheDir: join(dir, 'c'), lockMs: 2000 });
    const q = new Queue(QUEUE_NAME, { connection: connectRedis(redis.url), prefix: p });
    const events = new QueueEvents(QUEUE_NAME, { connection: connectRedis(redis.url), prefix: p });
    await events.waitUntilReady();
    const job = await q.add('task', { taskId: 'x', pixels: [1, 2, 3] }, { jobId: 't1-a1' });
    const result = (await job.waitUntilFinished(events, 10_000)) as { ok: boolean; error: { code: string; message: string } };
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(result.error.message).toContain('malformed job');
    await worker.close();
    await pool.close();
    await events.close();
    await q.close();
  });
});
