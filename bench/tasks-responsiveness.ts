/**
 * The main thread under full load: while the pool extracts 4096² images on every core, the
 * main process's event-loop delay (perf_hooks.monitorEventLoopDelay) and the round trip of an
 * IPC-style call through the dispatcher (`tasks:list`, as the window sends it) are measured.
 * The same measures with an idle pool are the reference, in the same run.
 *
 *   npx tsx bench/tasks-responsiveness.ts [--size 4096] [--seconds 20] [--threads cores]
 *
 * Targets (issue 5): loop delay p99 < 10 ms, round trip p99 < 5 ms under load.
 */
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDispatch } from '../src/main/api/dispatch.js';
import { silentLogger } from '../src/main/services/logger.js';
import { createServices, type Services } from '../src/main/services/services.js';
import { percentile, scratch, starImage } from './tasks-common.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const SIZE = opt('size', 4096);
const SECONDS = opt('seconds', 20);
const THREADS = opt('threads', availableParallelism());

async function measure(s: Services, seconds: number): Promise<{ loopP99: number; loopMax: number; rtP50: number; rtP99: number; calls: number }> {
  const dispatch = createDispatch({ services: s, shell: 'host' }, silentLogger);
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const rts: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const t0 = performance.now();
    const r = await dispatch('tasks:list', { limit: 50 });
    rts.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.message);
    await new Promise((res) => setTimeout(res, 20));
  }
  h.disable();
  return { loopP99: h.percentile(99) / 1e6, loopMax: h.max / 1e6, rtP50: percentile(rts, 50), rtP99: percentile(rts, 99), calls: rts.length };
}

const dir = scratch('nightshift-resp-');
const file = join(dir, 'big.fits');
process.stderr.write(`making a ${SIZE}² image…\n`);
writeFileSync(file, starImage(SIZE, Math.round((SIZE * SIZE) / 8000), 7));
const s = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: THREADS } });
await s.tasks.start();
const { product } = await s.library.importFile(file);

const idle = await measure(s, Math.min(5, SECONDS));
// Keep every thread busy for the whole window: queue more extractions than can finish.
const ids: number[] = [];
for (let i = 0; i < THREADS * 6; i++) ids.push(s.tasks.enqueue('extract', { productId: product.id }).id);
for (let i = 0; i < 400 && s.tasks.list({ status: ['running'] }).length < THREADS; i++) await new Promise((r) => setTimeout(r, 25));
const load = await measure(s, SECONDS);
const finished = s.tasks.list({ status: ['succeeded'] }).length;
for (const id of ids) await s.tasks.cancel(id);
await s.close();

const row = (label: string, m: typeof idle) =>
  console.log(`${label.padEnd(22)} loop p99 ${m.loopP99.toFixed(2).padStart(6)} ms (max ${m.loopMax.toFixed(1)})   round trip p50 ${m.rtP50.toFixed(2)} ms, p99 ${m.rtP99.toFixed(2).padStart(6)} ms   (${m.calls} calls)`);
console.log(`image ${SIZE}², ${THREADS} threads, ${SECONDS} s under load, ${finished} extractions finished in the window`);
row('idle pool', idle);
row('every core extracting', load);
console.log(`under load: loop p99 ${load.loopP99.toFixed(2)} ms (target < 10), round trip p99 ${load.rtP99.toFixed(2)} ms (target < 5); ratio to idle: loop ${(load.loopP99 / idle.loopP99).toFixed(2)}, round trip ${(load.rtP99 / idle.rtP99).toFixed(2)}`);
