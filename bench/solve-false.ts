/**
 * Plate solving's false-positive rate: images that have no solution, solved against the
 * Tycho-2 index files, blind and with hints. Every solution found is false.
 *
 * Two kinds of 1024² field, `--count` of each: pure noise (a sky of 200–2000 ADU, Poisson noise
 * with gain 1 plus read noise 5–15 ADU, no stars) and random stars (30–300 Gaussian stars of PSF
 * σ 1–2.5 pixels at uniformly random pixels, fluxes log-uniform over 5 magnitudes, peak clipped at
 * 65,000: nothing that matches the catalogue, as a field of the sky would), each at a random pixel
 * scale of 1–6″. Each is solved through the same pipeline as `nightshift solve` and the `solve`
 * task (`solveImage`: extraction, hints, the index files that fit, the search, within the time
 * limit) blind, and with hints of a random sky position (radius 1°) and the drawn scale (±10 %).
 * Prints each run (reason, quads, hypotheses, the best rejected hypothesis's log-odds against
 * the threshold ln 1e9 ≈ 20.7), the false solutions with their seeds, and the time per field.
 *
 *   npx tsx bench/solve-false.ts [--count 50] [--seed 1] [--time-limit 20] [--kinds noise,stars]
 *        [--modes blind,hinted] [--index-dir /usr/share/astrometry]
 *

 * solveImage reads the FITS bytes in place (decoding them), so each run gets its own copy.
 *
 * Field k of a kind has seed `seed + k`; a false solution is reproduced with `--seed S --count 1`.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { writeFits } from '../src/core/fits/index.js';
import { LOG_ODDS_ACCEPT, type SolveStats } from '../src/core/solve/index.js';
import { mulberry32 as rng, starField, type SynthStar } from '../src/core/synth/index.js';
import { listIndexes } from '../src/main/services/solve/index-files.js';
import { solveImage, type SolveHints } from '../src/main/services/solve/solve-image.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const count = Number(arg('count', '50'));
const seed0 = Number(arg('seed', '1'));
const timeLimitMs = 1000 * Number(arg('time-limit', '20'));
const kinds = arg('kinds', 'noise,stars').split(',') as Array<'noise' | 'stars'>;
const modes = arg('modes', 'blind,hinted').split(',') as Array<'blind' | 'hinted'>;
const indexDir = resolve(arg('index-dir', '/usr/share/astrometry'));
const SIZE = 1024;

const indexes = listIndexes([indexDir]);
if (indexes.length === 0) throw new Error(`no index-*.fits in ${indexDir} (apt-get install astrometry-data-tycho2)`);

/** A field without a solution and its drawn pixel scale (arcsec/pixel). */
function field(kind: 'noise' | 'stars', seed: number): { bytes: Uint8Array; scale: number; stars: number } {
  // different streams for the two kinds at one seed
  const r = rng(seed * 2654435761 + (kind === 'noise' ? 1 : 2));
  const scale = 1 + 5 * r();
  const sky = 200 + 1800 * r();
  const readNoise = 5 + 10 * r();
  const stars: SynthStar[] = [];
  let sigma = 1.5;
  if (kind === 'stars') {
    sigma = 1 + 1.5 * r();
    const n = 30 + Math.floor(271 * r());
    for (let k = 0; k < n; k++) stars.push({ x: r() * (SIZE - 1), y: r() * (SIZE - 1), flux: 3e3 * 10 ** (0.4 * 5 * r()) });
  }
  const data = starField({ width: SIZE, height: SIZE, sky, stars, psf: { sigma }, radius: Math.ceil(5 * sigma), noise: { gain: 1, readNoise }, saturation: 65000, random: r });
  const bytes = writeFits([{ data, shape: [SIZE, SIZE], header: { OBJECT: `${kind} ${seed}` } }]);
  return { bytes, scale, stars: stars.length };
}

/** Hints of a random sky position (uniform on the sphere, radius 1°) and the field's scale ±10 %. */
function hintsFor(seed: number, scale: number): SolveHints {
  const r = rng(seed * 7919 + 3);
  return { ra: 360 * r(), dec: (Math.asin(2 * r() - 1) * 180) / Math.PI, radius: 1, scaleLow: scale * 0.9, scaleHigh: scale * 1.1 };
}

interface Run {
  kind: string;
  mode: string;
  seed: number;
  solved: boolean;
  reason: string;
  seconds: number;
  stats: SolveStats | null;
}

const median = (v: number[]): number => {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const runs: Run[] = [];
const loads: number[] = [];
const started = Date.now();
console.log(`${indexes.length} index files in ${indexDir}; ${count} field(s) of each of ${kinds.join(', ')}, ${modes.join(' and ')}, ${SIZE}², time limit ${timeLimitMs / 1000} s; accept at log-odds ${LOG_ODDS_ACCEPT.toFixed(1)}`);
for (let k = 0; k < count; k++) {
  for (const kind of kinds) {
    const seed = seed0 + k;
    const f = field(kind, seed);
    for (const mode of modes) {
      const hints = mode === 'hinted' ? hintsFor(seed, f.scale) : {};
      let stats: SolveStats | null = null;
      loads.push(loadavg()[0]);
      const t0 = process.hrtime.bigint();
      const { result } = solveImage(f.bytes.slice(), { indexes, indexDirs: [indexDir], hints, timeLimitMs, name: `${kind}-${seed}`, onStats: (s) => (stats = s) });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const run: Run = { kind, mode, seed, solved: result.solved, reason: result.solved ? 'SOLVED' : result.reason, seconds, stats };
      runs.push(run);
      const st = stats as SolveStats | null;
      const best = st?.bestRejected ? `best rejected log-odds ${st.bestRejected.logOdds.toFixed(1)} (${st.bestRejected.matches} matches)` : 'no hypothesis verified';
      const what = result.solved
        ? `FALSE SOLUTION at RA ${result.ra.toFixed(3)} Dec ${result.dec.toFixed(3)}, ${result.scaleArcsec.toFixed(2)}″/px, ${result.matched} matched, rms ${result.rmsArcsec.toFixed(2)}″, index ${result.indexId}`
        : `${result.reason}`;
      console.log(`${kind} ${seed} (${f.stars} stars, ${f.scale.toFixed(2)}″/px) ${mode}: ${what}; ${result.sources} sources, ${result.indexesRead} indexes, ${st ? `${st.quadsTried} quads, ${st.hypotheses} hypotheses (${st.prechecked} pre-checked out), ${best}` : 'no search'}; ${seconds.toFixed(2)} s`);
    }
  }
}
console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s in all; load average during the runs: median ${median(loads).toFixed(1)} (2 cores)`);
let falseTotal = 0;
for (const kind of kinds) {
  for (const mode of modes) {
    const rs = runs.filter((x) => x.kind === kind && x.mode === mode);
    const solved = rs.filter((x) => x.solved);
    falseTotal += solved.length;
    const reasons = new Map<string, number>();
    for (const x of rs) reasons.set(x.reason, (reasons.get(x.reason) ?? 0) + 1);
    const bests = rs.filter((x) => !x.solved && x.stats?.bestRejected).map((x) => x.stats!.bestRejected!.logOdds);
    console.log(
      `${kind} ${mode}: false solutions ${solved.length}/${rs.length}${solved.length ? ` (seeds ${solved.map((x) => x.seed).join(', ')})` : ''}; ` +
        `${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}; time per field median ${median(rs.map((x) => x.seconds)).toFixed(2)} s, max ${Math.max(...rs.map((x) => x.seconds)).toFixed(2)} s; ` +
        `best rejected log-odds: ${bests.length ? `max ${Math.max(...bests).toFixed(1)}, median ${median(bests).toFixed(1)} over ${bests.length} field(s)` : 'none verified'} (threshold ${LOG_ODDS_ACCEPT.toFixed(1)})`,
    );
  }
}
console.log(`false solutions in all: ${falseTotal}/${runs.length}`);
