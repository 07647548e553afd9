/**
 * How fast `nightshift extract` could be from a cold start, against how fast it is: alternating
 * runs, per file, of
 *   - `node -e 0` under the launcher's Node flags and environment (bin/nightshift.mjs's first
 *     line): what a process costs before any code of ours runs;
 *   - `nightshift extract FILE --out …` (the command as a user runs it, cold);
 *   - SExtractor on the same file with bench/extract.ts's configuration (run that once first:
 *     its `_sexconf` folder is read from the work folder);
 * then, in one Node process under the same flags, the extract bundle's `main` run on the same
 * file `--warm` times (default 12): the first run is cold, the later ones have V8's optimised
 * code, so their median is what the extraction itself costs warm (reading and writing included).
 *
 *   npx tsx bench/extract-floor.ts [--repeat 9] [--warm 12] [--work /tmp/nightshift-bench-extract] FILE…
 *
 * It prints per file the medians (and least) of each, and "empty + warm": a cold process that
 * ran the extraction at its warm speed would take about that (plus loading the bundle), which
 * bounds from below what any change to the cold path alone can reach. Wall times by bash's
 * `time` around /usr/bin/time, as bench/extract.ts measures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { hugePagesTunable, launcherOptions, poolSizeOption } from '../scripts/launcher-options.mjs';
import { median } from './median.js';

const argv = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const repeat = Number(opt('repeat', '9'));
const warmRuns = Number(opt('warm', '12'));
const work = opt('work', '/tmp/nightshift-bench-extract');
const files = argv.map((f) => resolve(f));
if (files.length === 0 || !(repeat > 0) || !(warmRuns >= 4)) {
  console.error('usage: npx tsx bench/extract-floor.ts [--repeat 9] [--warm 12] [--work DIR] FILE…');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const launch = join(root, 'out', 'cli', 'extract-launch.cjs');
const bundle = join(root, 'out', 'cli', 'extract.cjs');
const conf = join(work, 'out', '_sexconf');
if (!existsSync(launch)) throw new Error('run `npm run build` first (out/cli/extract-launch.cjs is missing)');
if (!existsSync(join(conf, 'anchor.sex'))) throw new Error(`no SExtractor configuration in ${conf}: run \`npx tsx bench/extract.ts\` once first`);

/** bin/nightshift.mjs's environment for `extract` (its first line), so that `node -e 0` starts as the command does. */
const env: NodeJS.ProcessEnv = { ...process.env, GLIBC_TUNABLES: `${hugePagesTunable()}:glibc.malloc.mmap_threshold=33554432`, MALLOC_ARENA_MAX: '1' };
delete env.NODE_EXTRA_CA_CERTS;
/** Node's options for `extract` as bin/nightshift.mjs gives them (its shell lines, read). */
const NODE_FLAGS = [...poolSizeOption(), ...launcherOptions(root)];

/** Wall seconds of `cmd`, from bash's `time` (fork to exit of the command itself). */
function timed(cmd: string[]): number {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT=%3R; time "$@" >/dev/null', 'bash', ...cmd], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd.slice(0, 3).join(' ')} failed (${r.status}): ${r.stderr.slice(-800)}`);
  const w = /(\d+\.\d{3})\s*$/.exec(r.stderr);
  if (!w) throw new Error(`no time from bash: ${r.stderr.slice(-300)}`);
  return Number(w[1]);
}

/** The extract bundle's `main` run `n` times on `file` in one process: each run's seconds. */
function warmSeries(file: string, out: string, n: number): number[] {
  const code = `const { main } = require(${JSON.stringify(bundle)});
(async () => { const t = [];
  for (let i = 0; i < ${n}; i++) { const t0 = performance.now(); const c = await main(['extract', ${JSON.stringify(file)}, '--out', ${JSON.stringify(out)}]); if (c !== 0) process.exit(c); t.push((performance.now() - t0) / 1000); }
  process.stdout.write(JSON.stringify(t)); })();`;
  const r = spawnSync('node', [...NODE_FLAGS, '-e', code], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`warm runs failed (${r.status}): ${r.stderr.slice(-800)}`);
  return JSON.parse(r.stdout) as number[];
}

const fmt = (v: number[]): string => `${median(v).toFixed(3)} (${Math.min(...v).toFixed(3)})`;
console.log(`# extract-floor ${new Date().toISOString()}  load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(`${repeat} alternating rounds per file; warm: runs 4–${warmRuns} of one process, median (least); seconds`);
for (const file of files) {
  const out = join(work, `floor-${basename(file)}.csv`);
  const empty: number[] = [];
  const cold: number[] = [];
  const sex: number[] = [];
  const warm: number[] = [];
  const first: number[] = [];
  for (let k = 0; k < repeat; k++) {
    empty.push(timed(['node', ...NODE_FLAGS, '-e', '0']));
    cold.push(timed([join(root, 'bin', 'nightshift.mjs'), 'extract', file, '--out', out]));
    sex.push(timed(['source-extractor', file, '-c', join(conf, 'anchor.sex'), '-PARAMETERS_NAME', join(conf, 'anchor.param'), '-FILTER_NAME', join(conf, 'gauss_3x3.conv'), '-CATALOG_NAME', join(work, 'floor-sex.fits'), '-VERBOSE_TYPE', 'QUIET']));
    if (k < 3) {
      const s = warmSeries(file, out, warmRuns);
      first.push(s[0]);
      warm.push(...s.slice(3));
    }
  }
  const floor = median(empty) + median(warm);
  console.log(`\n${basename(file)}`);
  console.log(`  node -e 0 (launcher's flags)  ${fmt(empty)}`);
  console.log(`  nightshift extract (cold)     ${fmt(cold)}   × SExtractor ${(median(cold) / median(sex)).toFixed(2)}`);
  console.log(`  SExtractor                    ${fmt(sex)}`);
  console.log(`  in one process: first run ${fmt(first)}, warm runs ${fmt(warm)}`);
  console.log(`  empty + warm                  ${floor.toFixed(3)}   × SExtractor ${(floor / median(sex)).toFixed(2)}`);
}
console.log(`\nload at end ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
