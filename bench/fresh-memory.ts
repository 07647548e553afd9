/**
 * What touching fresh memory costs a new process: each of `--processes` Node processes allocates
 * three 8 MB buffers one after the other and writes a byte in every 4 kB page of each, timing
 * each buffer, once with glibc's malloc asking for transparent huge pages (GLIBC_TUNABLES
 * glibc.malloc.hugetlb=1, as bin/nightshift.mjs starts `extract`) and once without.
 *
 *   npx tsx bench/fresh-memory.ts [--processes 5]
 *
 * On a VM whose host drops the free 2 MB blocks the guest reports (free page reporting), a huge
 * page is often such a block, and its first touch is then a host fault per 4 kB: the times with
 * huge pages fall in two groups far apart, the times without stay together.
 */
import { spawnSync } from 'node:child_process';

const i = process.argv.indexOf('--processes');
const processes = i >= 0 ? Number(process.argv[i + 1]) : 5;
const touch = `const r = [];
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  const b = Buffer.allocUnsafe(8 << 20);
  for (let j = 0; j < b.length; j += 4096) b[j] = 1;
  r.push((performance.now() - t0).toFixed(2));
}
process.stdout.write(r.join(' '));`;
for (const [name, tunables] of [
  ['huge pages', 'glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432'],
  ['4 kB pages', 'glibc.malloc.hugetlb=0:glibc.malloc.mmap_threshold=33554432'],
] as const) {
  const times: string[] = [];
  for (let p = 0; p < processes; p++) {
    const r = spawnSync('node', ['-e', touch], { encoding: 'utf8', env: { ...process.env, GLIBC_TUNABLES: tunables } });
    if (r.status !== 0) throw new Error(`node failed: ${r.stderr}`);
    times.push(r.stdout);
  }
  console.log(`${name}: ms per fresh 8 MB buffer, three a process: ${times.join(' | ')}`);
}
