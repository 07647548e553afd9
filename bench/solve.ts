/**
 * Plate-solving benchmark: Debian's `solve-field` (astrometry.net) against `nightshift solve`,
 * whole process each (reading the index files included), alternating, on synthetic 1024² fields
 * made from a Tycho-2 index's own stars (bench/solve-synth.ts: random pointing, 1–2° field,
 * random rotation and parity, Gaussian PSF, noise, radial distortion), blind and with hints
 * (RA/Dec within 1°, scale within 10 %). Prints the solve rate, the accuracy (RMS over the
 * drawn index stars of the solved WCS's sky position against the truth), the median times and
 * their ratio, and the peak RSS (`/usr/bin/time -f %M`), with the machine's load.
 *
 *   npm run build && npx tsx bench/solve.ts [--n 10] [--seed 1] [--index-dir /usr/share/astrometry]
 *        [--stars-from index-tycho2-07.littleendian.fits] [--cpulimit 60] [--work /tmp/nightshift-bench-solve]
 *
 * solve-field gets a config file naming exactly the index files `nightshift solve` sees.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { openFits, writeFits } from '../src/core/fits/index.js';
import { readIndexFile } from '../src/core/solve/index.js';
import { headerFromRecord, parseWcs, separationDeg, type Wcs } from '../src/core/wcs/index.js';
import { mulberry32 as rng } from '../src/core/synth/index.js';
import { synthField, type SynthTruth } from './solve-synth.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const N = Number(arg('n', '10'));
const seed0 = Number(arg('seed', '1'));
const indexDir = resolve(arg('index-dir', '/usr/share/astrometry'));
const starsFrom = arg('stars-from', 'index-tycho2-07.littleendian.fits');
const cpulimit = arg('cpulimit', '60');
const work = resolve(arg('work', '/tmp/nightshift-bench-solve'));
const cli = resolve('out/cli/main.js');
if (!existsSync(cli)) throw new Error('run npm run build first (out/cli/main.js is missing)');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const indexFiles = readdirSync(indexDir).filter((n) => /^index-.*\.fits$/i.test(n)).sort();
const cfg = join(work, 'astrometry.cfg');
writeFileSync(cfg, `cpulimit ${cpulimit}\n` + indexFiles.map((n) => `index ${join(indexDir, n)}\n`).join(''));
const index = readIndexFile(new Uint8Array(readFileSync(join(indexDir, starsFrom))), starsFrom);

interface Run {
  solved: boolean;
  seconds: number;
  rssMb: number;
  rmsArcsec: number | null;
}

/** Run under /usr/bin/time; wall time and peak RSS. */
function timed(cmd: string, args: string[]): { status: number | null; stdout: string; seconds: number; rssMb: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /RSS (\d+)\s*$/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, seconds, rssMb: m ? Number(m[1]) / 1024 : NaN };
}

function rmsAgainstTruth(wcs: Wcs, truth: SynthTruth): number {
  let s = 0;
  for (const st of truth.stars) {
    const [ra, dec] = wcs.pixToSky(st.x, st.y);
    s += (separationDeg(ra, dec, st.ra, st.dec) * 3600) ** 2;
  }
  return Math.sqrt(s / Math.max(1, truth.stars.length));
}

type Hints = { ra: number; dec: number; radius: number; low: number; high: number } | null;

function solveField(file: string, truth: SynthTruth, hints: Hints): Run {
  const dir = join(work, 'sf');
  rmSync(dir, { recursive: true, force: true });
  const args = ['--config', cfg, '--no-plots', '--overwrite', '--dir', dir, '--cpulimit', cpulimit, '--new-fits', 'none'];
  if (hints) args.push('--ra', String(hints.ra), '--dec', String(hints.dec), '--radius', String(hints.radius), '--scale-low', String(hints.low), '--scale-high', String(hints.high), '--scale-units', 'arcsecperpix');
  const r = timed('solve-field', [...args, file]);
  const wcsFile = join(dir, file.replace(/^.*\//, '').replace(/\.fits$/, '.wcs'));
  if (!existsSync(wcsFile)) return { solved: false, seconds: r.seconds, rssMb: r.rssMb, rmsArcsec: null };
  const h = openFits(new Uint8Array(readFileSync(wcsFile))).hdus[0].header;
  const wcs = parseWcs(h);
  return { solved: wcs !== null, seconds: r.seconds, rssMb: r.rssMb, rmsArcsec: wcs ? rmsAgainstTruth(wcs, truth) : null };
}

function nightshift(file: string, truth: SynthTruth, hints: Hints): Run {
  const args = [cli, 'solve', file, '--json', '--index-dir', indexDir, '--time-limit', cpulimit];
  if (hints) args.push('--ra', String(hints.ra), '--dec', String(hints.dec), '--radius', String(hints.radius), '--scale-low', String(hints.low), '--scale-high', String(hints.high));
  const r = timed(process.execPath, args);
  if (r.status !== 0) return { solved: false, seconds: r.seconds, rssMb: r.rssMb, rmsArcsec: null };
  const doc = JSON.parse(r.stdout) as { header: Record<string, string | number | boolean> };
  const wcs = parseWcs(headerFromRecord({ NAXIS: 2, NAXIS1: truth.width, NAXIS2: truth.height, ...doc.header }));
  return { solved: wcs !== null, seconds: r.seconds, rssMb: r.rssMb, rmsArcsec: wcs ? rmsAgainstTruth(wcs, truth) : null };
}

const median = (v: number[]): number => {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results: Record<string, Run[]> = { 'solve-field blind': [], 'nightshift blind': [], 'solve-field hinted': [], 'nightshift hinted': [] };
const loads: number[] = [];
for (let k = 0; k < N; k++) {
  const seed = seed0 + k;
  const { data, truth } = synthField(index, seed);
  const file = join(work, `field-${seed}.fits`);
  writeFileSync(file, writeFits([{ data, shape: [truth.width, truth.height], header: { OBJECT: `synthetic ${seed}` } }]));
  const r = rng(seed * 7919);
  const off = 0.9 * r();
  const pa = 2 * Math.PI * r();
  const hdec = Math.max(-90, Math.min(90, truth.dec + off * Math.cos(pa)));
  const hra = (((truth.ra + (off * Math.sin(pa)) / Math.max(0.05, Math.cos((truth.dec * Math.PI) / 180))) % 360) + 360) % 360;
  const centre = truth.scale * (1 + 0.06 * (r() - 0.5));
  const hints: Hints = { ra: hra, dec: hdec, radius: 1, low: centre * 0.9, high: centre * 1.1 };
  const order = k % 2 === 0;
  for (const h of [null, hints]) {
    const kind = h ? 'hinted' : 'blind';
    const runs: Array<[string, () => Run]> = [
      [`solve-field ${kind}`, () => solveField(file, truth, h)],
      [`nightshift ${kind}`, () => nightshift(file, truth, h)],
    ];
    if (!order) runs.reverse();
    for (const [name, fn] of runs) {
      loads.push(loadavg()[0]);
      const res = fn();
      results[name].push(res);
      console.log(`field ${seed} (${truth.stars.length} index stars, ${((truth.scale * truth.width) / 3600).toFixed(2)}°, RA ${truth.ra.toFixed(1)} Dec ${truth.dec.toFixed(1)}) ${name}: ${res.solved ? `solved, rms ${res.rmsArcsec?.toFixed(2)}"` : 'NOT solved'}, ${res.seconds.toFixed(2)} s, ${res.rssMb.toFixed(0)} MB`);
    }
  }
}
console.log(`\nload average during the runs: median ${median(loads).toFixed(1)} (2 cores)`);
for (const kind of ['blind', 'hinted']) {
  const sf = results[`solve-field ${kind}`];
  const ns = results[`nightshift ${kind}`];
  const line = (name: string, rs: Run[]): string => {
    const ok = rs.filter((x) => x.solved);
    const rms = ok.map((x) => x.rmsArcsec ?? NaN);
    return `${name}: solved ${ok.length}/${rs.length}, rms median ${median(rms).toFixed(2)}" max ${Math.max(...rms).toFixed(2)}", median ${median(rs.map((x) => x.seconds)).toFixed(2)} s, peak RSS median ${median(rs.map((x) => x.rssMb)).toFixed(0)} MB max ${Math.max(...rs.map((x) => x.rssMb)).toFixed(0)} MB`;
  };
  console.log(`${kind}:\n  ${line('solve-field', sf)}\n  ${line('nightshift ', ns)}`);
  const both = sf.map((x, i) => [x, ns[i]] as const).filter(([a, b]) => a.solved && b.solved);
  const missed = sf.filter((x, i) => x.solved && !ns[i].solved).length;
  console.log(`  solved by solve-field but not by nightshift: ${missed}; median time ratio nightshift/solve-field (all fields): ${(median(ns.map((x) => x.seconds)) / median(sf.map((x) => x.seconds))).toFixed(2)}; on fields both solved: ${both.length ? (median(both.map(([, b]) => b.seconds)) / median(both.map(([a]) => a.seconds))).toFixed(2) : 'n/a'}`);
}
