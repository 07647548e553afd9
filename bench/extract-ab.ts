/**
 * Two builds of `nightshift extract` on the same files, run alternately (A, B, A, B, …) so that
 * a change of the machine's load hits both alike: median (and least) wall time, CPU time (user + system)
 * and peak RSS of each, and whether their outputs are byte-identical.
 *
 *   npx tsx bench/extract-ab.ts --a "/tmp/base/bin/nightshift.mjs" --b "bin/nightshift.mjs" \
 *     [--repeat 7] FILE.fits [FILE...] [-- extra extract arguments]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseAbArgs } from './ab-args.js';
import { median } from './median.js';

const { a, b, repeat, files, extra } = parseAbArgs(process.argv.slice(2), 7, 'extract-ab.ts');

interface Run {
  wall: number;
  cpu: number;
  rss: number;
  out: string;
}

function run(cmd: string[], file: string): Run {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...cmd, 'extract', file, ...extra], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} ${file} failed: ${r.stderr.slice(-500)}`);
  const [u, s, m] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: u + s, rss: m / 1024, out: r.stdout };
}

const load0 = loadavg()[0];
for (const file of files) {
  const ra: Run[] = [];
  const rb: Run[] = [];
  for (let k = 0; k < repeat; k++) {
    ra.push(run(a, file));
    rb.push(run(b, file));
  }
  const same = ra.every((r) => r.out === rb[0].out) && rb.every((r) => r.out === rb[0].out);
  const f = (rs: Run[]): string =>
    `wall ${median(rs.map((r) => r.wall)).toFixed(3)} s (min ${Math.min(...rs.map((r) => r.wall)).toFixed(3)})  cpu ${median(rs.map((r) => r.cpu)).toFixed(2)} s  rss ${median(rs.map((r) => r.rss)).toFixed(0)} MB (max ${Math.max(...rs.map((r) => r.rss)).toFixed(0)})`;
  console.log(`${file} (${repeat} alternating runs each)`);
  console.log(`  A: ${f(ra)}`);
  console.log(`  B: ${f(rb)}   B/A wall ${(median(rb.map((r) => r.wall)) / median(ra.map((r) => r.wall))).toFixed(3)}`);
  console.log(`  outputs ${same ? 'byte-identical' : 'DIFFER'}`);
}
console.log(`load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
