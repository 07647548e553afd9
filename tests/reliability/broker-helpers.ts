import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { silentLogger } from '../../src/main/services/logger.js';
import { createServices, type Services } from '../../src/main/services/services.js';
import { spawnCli } from '../helpers/cli.js';
import { writeStarFits } from '../helpers/star-fits.js';

/** App services on a broker (lock 1.5 s so a dead worker's job is retried quickly). */
export function appOnBroker(dataDir: string, url: string, prefix: string, ownWorker: boolean, threads = 1): Services {
  return createServices({ dataDir, logger: silentLogger, tasks: { threads, brokerUrl: url, backoffBaseMs: 100, broker: { prefix, ownWorker, lockMs: 1500 } } });
}

/** `nightshift worker` as a child process; resolves once it is ready. */
export async function workerProcess(url: string, prefix: string, cache: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  const child = spawnCli(['worker', '--broker', url, '--prefix', prefix, '--lock-ms', '1500', '--cache', cache, ...extra], env);
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

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Imports `n` star images and queues their extraction; returns the task ids. */
export async function importAndExtract(s: Services, dir: string, n: number, seed: number, size = 256): Promise<number[]> {
  const products: number[] = [];
  for (let i = 0; i < n; i++) {
    const { product } = await s.library.importFile(writeStarFits(join(dir, `r-${seed}-${i}.fits`), { seed: seed + i, size, stars: 15 }));
    products.push(product.id);
  }
  // all enqueued at once, after the imports: the batch is queued together, whatever an import costs
  return products.map((productId) => s.tasks.enqueue('extract', { productId }).id);
}

export async function until(check: () => boolean, timeoutMs = 30_000, stepMs = 25): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Every extract task succeeded once, with exactly one catalog whose sources are all stored. */
export function expectOncePerTask(s: Services, ids: number[]): { ok: boolean; detail: string } {
  const rows = s.db.prepare(`SELECT id, status, product_id FROM tasks WHERE id IN (${ids.join(',')})`).all() as Array<{ id: number; status: string; product_id: number }>;
  const notDone = rows.filter((r) => r.status !== 'succeeded');
  const catalogs = s.db.prepare(`SELECT product_id, task_id, source_count FROM catalogs`).all() as Array<{ product_id: number; task_id: number; source_count: number }>;
  const sources = s.db.prepare('SELECT product_id, COUNT(*) AS n FROM sources GROUP BY product_id').all() as Array<{ product_id: number; n: number }>;
  const byProduct = new Map(sources.map((x) => [x.product_id, x.n]));
  const wrong = catalogs.filter((c) => byProduct.get(c.product_id) !== c.source_count || !ids.includes(c.task_id));
  const ok = notDone.length === 0 && catalogs.length === ids.length && wrong.length === 0;
  return { ok, detail: JSON.stringify({ notDone, catalogs: catalogs.length, wrong }) };
}
