/**
 * Where plate solving's error comes from, on bench/solve.ts's synthetic fields, in process:
 * for each field, the centroid error of the extracted sources that are index stars (against
 * the drawn pixel), the RMS against the truth of our solution (over the drawn index stars, as
 * bench/solve.ts measures it), and of ideal fits: TAN-SIP of order 3 to every drawn index star
 * with its extracted centroid (the best a fit of these centroids can do) and with its true
 * pixel (≈ 0: the model can represent the injected distortion).
 *
 *   npx tsx bench/solve-accuracy.ts [--n 10] [--seed 11] [--index-dir /usr/share/astrometry]
 *        [--stars-from index-tycho2-07.littleendian.fits]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { extract } from '../src/core/extract/index.js';
import { readIndexFile, refineCentroids, solveField, type FieldSource } from '../src/core/solve/index.js';
import { radecToXyz, separationDeg } from '../src/core/solve/sky.js';
import { fitTanSip, pixelToSky, type Pair, type TanSip } from '../src/core/solve/tan-sip.js';
import { chooseIndexes, listIndexes, loadIndexes } from '../src/main/services/solve/index-files.js';

import { synthField, type SynthTruth } from './solve-synth.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const N = Number(arg('n', '10'));
const seed0 = Number(arg('seed', '11'));
const indexDir = resolve(arg('index-dir', '/usr/share/astrometry'));
const starsFrom = arg('stars-from', 'index-tycho2-07.littleendian.fits');
const starIndex = readIndexFile(new Uint8Array(readFileSync(join(indexDir, starsFrom))), starsFrom);
const all = listIndexes([indexDir]);

function rmsTruth(w: TanSip, truth: SynthTruth): number {
  let s = 0;
  for (const st of truth.stars) {
    const [ra, dec] = pixelToSky(w, st.x, st.y);
    s += (separationDeg(ra, dec, st.ra, st.dec) * 3600) ** 2;
  }
  return Math.sqrt(s / Math.max(1, truth.stars.length));
}
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cols: Record<string, number[]> = { centroidPx: [], centroidWinPx: [], solved: [], idealExtracted: [], idealWin: [], idealTrue: [] };
for (let k = 0; k < N; k++) {
  const seed = seed0 + k;
  const { data, truth } = synthField(starIndex, seed);
  const img = Float32Array.from(data);
  const cat = extract(img, truth.width, truth.height, { thresh: 3, minarea: 5, inPlace: true });
  const iso: FieldSource[] = cat.sources.map((s) => ({ x: s.x, y: s.y, flux: s.fluxAuto > 0 ? s.fluxAuto : s.fluxIso })).sort((a, b) => b.flux - a.flux);
  const win = refineCentroids(img, truth.width, truth.height, cat.sources.map((s) => ({ x: s.x, y: s.y, flux: s.fluxAuto > 0 ? s.fluxAuto : s.fluxIso, fwhm: s.fwhm }))).sort((a, b) => b.flux - a.flux);
  // nearest extracted source to each drawn star (within 1.5 px)
  const near = (list: FieldSource[], x: number, y: number): FieldSource | null => {
    let best: FieldSource | null = null;
    let bd = 1.5 * 1.5;
    for (const s of list) {
      const d = (s.x - x) ** 2 + (s.y - y) ** 2;
      if (d < bd) {
        bd = d;
        best = s;
      }
    }
    return best;
  };
  const pairsOf = (list: FieldSource[] | null): { pairs: Pair[]; err: number } => {
    const pairs: Pair[] = [];
    let e = 0;
    for (const st of truth.stars) {
      const s = list ? near(list, st.x, st.y) : { x: st.x, y: st.y, flux: 0 };
      if (!s) continue;
      e += (s.x - st.x) ** 2 + (s.y - st.y) ** 2;
      pairs.push({ x: s.x, y: s.y, s: radecToXyz(st.ra, st.dec) });
    }
    return { pairs, err: Math.sqrt(e / Math.max(1, pairs.length)) };
  };
  const crpix: [number, number] = [(truth.width - 1) / 2, (truth.height - 1) / 2];
  const ideal = (list: FieldSource[] | null): { rms: number; err: number; n: number } => {
    const { pairs, err } = pairsOf(list);
    const w = fitTanSip(pairs, crpix, 3, truth.width / 2);
    return { rms: w ? rmsTruth(w, truth) : NaN, err, n: pairs.length };
  };
  const a = ideal(iso);
  const b = ideal(win);
  const c = ideal(null);
  const chosen = chooseIndexes(all, truth.width, truth.height, truth.scale * 0.9, truth.scale * 1.1);
  const open = loadIndexes(chosen.map((ix) => ix.path));
  const useWin = process.argv.includes('--win');
  const r = solveField(useWin ? win : iso, open.indexes, { width: truth.width, height: truth.height, ra: truth.ra, dec: truth.dec, radius: 1, scaleLow: truth.scale * 0.9, scaleHigh: truth.scale * 1.1, timeLimitMs: 60000 });
  open.close();
  const solved = r.solved ? rmsTruth(r.solution.wcs, truth) : NaN;
  cols.centroidPx.push(a.err);
  cols.centroidWinPx.push(b.err);
  cols.solved.push(solved);
  cols.idealExtracted.push(a.rms);
  cols.idealWin.push(b.rms);
  cols.idealTrue.push(c.rms);
  console.log(
    `field ${seed}: ${truth.scale.toFixed(2)}"/px, ${truth.stars.length} drawn, k·r³ at corner ${(truth.k * Math.hypot(511.5, 511.5) ** 3).toFixed(2)} px; ` +
      `centroid err iso ${a.err.toFixed(3)} px (${a.n}), win ${b.err.toFixed(3)} px (${b.n}); ` +
      `solved ${r.solved ? `rms ${solved.toFixed(3)}" (matched ${r.solution.matched}, SIP ${r.solution.wcs.sipOrder}, fit rms ${r.solution.rmsArcsec.toFixed(2)}")` : 'NOT'}; ` +
      `ideal iso ${a.rms.toFixed(3)}", win ${b.rms.toFixed(3)}", true ${c.rms.toExponential(1)}"`,
  );
}
console.log(`\nmedians: ${Object.entries(cols).map(([k, v]) => `${k} ${median(v.filter(Number.isFinite)).toFixed(3)}`).join(', ')}; load ${loadavg()[0].toFixed(1)}`);
