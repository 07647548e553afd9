/**
 * Forced aperture photometry speed and agreement against SEP `sum_circle` (exact overlap,
 * subpix=0) and photutils `aperture_photometry(method='exact')`, measured in the same run on
 * the same image and positions:
 *
 *   /usr/bin/python3 ../shared/bench/make_images.py --size 1024 --seed 1 --out /tmp/phot-lc/synth.fits
 *   npx tsx bench/photometry-aperture.ts /tmp/phot-lc/synth.fits [N=20000] [R=5]
 *
 * Prints sums/s for each and the ratios, plus the largest relative difference of the sums.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { openFits, readImage } from '../src/core/fits/index.js';
import { sumCircleExact } from '../src/core/aperture/index.js';

const [file, nArg, rArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/photometry-aperture.ts IMAGE.fits [N] [R]');
  process.exit(2);
}
const n = Number(nArg ?? 20000);
const r = Number(rArg ?? 5);
const img = readImage(openFits(new Uint8Array(readFileSync(file))), 0, { type: 'float64' });
let seed = 12345;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const xs = Array.from({ length: n }, () => r + 1 + rand() * (img.width - 2 * r - 3));
const ys = Array.from({ length: n }, () => r + 1 + rand() * (img.height - 2 * r - 3));

const ours = new Float64Array(n);
let best = Infinity;
for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) ours[i] = sumCircleExact(img, xs[i]!, ys[i]!, r).sum;
  best = Math.min(best, (performance.now() - t0) / 1000);
}

const json = '/tmp/photometry-aperture-bench.json';
writeFileSync(json, JSON.stringify({ x: xs, y: ys, r }));
const py = `
import json, time, numpy as np, sep
from astropy.io import fits
from photutils.aperture import CircularAperture, aperture_photometry
d = json.load(open('${json}'))
img = fits.getdata('${file}').astype(np.float64)
x = np.array(d['x']); y = np.array(d['y'])
best = 1e9
for _ in range(3):
    t0 = time.perf_counter(); s, e, f = sep.sum_circle(img, x, y, d['r'], subpix=0); best = min(best, time.perf_counter() - t0)
bp = 1e9
for _ in range(1):
    t0 = time.perf_counter(); p = aperture_photometry(img, CircularAperture(np.c_[x, y], d['r']), method='exact'); bp = min(bp, time.perf_counter() - t0)
print(json.dumps({'sep': list(map(float, s)), 'sep_s': best, 'pu': list(map(float, p['aperture_sum'])), 'pu_s': bp}))
`;
const ref = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { sep: number[]; sep_s: number; pu: number[]; pu_s: number };
const worst = (a: number[]): number => Math.max(...a.map((v, i) => Math.abs(ours[i]! / v - 1)));
console.log(`${n} apertures r=${r} on ${img.width}x${img.height}`);
console.log(`ours      ${best.toFixed(3)} s  (${(n / best).toFixed(0)} /s)`);
console.log(`SEP       ${ref.sep_s.toFixed(3)} s  (${(n / ref.sep_s).toFixed(0)} /s)   ours/SEP time ratio ${(best / ref.sep_s).toFixed(2)}`);
console.log(`photutils ${ref.pu_s.toFixed(3)} s  (${(n / ref.pu_s).toFixed(0)} /s)   ours/photutils time ratio ${(best / ref.pu_s).toFixed(2)}`);
console.log(`max |ours/SEP - 1| = ${worst(ref.sep).toExponential(2)}, max |ours/photutils - 1| = ${worst(ref.pu).toExponential(2)}`);
