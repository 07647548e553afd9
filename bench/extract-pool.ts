/**
 * The extraction batch through the app's task pool: 2048² images extracted as `extract` tasks
 * by TaskService on the local Piscina pool (one image per thread, `--threads` threads, default
 * the core count), the catalogs stored in the library as the app stores them. Three timings,
 * each from the first enqueue to the last task finished:
 *
 * - "open": the batch dropped on an app that has been open a few seconds (`--idle`, default 3):
 *   the pool's threads were started ahead of work (TaskService.prestart, as the app does once
 *   its window is up) and have warmed up (thoroughly), and have extracted nothing yet;
 * - "cold": the batch enqueued as soon as the services started and the files were imported (the
 *   threads are still starting);
 * - "warm": the same batch again on the threads of the "cold" run (the app after its first batch).
 *
 * "open" and "cold" run in new processes of their own, alternating with SExtractor run on each
 * file (whole process); the target is the sum of SExtractor's times ÷ cores × 1.25. The threads
 * warm up as they start, as the app's do (`--no-warm-up`: they do not).
 *
 *   npm run build && npx tsx bench/extract-pool.ts [--batch 8] [--rounds 3] [--threads N] [--idle 3]
 *                                                  [--work /tmp/nightshift-bench-extract] [--no-warm-up]
 *
 * Takes the images and SExtractor configuration bench/extract.ts makes (run it first, with
 * `--batch` at least as large). The pool threads run the built worker (out/workers),
 * as the app does; without a build they run the TypeScript sources through tsx (slower start).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../src/main/services/logger.js';
import { createServices } from '../src/main/services/services.js';

const argv = process.argv.slice(2);
const get = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const BATCH = Number(get('batch') ?? 8);
const ROUNDS = Number(get('rounds') ?? 3);
const THREADS = Number(get('threads') ?? availableParallelism());
const WORK = get('work') ?? '/tmp/nightshift-bench-extract';
const WARM_UP = !argv.includes('--no-warm-up');
const IDLE_S = Number(get('idle') ?? 3);
const SEX = 'source-extractor';

/** One batch: its wall time, and how long the main thread was busy meanwhile (event-loop utilisation). */
interface BatchTime {
  seconds: number;
  mainBusyMs: number;
}

interface ChildResult {
  /** The first batch: on threads started and idle for `idle` s ("open"), or still starting ("cold"). */
  first: BatchTime;
  /** The same batch again ("cold" only). */
  warm?: BatchTime;
  /** Resident memory the started, warmed-up threads added, per thread ("open" only). */
  threadMb?: number;
  sources: number;
}

/**
 * One run in this (new) process: import the files, then time the batch, and again if `again`.
 * With `idle` > 0, the pool's threads are then started ahead of work, and the batch comes
 * `idle` seconds later (the app open before the drop).
 */
async function child(files: string[], idle: number, again: boolean): Promise<ChildResult> {
  const built = join(process.cwd(), 'out', 'workers', 'pool-worker.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'nightshift-pool-bench-'));
  const s = createServices({ dataDir, logger: silentLogger, tasks: { threads: THREADS, workerFile: existsSync(built) ? built : undefined, warmUp: WARM_UP } });
  try {
    await s.tasks.start();
    const products: number[] = [];
    for (const f of files) products.push((await s.library.importFile(f)).product.id);
    const batch = async (): Promise<BatchTime> => {
      const elu = performance.eventLoopUtilization();
      const t0 = performance.now();
      const ids = s.tasks.enqueueMany(products.map((productId) => ({ kind: 'extract', payload: { productId } }))).map((t) => t.id);
      const done = await s.tasks.waitFor(ids);
      const seconds = (performance.now() - t0) / 1000;
      const mainBusyMs = performance.eventLoopUtilization(elu).active;
      const bad = done.find((v) => v.status !== 'succeeded');
      if (bad) throw new Error(`task ${bad.id} ${bad.status}: ${bad.error?.message ?? ''}`);
      return { seconds, mainBusyMs };
    };
    let threadMb: number | undefined;
    if (idle > 0) {
      const before = process.memoryUsage().rss;
      s.tasks.prestart();
      await new Promise((resolve) => setTimeout(resolve, idle * 1000));
      threadMb = (process.memoryUsage().rss - before) / 1048576 / THREADS;
    }
    const first = await batch();
    const warm = again ? await batch() : undefined;
    const sources = (s.db.prepare('SELECT COUNT(*) AS n FROM sources').get() as { n: number } | undefined)?.n ?? -1;
    return { first, warm, threadMb, sources };
  } finally {
    await s.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function wallOf(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-1500)}`);
  return (performance.now() - t0) / 1000;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const files = Array.from({ length: BATCH }, (_, k) => join(WORK, `batch-2048-s${k + 1}.fits`));
  if (argv.includes('--child')) {
    const open = argv.includes('--open');
    process.stdout.write(JSON.stringify(await child(files, open ? IDLE_S : 0, !open)) + '\n');
    return;
  }
  const conf = join(WORK, 'out', '_sexconf');
  for (const f of [...files, join(conf, 'anchor.sex')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run bench/extract.ts --batch ${BATCH} first (or pass --work)`);
  }
  console.log(`# extraction batch through the task pool  ${new Date().toISOString()}`);
  console.log(`host: ${availableParallelism()} cores, load at start ${loadavg().map((v) => v.toFixed(2)).join(' ')}; ${BATCH} × 2048², ${THREADS} pool threads${WARM_UP ? ' warming up as they start' : ', no warm-up'}`);
  const sexSums: number[] = [];
  const opens: ChildResult[] = [];
  const colds: ChildResult[] = [];
  const runChild = (open: boolean): ChildResult => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--batch', String(BATCH), '--threads', String(THREADS), '--work', WORK, '--idle', String(IDLE_S)];
    if (open) args.push('--open');
    if (!WARM_UP) args.push('--no-warm-up');
    const out = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (out.status !== 0) throw new Error(`a ${open ? 'open' : 'cold'} run failed: ${out.stderr.slice(-1500)}`);
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildResult;
  };
  for (let r = 0; r < ROUNDS; r++) {
    let sum = 0;
    for (const f of files) {
      sum += wallOf(SEX, [f, '-c', join(conf, 'anchor.sex'), '-PARAMETERS_NAME', join(conf, 'anchor.param'), '-FILTER_NAME', join(conf, 'gauss_3x3.conv'), '-CATALOG_NAME', join(WORK, 'sex.fits'), '-VERBOSE_TYPE', 'QUIET']);
    }
    sexSums.push(sum);
    opens.push(runChild(true));
    colds.push(runChild(false));
  }
  const sexSum = median(sexSums);
  const target = (sexSum / availableParallelism()) * 1.25;
  const list = (v: number[]): string => v.map((x) => x.toFixed(2)).join(', ');
  console.log(`SExtractor sum ${sexSum.toFixed(2)} s (rounds ${list(sexSums)}); target sum/cores×1.25 = ${target.toFixed(2)} s`);
  const report = (label: string, runs: Array<BatchTime | undefined>): void => {
    const seconds = runs.map((b) => b?.seconds ?? NaN);
    const busy = median(runs.map((b) => b?.mainBusyMs ?? NaN));
    console.log(`pool, ${label}: ${median(seconds).toFixed(2)} s (rounds ${list(seconds)}); ratio ${(median(seconds) / target).toFixed(2)}; main thread busy ${busy.toFixed(0)} ms`);
  };
  report(`first batch, app open ${IDLE_S} s (threads started ahead${WARM_UP ? ', warmed up' : ''})`, opens.map((r) => r.first));
  report('first batch, threads starting', colds.map((r) => r.first));
  report('second batch (threads warm)', colds.map((r) => r.warm));
  console.log(`resident memory of a started${WARM_UP ? ', warmed-up' : ''} thread: ${median(opens.map((r) => r.threadMb ?? NaN)).toFixed(0)} MB`);
  console.log(`sources stored per run: open ${opens.map((r) => r.sources).join(', ')}; cold ${colds.map((r) => r.sources).join(', ')} (two batches)`);
  console.log(`load at end ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

await main();
