/**
 * The spread of `nightshift extract` runs, not only their median: builds (or launcher variants)
 * run alternately on one file under NIGHTSHIFT_TRACE=1, and for each the median, quartiles and
 * least of Node's start (its `main` mark: the process's start to our first line), the file's read
 * (`read 0` → `read 1`), the stages (`read 1` → `done 1`) and the whole run seen from here.
 *
 *   npx tsx bench/extract-quartiles.ts [--rounds 30] FILE -- CMD [ARG…] [-- CMD [ARG…]]…
 *
 * e.g. bin/nightshift.mjs against a copy of it whose shell line sets glibc.malloc.hugetlb=0 (a copy
 * in the same bin/ folder, so that it finds the same build): on a VM whose host drops the guest's
 * free 2 MB blocks, huge pages make the start and the read fast or very slow by turns.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { median } from './median.js';

const argv = process.argv.slice(2);
const ri = argv.indexOf('--rounds');
const rounds = ri >= 0 ? Number(argv[ri + 1]) : 30;
if (ri >= 0) argv.splice(ri, 2);
const sep = argv.indexOf('--');
const file = argv[0];
const cmds: string[][] = [];
for (const a of argv.slice(sep + 1)) {
  if (a === '--' || cmds.length === 0) cmds.push([]);
  if (a !== '--') cmds.at(-1)!.push(a);
}
if (sep !== 1 || !file || cmds.length === 0 || cmds.some((c) => c.length === 0) || !(rounds > 0)) {
  console.error('usage: npx tsx bench/extract-quartiles.ts [--rounds 30] FILE -- CMD [ARG…] [-- CMD [ARG…]]…');
  process.exit(2);
}

const env: NodeJS.ProcessEnv = { ...process.env, NIGHTSHIFT_TRACE: '1' };
delete env.NODE_EXTRA_CA_CERTS;
const KEYS = ['start', 'read', 'stages', 'wall'] as const;
type Key = (typeof KEYS)[number];
const runs = cmds.map(() => Object.fromEntries(KEYS.map((k) => [k, [] as number[]])) as Record<Key, number[]>);

console.log(`# extract quartiles ${new Date().toISOString()}  ${rounds} rounds  ${file}  load ${loadavg()[0].toFixed(2)}`);
for (let r = 0; r < rounds; r++) {
  cmds.forEach((cmd, i) => {
    const t0 = performance.now();
    const p = spawnSync(cmd[0]!, [...cmd.slice(1), 'extract', file, '--out', `/tmp/extract-quartiles-${i}.csv`], { encoding: 'utf8', env });
    const wall = performance.now() - t0;
    if (p.status !== 0) throw new Error(`${cmd.join(' ')} failed (${p.status}): ${p.stderr.slice(-500)}`);
    const mark = new Map([...p.stderr.matchAll(/^trace\s+([\d.]+) ms {2}(.+?)\s+rss/gm)].map((m) => [m[2]!.trim(), Number(m[1])]));
    const at = (label: string): number => {
      const t = mark.get(label);
      if (t === undefined) throw new Error(`${cmd.join(' ')}: no "${label}" mark`);
      return t;
    };
    runs[i]!.start.push(at('main'));
    runs[i]!.read.push(at('read 1') - at('read 0'));
    runs[i]!.stages.push(at('done 1') - at('read 1'));
    runs[i]!.wall.push(wall);
  });
}
const q = (v: number[], f: number): number => [...v].sort((a, b) => a - b)[Math.floor(f * (v.length - 1))]!;
cmds.forEach((cmd, i) => {
  console.log(cmd.join(' '));
  for (const k of KEYS) {
    const v = runs[i]![k];
    console.log(`  ${k.padEnd(7)} median ${median(v).toFixed(1).padStart(6)} ms  p25 ${q(v, 0.25).toFixed(1).padStart(6)}  p75 ${q(v, 0.75).toFixed(1).padStart(6)}  least ${Math.min(...v).toFixed(1).padStart(6)}`);
  }
});
console.log(`load ${loadavg()[0].toFixed(2)}`);
