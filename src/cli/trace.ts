/**
 * Stage marks of a command's run for measuring it, behind an environment variable:
 * `NIGHTSHIFT_TRACE=1 nightshift extract FILE` writes one line per mark to stderr, e.g.
 * `trace  412.3 ms  detect 0  rss 143 MB (peak 150)  heap 9 MB  arrayBuffers 64 MB  thread cpu
 * 380.1 ms  runnable 2.3 ms  faults 41873`: the time since the process started [ms], the resident
 * set now and its peak so far [MB], V8's heap in use and the ArrayBuffers' memory [MB]; on Linux
 * the CPU time of the thread that marks and its time spent ready to run but waiting for a core
 * [ms] (`/proc/thread-self/schedstat`: on a loaded machine, a stage's CPU time says more than its
 * wall time); then the process's minor page faults so far (on a VM a first touch of a 4 kB page
 * costs microseconds, and a stage's count, unlike its time, hardly moves with the load). Without
 * the variable a mark costs a call and a comparison.
 */
import { readFileSync, writeSync } from 'node:fs';

let traced: boolean | undefined;

/**
 * Whether marks are written: the environment read on the first call, not when this module
 * loads, since the extract command's startup snapshot (extract-snapshot.ts) loads it at build time.
 */
export function tracing(): boolean {
  return (traced ??= process.env.NIGHTSHIFT_TRACE === '1');
}

/** Set on `globalThis` once the process's end has its mark (this module may be loaded twice: main.js and the extract bundle). */
const EXIT_MARKED = Symbol.for('nightshift.trace.exit');

const mb = (bytes: number): string => (bytes / 1048576).toFixed(0);

/**
 * `  thread cpu N ms  runnable M ms`: the calling thread's CPU time so far and its time spent
 * ready to run but waiting for a core (Linux's schedstat), else ''. The wall time less both is
 * the time the thread was blocked (on a lock, another thread, the disk).
 */
function threadCpu(): string {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return Number.isFinite(cpu) && Number.isFinite(wait) ? `  thread cpu ${(cpu / 1e6).toFixed(1)} ms  runnable ${(wait / 1e6).toFixed(1)} ms` : '';
  } catch {
    return '';
  }
}

/** Write a mark named `label` to stderr when {@link tracing}. */
export function traceMark(label: string): void {
  if (!tracing()) return;
  const g = globalThis as { [EXIT_MARKED]?: true };
  if (!g[EXIT_MARKED]) {
    g[EXIT_MARKED] = true;
    process.on('exit', () => traceMark('exit'));
  }
  const m = process.memoryUsage();
  const usage = process.resourceUsage();
  const peak = usage.maxRSS * 1024;
  const line = `trace ${performance.now().toFixed(1).padStart(7)} ms  ${label.padEnd(14)} rss ${mb(m.rss)} MB (peak ${mb(peak)})  heap ${mb(m.heapUsed)} MB  arrayBuffers ${mb(m.arrayBuffers)} MB${threadCpu()}  faults ${usage.minorPageFault}\n`;
  try {
    // by file descriptor: process.stderr would load Node's streams modules, a cost of its own
    writeSync(2, line);
  } catch {
    // stderr closed or non-blocking and full: a mark is never worth failing the command
  }
}

/** An extraction progress hook that marks each stage's start and end (fractions 0 and 1), when {@link tracing}. */
export function traceProgress(): ((stage: string, fraction: number) => void) | undefined {
  if (!tracing()) return undefined;
  return (stage, fraction) => {
    if (fraction === 0 || fraction === 1) traceMark(`${stage} ${fraction}`);
  };
}
