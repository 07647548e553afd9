/**
 * Whole commands run alternately (1, 2, …, 1, 2, …) so that the machine's changes of speed hit
 * each alike: per command the median and least wall time, the median CPU time (user + system, all
 * threads) and peak RSS, and its wall time as a fraction of the first command's. Each command is
 * run twice first, unmeasured (a code cache or snapshot written, the files in the page cache).
 *
 *   npx tsx bench/alternate.ts [--repeat 15] -- CMD ARG… -- CMD ARG… [-- …]
 *
 * e.g. the same extraction under two sets of Node options, or two builds against SExtractor:
 *   npx tsx bench/alternate.ts --repeat 30 -- /tmp/old/bin/nightshift.mjs extract F.fits --out /tmp/a.csv \
 *     -- bin/nightshift.mjs extract F.fits --out /tmp/b.csv -- source-extractor F.fits -c anchor.sex …
 * Commands run without a shell, through /usr/bin/time (GNU time, for CPU and RSS).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { median } from './median.js';

const argv = process.argv.slice(2);
const r = argv.indexOf('--repeat');
const repeat = r >= 0 && r < argv.indexOf('--') ? Number(argv[r + 1]) : 15;
const cmds: string[][] = [];
for (const a of argv.slice(argv.indexOf('--') + 1)) {
  if (a === '--' || cmds.length === 0) cmds.push([]);
  if (a !== '--') cmds.at(-1)!.push(a);
}
if (argv.indexOf('--') < 0 || cmds.length === 0 || cmds.some((c) => c.length === 0) || !(repeat > 0)) {
  console.error('usage: npx tsx bench/alternate.ts [--repeat 15] -- CMD ARG… [-- CMD ARG…]…');
  process.exit(2);
}

interface Run {
  wall: number;
  cpu: number;
  rss: number;
}

/** One run of `cmd`: wall [ms] around the spawn, CPU [ms] and peak RSS [MB] from GNU time. */
function run(cmd: string[]): Run {
  const t0 = performance.now();
  const p = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = performance.now() - t0;
  if (p.status !== 0) throw new Error(`${cmd.join(' ')} failed (${p.status}): ${p.stderr.slice(-500)}`);
  const [u, s, m] = p.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: (u + s) * 1000, rss: m / 1024 };
}

const load0 = loadavg()[0];
for (const c of cmds) for (let i = 0; i < 2; i++) run(c);
const runs: Run[][] = cmds.map(() => []);
for (let k = 0; k < repeat; k++) cmds.forEach((c, i) => runs[i].push(run(c)));
const ref = median(runs[0].map((x) => x.wall));
console.log(`# alternate ${new Date().toISOString()}  ${repeat} rounds  load ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
cmds.forEach((c, i) => {
  const w = runs[i].map((x) => x.wall);
  const line = `${median(w).toFixed(1).padStart(8)} ms (least ${Math.min(...w).toFixed(1)})  cpu ${median(runs[i].map((x) => x.cpu)).toFixed(0)} ms  rss ${median(runs[i].map((x) => x.rss)).toFixed(0)} MB  × ${(median(w) / ref).toFixed(3)}`;
  console.log(`${line}  ${c.join(' ').slice(0, 100)}`);
});
