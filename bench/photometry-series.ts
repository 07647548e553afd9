/**
 * Light-curve figures on a make_images.py series (issue 7 targets):
 *
 *   F=(1.0 1.05 0.9 1.2 0.8 1.1 1.0 0.95)
 *   for e in 0 1 2 3 4 5 6 7; do /usr/bin/python3 ../shared/bench/make_images.py --size 1024 --seed 1 \
 *     --epoch $e --variable ${F[$e]} --variable-flux 200000 --out /tmp/phot-lc/e$e.fits; done
 *   npx tsx bench/photometry-series.ts /tmp/phot-lc/e*.fits
 *
 * Reads every image with our FITS/WCS code, extracts the first one with our extractor, picks
 * comparison stars automatically, measures the variable (kind=variable in the truth CSV) and
 * prints: recovered vs injected factors, RMS(residual/error) of constant ~20 000 ADU stars
 * (truth 15 000–25 000 ADU), the same for the comparison stars (leave-one-out), and our
 * forced fluxes vs SEP `sum_circle(subpix=0)` at the same positions in the first image
 * (SEP run in the same process tree with /usr/bin/python3; skipped if that fails).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { openFits, readImage } from '../src/core/fits/index.js';
import { extract } from '../src/core/extract/index.js';
import { parseWcs } from '../src/core/wcs/index.js';
import { midExposure, bjdTdb } from '../src/core/time/index.js';
import {
  comparisonCandidates,
  forcedPhotometry,
  measureSeries,
  relativeFlux,
  runTargetPhotometry,
  type SeriesImage,
  type StarSeries,
} from '../src/core/photometry/index.js';

const [CONST_MIN, CONST_MAX] = (process.env.PHOT_CONST ?? '15000,25000').split(',').map(Number) as [number, number];
const files = process.argv.slice(2).filter((a) => a.endsWith('.fits')).sort();
if (files.length < 2) {
  console.error('usage: npx tsx bench/photometry-series.ts E0.fits E1.fits ...');
  process.exit(2);
}

interface Truth { id: number; x: number; y: number; flux: number; ra: number; dec: number; kind: string }
function readTruth(fits: string): Truth[] {
  const lines = readFileSync(fits.replace(/\.fits$/, '.truth.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [id, x, y, flux, ra, dec, kind] = l.split(',');
    return { id: Number(id), x: Number(x), y: Number(y), flux: Number(flux), ra: Number(ra), dec: Number(dec), kind: kind! };
  });
}

const t0 = performance.now();
const loaded = files.map((f) => {
  const fits = openFits(new Uint8Array(readFileSync(f)));
  const img = readImage(fits, 0);
  const h = fits.hdus[0]!.header;
  const wcs = parseWcs(h);
  if (!wcs) throw new Error(`${f}: no WCS`);
  return { file: f, img, h, wcs, truth: readTruth(f) };
});
const tRead = performance.now();
const first = loaded[0]!;
const { width: W, height: H } = first.img;
const gain = first.h.number('GAIN', 0);
const rdnoise = first.h.number('RDNOISE', 0);
const saturate = first.h.number('SATURATE', 50000);
const catalog = extract(Float32Array.from(first.img.data), W, H, { gain, saturate });
const tExtract = performance.now();
const fwhms = catalog.sources.filter((s) => s.flags === 0 && s.fluxAuto > 20000).map((s) => s.fwhm).sort((a, b) => a - b);
const fwhm = fwhms[fwhms.length >> 1] ?? 3;
const radius = 2 * fwhm;
const annulus: [number, number] = [4 * fwhm, 6 * fwhm];
const variable = first.truth.find((t) => t.kind === 'variable')!;
const cat = catalog.sources.map((s) => ({ x: s.x, y: s.y, flux: s.fluxAuto, peak: s.peak, background: s.background, flags: s.flags }));
const cand = comparisonCandidates(cat, {
  width: W,
  height: H,
  edge: annulus[1] + 2,
  isolation: annulus[1],
  saturate,
  avoid: [{ x: variable.x, y: variable.y, radius: 3 * fwhm }],
});
const candSky = cand.map((c) => first.wcs.pixToSky(cat[c]!.x, cat[c]!.y));
// Constant stars of CONST_MIN–CONST_MAX ADU (default 15 000–25 000; env PHOT_CONST=min,max) from the truth table, measured like the target (forced at the WCS position).
const constant = first.truth.filter(
  (t) =>
    t.kind === 'star' &&
    t.flux > CONST_MIN &&
    t.flux < CONST_MAX &&
    t.x > annulus[1] + 2 && t.y > annulus[1] + 2 && t.x < W - annulus[1] - 3 && t.y < H - annulus[1] - 3 &&
    !first.truth.some((o) => o !== t && o.flux > 0.5 * t.flux && Math.hypot(o.x - t.x, o.y - t.y) < annulus[1]),
);
const nC = cand.length;
const series: SeriesImage[] = loaded.map((l) => ({
  image: l.img,
  gain,
  readNoise: rdnoise,
  saturate,
  target: (([x, y]) => ({ x, y }))(l.wcs.skyToPix(variable.ra, variable.dec)),
  stars: [...candSky, ...constant.map((t) => [t.ra, t.dec] as [number, number])].map(([ra, dec]) => {
    const [x, y] = l.wcs.skyToPix(ra, dec);
    return { x, y };
  }),
}));
const tPrep = performance.now();
// Comparison choice among the catalogue candidates only: the constant test stars are appended after them.
const choiceRun = measureSeries(
  series.map((s) => ({ ...s, stars: s.stars.slice(0, nC) })),
  { radius, annulus, recentreRadius: 1.5 * fwhm, maxStars: 12, minSnr: 50 },
);
const result = measureSeries(series, { radius, annulus, recentreRadius: 0, comparisons: choiceRun.choice.selected });
const tPhot = performance.now();

const factors = loaded.map((l) => l.truth.find((t) => t.kind === 'variable')!.flux / variable.flux);
const rel = choiceRun.points.map((p) => p.relFlux);
const meanRel = rel.reduce((a, b) => a + b, 0) / rel.length;
const meanF = factors.reduce((a, b) => a + b, 0) / factors.length;
console.log(`images ${files.length} (${W}x${H}); median FWHM ${fwhm.toFixed(2)} px; aperture r=${radius.toFixed(2)}, annulus ${annulus.map((a) => a.toFixed(2)).join('-')}`);
console.log(`catalogue ${catalog.sources.length} sources; candidates ${nC}; comparisons ${choiceRun.choice.selected.length}; rejected ${JSON.stringify(
  choiceRun.choice.rejected.reduce<Record<string, number>>((a, r) => ((a[r.reason] = (a[r.reason] ?? 0) + 1), a), {}),
)}`);
console.log('epoch  mjd_mid(UTC)        bjd_tdb             injected  recovered  ratio-1(%)  rel_err(%)');
let worst = 0;
loaded.forEach((l, e) => {
  const t = midExposure(l.h);
  const b = bjdTdb(t.mjdMid, variable.ra, variable.dec);
  const inj = factors[e]! / meanF;
  const rec = rel[e]! / meanRel;
  worst = Math.max(worst, Math.abs(rec / inj - 1));
  console.log(
    `${String(e).padStart(5)}  ${t.mjdMid.toFixed(8)}  ${b.bjdTdb.toFixed(8)}  ${inj.toFixed(5)}   ${rec.toFixed(5)}   ${((rec / inj - 1) * 100).toFixed(3).padStart(8)}   ${((choiceRun.points[e]!.relFluxErr / rel[e]!) * 100).toFixed(3)}`,
  );
});
console.log(`variable: worst |recovered/injected - 1| = ${(worst * 100).toFixed(3)} %  (target < 1 %)`);

const all: StarSeries[] = result.stars.map((ms) => ({
  flux: ms.map((m) => (m ? m.flux : NaN)),
  fluxErr: ms.map((m) => (m ? m.fluxErr : NaN)),
  ok: ms.map((m) => m !== null && (m.flags & (1 | 2 | 4 | 8)) === 0),
}));
function residuals(k: number): number[] {
  const r = relativeFlux(all[k]!, all, result.choice.selected, k);
  if (r.rel.some((v) => !Number.isFinite(v))) return [];
  let sw = 0;
  let swx = 0;
  r.rel.forEach((v, i) => {
    sw += 1 / r.relErr[i]! ** 2;
    swx += v / r.relErr[i]! ** 2;
  });
  const mean = swx / sw;
  const n = r.rel.length;
  return Array.from(r.rel, (v, i) => ((v - mean) / r.relErr[i]!) * Math.sqrt(n / (n - 1)));
}
const rms = (v: number[]): number => Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length);
const constRes = constant.flatMap((_, j) => residuals(nC + j));
const compRes = result.choice.selected.flatMap((k) => residuals(k));
console.log(`constant stars (truth ${CONST_MIN}-${CONST_MAX} ADU, ${constRes.length / files.length} stars): RMS(residual/error) = ${rms(constRes).toFixed(3)}  (target 0.5-2)`);
console.log(`comparison stars leave-one-out (${result.choice.selected.length}): RMS(residual/error) = ${rms(compRes).toFixed(3)}; chi2_nu ${choiceRun.choice.reducedChi2.map((c) => c.toFixed(2)).join(' ')}`);
console.log(
  `time: read ${((tRead - t0) / 1000).toFixed(2)} s, extract(first) ${((tExtract - tRead) / 1000).toFixed(2)} s, prep ${((tPrep - tExtract) / 1000).toFixed(2)} s, photometry ${((tPhot - tPrep) / 1000).toFixed(2)} s for ${files.length} x ${series[0]!.stars.length + 1} stars (twice)`,
);

// The same series through the task's job API (runTargetPhotometry: WCS placement, FWHM-scaled
// radii, reference catalogue with sky positions), as the photometry task runs it.
{
  const tJob = performance.now();
  const refStars = catalog.sources.map((src) => {
    const [ra, dec] = first.wcs.pixToSky(src.x, src.y);
    return { x: src.x, y: src.y, ra, dec, flux: src.fluxAuto, peak: src.peak, background: src.background, flags: src.flags };
  });
  const job = runTargetPhotometry(
    {
      target: { ra: variable.ra, dec: variable.dec, epoch: 2000, pmRa: null, pmDec: null },
      images: files.map((f, i) => ({ productId: i + 1, path: f, hdu: 0, fwhm })),
      reference: { stars: refStars, width: W, height: H },
    },
    (path) => new Uint8Array(readFileSync(path)),
  );
  const jr = job.rows.map((r) => r.relFlux!);
  const jm = jr.reduce((a, b) => a + b, 0) / jr.length;
  const jworst = Math.max(...jr.map((v, e) => Math.abs(v / jm / (factors[e]! / meanF) - 1)));
  const mags = job.rows.map((r) => r.mag!);
  console.log(
    `job API: ${job.rows.length} rows, ${job.rows[0]?.nComparisons} comparisons, failures ${job.failures.length}; worst |recovered/injected - 1| = ${(jworst * 100).toFixed(3)} %; mag errors ${job.rows.map((r) => r.magErr!.toFixed(4)).join(' ')}; dmag range ${(Math.max(...mags) - Math.min(...mags)).toFixed(3)}; ${((performance.now() - tJob) / 1000).toFixed(2)} s`,
  );
}

// Our forced sums vs SEP sum_circle on the first image.
try {
  const pos = series[0]!.stars
    .concat([series[0]!.target])
    .filter((p): p is { x: number; y: number } => p !== null)
    .filter((p) => p.x > radius && p.y > radius && p.x < W - radius - 1 && p.y < H - radius - 1);
  const ours = pos.map((p) => forcedPhotometry(first.img, p.x, p.y, { radius, annulus: null, skyLevel: 0 }).flux);
  const json = '/tmp/photometry-bench-pos.json';
  writeFileSync(json, JSON.stringify({ x: pos.map((p) => p.x), y: pos.map((p) => p.y), r: radius }));
  const py = `import json,sys,numpy as np,sep\nfrom astropy.io import fits\nd=json.load(open('${json}'))\nimg=fits.getdata('${first.file}').astype(np.float64)\ns,e,f=sep.sum_circle(img,np.array(d['x']),np.array(d['y']),d['r'],subpix=0)\nprint(json.dumps(list(map(float,s))))`;
  const sepSums = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' })) as number[];
  const ratios = ours.map((o, i) => o / sepSums[i]!);
  const dev = ratios.map((r) => Math.abs(r - 1)).sort((a, b) => a - b);
  console.log(`forced sum vs SEP sum_circle(subpix=0), ${ratios.length} positions: median |ratio-1| = ${dev[dev.length >> 1]!.toExponential(2)}, max = ${dev[dev.length - 1]!.toExponential(2)}  (target < 1e-3)`);
} catch (err) {
  console.log(`SEP comparison skipped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
}
