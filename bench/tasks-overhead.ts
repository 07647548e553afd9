/**
 * Overhead of the task service: no-op tasks through TaskService (with their SQLite rows)
 * against bare Piscina on the same worker, and through the broker runner against bare
 * BullMQ (a Worker handing each job to the same pool) on the same Redis. One run, ratios.
 *
 *   npx tsx bench/tasks-overhead.ts [--tasks 2000] [--threads 2] [--rounds 3] [--only local|broker]
 *
 * Targets (issue 5): service ≥ 0.5 × bare Piscina; broker ≥ 0.7 × bare BullMQ. Each service figure is
 * printed twice: one `enqueue` (one transaction) per task, and the batch written with one
 * `enqueueMany` (one transaction for all); the references are the same either way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Piscina } from 'piscina';
import { silentLogger } from '../src/main/services/logger.js';
import { createServices } from '../src/main/services/services.js';
import { QUEUE_NAME } from '../src/main/services/tasks/broker/job.js';
import { TaskPool, defaultWorkerFile } from '../src/main/services/tasks/pool/pool.js';
import { closeRedis, connectRedis } from '../src/main/services/tasks/broker/redis.js';
import { benchRedis, scratch } from './tasks-common.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('tasks', 2000);
const THREADS = opt('threads', 2);

/** Main-thread busy time per task (µs) of the last timed section: the overhead itself, less sensitive to a shared machine than rates. */
let lastBusyUs = 0;
/**
 * Main-thread CPU time per task (µs) of the last timed section, from the kernel's count for the
 * thread (Linux schedstat; NaN elsewhere): unlike busy time, it leaves out the time the thread
 * waited for a core that others were using.
 */
let lastCpuUs = 0;
let elu0 = performance.eventLoopUtilization();
let cpu0 = 0;
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const mainThreadCpuNs = () => {
  try {
    return Number(readFileSync(schedstat, 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
};
const startBusy = () => {
  elu0 = performance.eventLoopUtilization();
  cpu0 = mainThreadCpuNs();
};
const stopBusy = () => {
  lastBusyUs = (performance.eventLoopUtilization(elu0).active * 1000) / N;
  lastCpuUs = (mainThreadCpuNs() - cpu0) / 1000 / N;
};

async function barePiscina(): Promise<number> {
  const { file, execArgv } = defaultWorkerFile();
  const pool = new Piscina({ filename: file, execArgv, minThreads: THREADS, maxThreads: THREADS });
  pool.on('error', () => {});
  await Promise.all(Array.from({ length: THREADS * 4 }, () => pool.run({ kind: 'noop', input: {} }))); // warm-up
  startBusy();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) => pool.run({ kind: 'noop', input: { n: i } })));
  const rate = N / ((performance.now() - t0) / 1000);
  stopBusy();
  await pool.destroy();
  return rate;
}

/** No-op tasks through the service; `batched` writes them with one `enqueueMany` (one transaction) instead of one `enqueue` each. */
async function service(brokerUrl: string | null, prefix: string, batched = false): Promise<number> {
  const dir = scratch('nightshift-bench-');
  const s = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: THREADS, brokerUrl, broker: { prefix } } });
  await s.tasks.start();
  await s.tasks.waitFor(Array.from({ length: THREADS * 4 }, () => s.tasks.enqueue('noop', {}).id)); // warm-up
  startBusy();
  const t0 = performance.now();
  const ids: number[] = [];
  if (batched) ids.push(...s.tasks.enqueueMany(Array.from({ length: N }, (_, i) => ({ kind: 'noop', payload: { n: i } }))).map((t) => t.id));
  else for (let i = 0; i < N; i++) ids.push(s.tasks.enqueue('noop', { n: i }).id);
  const done = await s.tasks.waitFor(ids);
  const rate = N / ((performance.now() - t0) / 1000);
  stopBusy();
  const bad = done.filter((t) => t.status !== 'succeeded');
  if (bad.length) throw new Error(`${bad.length} tasks failed: ${JSON.stringify(bad[0])}`);
  await s.close();
  return rate;
}

async function bareBullmq(url: string, prefix: string): Promise<number> {
  const pool = new TaskPool({ threads: THREADS });
  const conns = [connectRedis(url), connectRedis(url), connectRedis(url)];
  const queue = new Queue(QUEUE_NAME, { connection: conns[0]!, prefix });
  const events = new QueueEvents(QUEUE_NAME, { connection: conns[1]!, prefix });
  await events.waitUntilReady();
  const worker = new Worker(QUEUE_NAME, (job) => pool.run('noop', job.data as object), { connection: conns[2]!, prefix, concurrency: THREADS });
  worker.on('error', () => {});
  const run = async (n: number, base: number) => {
    let left = n;
    const finished = new Promise<void>((resolve) => {
      events.on('completed', () => {
        if (--left === 0) resolve();
      });
    });
    await Promise.all(Array.from({ length: n }, (_, i) => queue.add('task', { n: base + i }, { jobId: `j${base + i}`, removeOnComplete: true })));
    await finished;
    events.removeAllListeners('completed');
  };
  await run(THREADS * 4, 1_000_000);
  startBusy();
  const t0 = performance.now();
  await run(N, 0);
  const rate = N / ((performance.now() - t0) / 1000);
  stopBusy();
  await worker.close();
  await events.close();
  await queue.close();
  for (const c of conns) await closeRedis(c);
  await pool.close();
  return rate;
}

const ROUNDS = opt('rounds', 3);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const redis = await benchRedis();
try {
  // Interleaved rounds, medians: the machine is shared, so each variant sees the same noise.
  const variants = ['bare', 'local', 'localMany', 'bull', 'broker', 'brokerMany'] as const;
  const r = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<(typeof variants)[number], number[]>;
  const busy = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<(typeof variants)[number], number[]>;
  const cpu = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<(typeof variants)[number], number[]>;
  const record = (v: (typeof variants)[number], rate: number) => {
    r[v].push(rate);
    busy[v].push(lastBusyUs);
    cpu[v].push(lastCpuUs);
  };
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
  for (let round = 0; round < ROUNDS; round++) {
    if (only !== 'broker') {
      record('bare', await barePiscina());
      record('local', await service(null, `local${round}`));
      record('localMany', await service(null, `localmany${round}`, true));
    }
    if (only !== 'local') {
      record('bull', await bareBullmq(redis.url, `bare${round}`));
      record('broker', await service(redis.url, `svc${round}`));
      record('brokerMany', await service(redis.url, `svcmany${round}`, true));
    }
  }
  const line = (label: string, v: (typeof variants)[number]) =>
    r[v].length > 0 &&
    console.log(
      `${label.padEnd(40)} ${median(r[v]).toFixed(0).padStart(8)} tasks/s   main thread busy ${median(busy[v]).toFixed(0).padStart(4)} µs/task, cpu ${median(cpu[v]).toFixed(0).padStart(4)} µs/task   (rounds: ${r[v].map((x) => x.toFixed(0)).join(', ')})`,
    );
  console.log(`no-op tasks: ${N} per round, ${ROUNDS} rounds, threads: ${THREADS}`);
  line('bare Piscina', 'bare');
  line('TaskService, local pool (+ SQLite rows)', 'local');
  line('  same, batched enqueueMany', 'localMany');
  line('bare BullMQ (worker → same pool)', 'bull');
  line('TaskService, broker runner', 'broker');
  line('  same, batched enqueueMany', 'brokerMany');
  if (only !== 'broker') console.log(`ratio local service / bare Piscina: ${(median(r.local) / median(r.bare)).toFixed(2)} one enqueue per task, ${(median(r.localMany) / median(r.bare)).toFixed(2)} batched enqueueMany (target ≥ 0.5)`);
  // The same ratios from main-thread CPU per task (bare / service): what the rates would show if
  // the main thread were the only bottleneck and had a core to itself.
  const cpuRatio = (ref: (typeof variants)[number], v: (typeof variants)[number]) => (median(cpu[ref]) / median(cpu[v])).toFixed(2);
  if (only !== 'broker') console.log(`  main-thread CPU, bare Piscina / service: ${cpuRatio('bare', 'local')} one enqueue per task, ${cpuRatio('bare', 'localMany')} batched`);
  if (only !== 'local') console.log(`ratio broker service / bare BullMQ: ${(median(r.broker) / median(r.bull)).toFixed(2)} one enqueue per task, ${(median(r.brokerMany) / median(r.bull)).toFixed(2)} batched enqueueMany (target ≥ 0.7)`);
  if (only !== 'local') console.log(`  main-thread CPU, bare BullMQ / service: ${cpuRatio('bull', 'broker')} one enqueue per task, ${cpuRatio('bull', 'brokerMany')} batched`);
} finally {
  redis.stop();
}
