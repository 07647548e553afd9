/**
 * What touching fresh memory costs a new process: each of `--processes` Node processes allocates
 * three 8 MB buffers one after the other and writes a byte in every 4 kB page of each, timing
 * each buffer, once with glibc's malloc asking for transparent huge pages (GLIBC_TUNABLES
 * glibc.malloc.hugetlb=1, as bin/nightshift.mjs starts `extract`) and once without.
 *
 *   npx tsx bench/fresh-memory.ts [--processes 5] [--pause 0]
 *
 * On a VM whose host drops the free 2 MB blocks the guest reports (free page reporting), a huge
 * page is often such a block, and its first touch is then a host fault per 4 kB: the times with
 * huge pages fall in two groups far apart, the times without stay together. `--pause S`: the machine
 * idles S seconds before each process (the two kinds alternate), as between a script's runs of
 * `extract`: the guest reports the blocks freed meanwhile, so the next huge pages are the host's to
 * fault in again; the median and the largest of each kind's first buffers are printed last.
 */
import { spawnSync } from 'node:child_process';
import { idle } from './idle.js';

const i = process.argv.indexOf('--processes');
const processes = i >= 0 ? Number(process.argv[i + 1]) : 5;
const pi = process.argv.indexOf('--pause');
const pause = pi >= 0 ? Number(process.argv[pi + 1]) : 0;
const touch = `const r = [];
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  const b = Buffer.allocUnsafe(8 << 20);
  for (let j = 0; j < b.length; j += 4096) b[j] = 1;
  r.push((performance.now() - t0).toFixed(2));
}
process.stdout.write(r.join(' '));`;
const kinds = [
  ['huge pages', 'glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432'],
  ['4 kB pages', 'glibc.malloc.hugetlb=0:glibc.malloc.mmap_threshold=33554432'],
] as const;
const times: string[][] = kinds.map(() => []);
for (let p = 0; p < processes; p++) {
  kinds.forEach(([, tunables], k) => {
    idle(pause);
    const r = spawnSync('node', ['-e', touch], { encoding: 'utf8', env: { ...process.env, GLIBC_TUNABLES: tunables } });
    if (r.status !== 0) throw new Error(`node failed: ${r.stderr}`);
    times[k]!.push(r.stdout);
  });
}
kinds.forEach(([name], k) => {
  console.log(`${name}: ms per fresh 8 MB buffer, three a process: ${times[k]!.join(' | ')}`);
});
kinds.forEach(([name], k) => {
  const first = times[k]!.map((t) => Number(t.split(' ')[0])).sort((a, b) => a - b);
  console.log(`${name}: first buffers, median ${first[first.length >> 1]!.toFixed(2)} ms, largest ${first.at(-1)!.toFixed(2)} ms (${processes} processes${pause > 0 ? `, each after ${pause} s idle` : ''})`);
});
