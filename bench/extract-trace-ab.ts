/**
 * Two builds of `nightshift extract` run alternately with `NIGHTSHIFT_TRACE=1`: the median (and
 * least) of the calling thread's CPU time in each stage between the trace marks (start → `main`,
 * the bundle's load, read, background, detection, deblending, CLEAN, photometry, writing), and of
 * the whole process's wall time. On a loaded machine a stage's CPU time moves far less than its
 * wall time, so a change to one stage shows here when whole-process figures drown it. Where both
 * builds' marks carry the process's minor page faults, each stage's median count follows.
 *
 *   npx tsx bench/extract-trace-ab.ts --a "/tmp/base/bin/nightshift.mjs" --b "bin/nightshift.mjs" \
 *     [--repeat 9] FILE.fits [FILE...] [-- extra extract arguments]
 *
 * Each run writes its catalog to a temporary file; A's and B's are compared byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAbArgs } from './ab-args.js';
import { median } from './median.js';

const { a, b, repeat, files, extra } = parseAbArgs(process.argv.slice(2), 9, 'extract-trace-ab.ts');

/** A stage: its name and the marks it lies between (the first mark at or after each). */
const STAGES: ReadonlyArray<[string, string, string]> = [
  ['start', '', 'main'],
  ['bundle', 'main', 'bundle'],
  ['to read', '', 'read 0'],
  ['read', 'read 0', 'read 1'],
  ['backgr', 'background 0', 'background 1'],
  ['detect', 'detect 0', 'detect 1'],
  ['deblend', 'deblend 0', 'deblend 1'],
  ['clean', 'clean 0', 'clean 1'],
  ['measure', 'measure 0', 'measure 1'],
  ['write', 'done 1', 'written'],
  ['total', '', 'exit'],
];

interface Run {
  wall: number;
  /** Stage name → the calling thread's CPU in it [ms]. */
  cpu: Map<string, number>;
  /** Stage name → the process's minor page faults in it (builds that print them). */
  faults: Map<string, number>;
  out: Buffer;
}

const work = mkdtempSync(join(tmpdir(), 'ns-trace-ab-'));

function run(cmd: string[], file: string, out: string): Run {
  const t0 = performance.now();
  const r = spawnSync(cmd[0], [...cmd.slice(1), 'extract', file, '--out', out, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, NIGHTSHIFT_TRACE: '1' },
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} ${file} failed: ${r.stderr.slice(-500)}`);
  // `trace  412.3 ms  detect 0  rss … thread cpu 123.4 ms`
  const marks: Array<[string, number, number | undefined]> = [];
  for (const line of r.stderr.split('\n')) {
    const m = /^trace\s+[\d.]+ ms\s+(.+?)\s+rss .*thread cpu ([\d.]+) ms(?:\s+runnable [\d.]+ ms)?(?:\s+faults (\d+))?/.exec(line);
    if (m) marks.push([m[1].trim(), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])]);
  }
  const at = (label: string, field: 1 | 2): number | undefined => {
    if (label === '') return 0;
    const hit = marks.find(([l]) => l === label || l.startsWith(`${label} `));
    return hit?.[field];
  };
  const cpu = new Map<string, number>();
  const faults = new Map<string, number>();
  for (const [name, from, to] of STAGES) {
    const x = at(from, 1);
    const y = at(to, 1);
    if (x !== undefined && y !== undefined) cpu.set(name, y - x);
    const fx = at(from, 2);
    const fy = at(to, 2);
    if (fx !== undefined && fy !== undefined) faults.set(name, fy - fx);
  }
  return { wall, cpu, faults, out: readFileSync(out) };
}

const load0 = loadavg()[0];
for (const file of files) {
  const ra: Run[] = [];
  const rb: Run[] = [];
  for (let k = 0; k < repeat; k++) {
    ra.push(run(a, file, join(work, 'a.out')));
    rb.push(run(b, file, join(work, 'b.out')));
  }
  const same = [...ra, ...rb].every((r) => r.out.equals(ra[0].out));
  console.log(`${file} (${repeat} alternating runs each; calling thread's CPU per stage, median (least) ms)`);
  const row = (name: string, pick: (r: Run) => number | undefined): void => {
    const va = ra.map(pick).filter((x): x is number => x !== undefined);
    const vb = rb.map(pick).filter((x): x is number => x !== undefined);
    if (va.length === 0 || vb.length === 0) return;
    const f = (v: number[]): string => `${median(v).toFixed(1).padStart(7)} (${Math.min(...v).toFixed(1).padStart(6)})`;
    // minor page faults in the stage, medians, where both builds print them
    const fa = ra.map((r) => r.faults.get(name)).filter((x): x is number => x !== undefined);
    const fb = rb.map((r) => r.faults.get(name)).filter((x): x is number => x !== undefined);
    const faults = fa.length > 0 && fb.length > 0 && name !== 'wall' ? `   faults A ${Math.round(median(fa)).toString().padStart(5)} B ${Math.round(median(fb)).toString().padStart(5)}` : '';
    console.log(`  ${name.padEnd(8)} A ${f(va)}   B ${f(vb)}   B−A ${(median(vb) - median(va)).toFixed(1).padStart(6)}${faults}`);
  };
  for (const [name] of STAGES) row(name, (r) => r.cpu.get(name));
  row('wall', (r) => r.wall);
  console.log(`  outputs ${same ? 'byte-identical' : 'DIFFER'}`);
}
rmSync(work, { recursive: true, force: true });
console.log(`load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
