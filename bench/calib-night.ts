/**
 * A whole raw night through the task service, as the app runs it (issue 17): the files imported
 * as one batch (`importPaths`, the desktop app's drop), then the masters, the calibrated lights
 * and their extractions as tasks on the pool's threads, until the batch's notice comes:
 *
 *   npx tsx bench/calib-night.ts [--size 2048] [--frames 20] [--lights 50] [--threads N] [--dir /tmp/ns-calib-bench] [--small] [--skip-direct]
 *
 * `--small` is `--size 512 --frames 5 --lights 8` (a try in seconds). The night is bench/calib.ts's
 * (int16, a 32-column overscan, darks of 60 s, lights of 120 s, flats in V, no stars: the
 * extractions find few sources), written by running `bench/calib.ts --skip-ccdproc` into the same
 * --dir, which also gives the direct figure for the same frames: `makeMaster` ×3 and
 * `applyMasters` per light in one thread, no library, no extraction. Settings: dark scaling on
 * (the darks are 60 s, the lights 120 s), plate solving on import off (no index here), threads
 * as --threads (default: the settings', cores − 1), warmed up as the app's; the built pool
 * worker (`out/workers/pool-worker.js`, as the app runs it: `npm run build` first) when there is
 * one, else the sources through tsx (which costs each thread its transpiling).
 *
 * Prints wall and CPU seconds (this process: the main thread and the pool's threads) and peak
 * RSS, and each stage (import; masters; calibration; extraction) as the span from its first
 * task's start to its last task's end, with the sum of its tasks' run times and the CPU time
 * between the end of the stage before and its own end (sampled every 100 ms; stages overlap a
 * little on more than one thread: a calibrated light is extracted while others are calibrated);
 * then the ratios to the direct figure and the load average. The library is made in a scratch folder and removed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { importPaths } from '../src/main/services/library/import-paths.js';
import { silentLogger } from '../src/main/services/logger.js';
import { createServices } from '../src/main/services/services.js';
import type { NoticeView, TaskView } from '../src/shared/domain.js';
import { scratch } from './tasks-common.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}
const small = process.argv.includes('--small');
const size = Number(arg('size', small ? '512' : '2048'));
const frames = Number(arg('frames', small ? '5' : '20'));
const lights = Number(arg('lights', small ? '8' : '50'));
const dir = arg('dir', small ? '/tmp/ns-calib-bench-small' : '/tmp/ns-calib-bench');
const threads = process.argv.includes('--threads') ? Number(arg('threads', '1')) : undefined;

interface Figure {
  wall: number;
  cpu: number;
  maxRssMb: number;
}

/** Writes the night (if absent) and runs bench/calib.ts's direct pipeline on it, in its own process. */
function direct(): Figure | null {
  const args = ['--import', 'tsx', join(import.meta.dirname, 'calib.ts'), '--skip-ccdproc', '--size', String(size), '--frames', String(frames), '--lights', String(lights), '--dir', dir];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`bench/calib.ts failed (${run.status})`);
  process.stdout.write(run.stdout.split('\n').filter((l) => l.startsWith('night:') || l.startsWith('ours:')).map((l) => `direct (bench/calib.ts) ${l}\n`).join(''));
  const m = /ours: +wall ([\d.]+) s, cpu ([\d.]+) s, peak RSS (\d+) MB/.exec(run.stdout);
  return m ? { wall: Number(m[1]), cpu: Number(m[2]), maxRssMb: Number(m[3]) } : null;
}

/** A stage: from its first task's start to its last task's end (s), and its tasks' summed run time (s). */
function stage(tasks: readonly TaskView[], t0: number): string {
  const started = tasks.flatMap((t) => (t.startedAt ? [Date.parse(t.startedAt)] : []));
  const ended = tasks.flatMap((t) => (t.finishedAt ? [Date.parse(t.finishedAt)] : []));
  const run = tasks.reduce((s, t) => s + (t.startedAt && t.finishedAt ? Date.parse(t.finishedAt) - Date.parse(t.startedAt) : 0), 0);
  const failed = tasks.filter((t) => t.status !== 'succeeded').length;
  if (started.length === 0) return `${tasks.length} tasks, none ran`;
  const from = (Math.min(...started) - t0) / 1000;
  const to = (Math.max(...ended) - t0) / 1000;
  return `${tasks.length} tasks${failed > 0 ? ` (${failed} not succeeded)` : ''}, ${from.toFixed(1)}–${to.toFixed(1)} s (${(to - from).toFixed(1)} s), run time summed ${(run / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const load0 = loadavg();
  const ref = process.argv.includes('--skip-direct') ? null : direct();
  const files = readdirSync(dir)
    .filter((f) => /^(bias|dark|flat|light)-\d+\.fits$/.test(f))
    .map((f) => join(dir, f));
  if (files.length !== 3 * frames + lights) throw new Error(`expected ${3 * frames + lights} frames in ${dir}, found ${files.length} (run without --skip-direct to write them)`);
  const lib = scratch('ns-calib-night-');
  const built = join(import.meta.dirname, '..', 'out', 'workers', 'pool-worker.js');
  const workerFile = existsSync(built) ? built : undefined;
  const services = createServices({ dataDir: lib, logger: silentLogger, tasks: { warmUp: true, ...(workerFile ? { workerFile } : {}), ...(threads !== undefined ? { threads } : {}) } });
  try {
    services.settings.set({ calibration: { darkScaling: true }, solve: { onImport: false } });
    await services.tasks.start();
    const notices: NoticeView[] = [];
    let notified = (): void => {};
    const notice = new Promise<void>((resolve) => (notified = resolve));
    services.notices.addSink((n) => {
      notices.push(n);
      if (n.title.includes(' of ')) notified();
    });
    const cpu0 = process.cpuUsage();
    const cpuNow = () => {
      const c = process.cpuUsage(cpu0);
      return (c.user + c.system) / 1e6;
    };
    /** CPU seconds when each kind's tasks in the batch had all ended. */
    const ends = new Map<string, number>();
    const sampler = setInterval(() => {
      for (const c of services.tasks.queries.batchCounts('night')) if (c.open === 0 && !ends.has(c.kind)) ends.set(c.kind, cpuNow());
    }, 100);
    const t0 = Date.now();
    const summary = await importPaths(services, files, { batchId: 'night' });
    const imported = (Date.now() - t0) / 1000;
    const importCpu = cpuNow();
    await notice;
    clearInterval(sampler);
    const wall = (Date.now() - t0) / 1000;
    const cpu = cpuNow();
    const mastersCpu = ends.get('calib-master') ?? NaN;
    const calibCpu = ends.get('calibrate') ?? NaN;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const tasks = services.tasks.list({}).filter((t) => t.batchId === 'night');
    const of = (kind: string) => tasks.filter((t) => t.kind === kind);
    const poolThreads = threads ?? Math.max(1, availableParallelism() - 1);
    console.log(`task service (${poolThreads} pool thread${poolThreads === 1 ? '' : 's'}, ${workerFile ? 'built worker' : 'worker from sources'}): ${summary.imported.length} files, ${summary.errors.length} refused`);
    console.log(`  import:      0.0–${imported.toFixed(1)} s (the files stored, frame types read); cpu ${importCpu.toFixed(1)} s`);
    console.log(`  masters:     ${stage(of('calib-master'), t0)}; cpu ${(mastersCpu - importCpu).toFixed(1)} s`);
    console.log(`  calibration: ${stage(of('calibrate'), t0)}; cpu ${(calibCpu - mastersCpu).toFixed(1)} s`);
    console.log(`  extraction:  ${stage(of('extract'), t0)}; cpu ${(cpu - calibCpu).toFixed(1)} s`);
    console.log(`  notice:      "${notices.find((n) => n.title.includes(' of '))?.title}" — ${notices.find((n) => n.title.includes(' of '))?.body}`);
    console.log(`ours via tasks: wall ${wall.toFixed(1)} s, cpu ${cpu.toFixed(1)} s, peak RSS ${maxRssMb.toFixed(0)} MB`);
    if (ref) {
      console.log(`ratio tasks/direct: wall ${(wall / ref.wall).toFixed(2)}, cpu ${(cpu / ref.cpu).toFixed(2)}, peak RSS ${(maxRssMb / ref.maxRssMb).toFixed(2)} (the tasks also store the frames, extract the calibrated lights and write the library)`);
    }
  } finally {
    await services.close();
    rmSync(lib, { recursive: true, force: true });
  }
  console.log(`load average before ${load0.map((x) => x.toFixed(1)).join(' ')}, after ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

await main();
