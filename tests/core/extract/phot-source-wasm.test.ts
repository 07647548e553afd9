/**
 * phot-wasm.ts's `photSource` (PhotKernels.source) gives extract.ts's measureObject's arithmetic
 * around the photometry bit for bit: the ellipse (core/aperture's ellipseCoeffs) when a, b, theta
 * are finite and a, b > 0, the flux errors with and without a gain, the aperture-incomplete and
 * saturated flags, theta in degrees in (−90, 90]; on random shapes with NaN, ±Infinity, zeros and
 * negative axes, at and beyond the image's borders.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ellipseCoeffs, kronRadius, sumCircleSep, sumEllipse } from '../../../src/core/aperture/index.js';
import { photKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { extract } from '../../../src/core/extract/extract.js';
import { plainSource } from '../../../src/core/extract/mask.js';
import { addGaussian, skyImage } from './helpers.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(29);

const HOSTILE = [NaN, Infinity, -Infinity, 0, -0, -1, 1e-300, 1e300];

function pick(v: number): number {
  return uniform() < 0.12 ? HOSTILE[Math.floor(uniform() * HOSTILE.length)] : v;
}

function image(w: number, h: number): Float32Array {
  return Float32Array.from({ length: w * h }, () => {
    const u = uniform();
    if (u < 0.02) return NaN;
    if (u < 0.06) return 4000 * uniform();
    return (uniform() - 0.4) * 50;
  });
}

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

/** extract.ts's fluxError. */
function fluxError(sum: number, area: number, rms2: number, gain: number): number {
  return Math.sqrt(area * rms2 + (gain > 0 && sum > 0 ? sum / gain : 0));
}

/** What measureObject's TypeScript computes: [fluxAper…, fluxAperErr…, kron, fluxAuto, fluxAutoErr, fluxIsoErr, theta°, flags]. */
function expected(sub: Float32Array, w: number, h: number, radii: number[], x: number, y: number, a: number, b: number, theta0: number, dpeak: number, bkg: number, fi: number, area: number, rms2: number, gain: number, saturate: number): number[] {
  const src = plainSource(sub, w, h);
  let flags = 0;
  if (Math.fround(dpeak + bkg) >= saturate) flags |= 4;
  const theta = Math.fround(theta0);
  const auto = Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 && Number.isFinite(theta);
  const e = auto ? ellipseCoeffs(a, b, theta) : [0, 0, 0];
  const aper: number[] = [];
  const errs: number[] = [];
  for (const r of radii) {
    const s = sumCircleSep(src, x, y, r, 5);
    if (s.truncated) flags |= 16;
    aper.push(s.sum);
    errs.push(fluxError(s.sum, s.area, rms2, gain));
  }
  let kr = NaN;
  let fa = NaN;
  let fae = NaN;
  if (auto) {
    const k = kronRadius(src, x, y, e[0], e[1], e[2], 6.0);
    if (k.truncated) flags |= 16;
    kr = k.kron;
    let kfac = Number.isFinite(kr) && kr > 0 ? 2.5 * kr : 3.5;
    if (kfac < 3.5) kfac = 3.5;
    const au = sumEllipse(src, x, y, e[0], e[1], e[2], kfac);
    if (au.truncated) flags |= 16;
    fa = au.sum;
    fae = fluxError(au.sum, au.area, rms2, gain);
  }
  let th = (theta * 180) / Math.PI;
  if (th <= -90) th += 180;
  else if (th > 90) th -= 180;
  return [...aper, ...errs, kr, fa, fae, fluxError(fi, area, rms2, gain), th, flags];
}

describe('photSource in WebAssembly', () => {
  it("gives measureObject's values bit for bit on hostile shapes and levels", () => {
    let checked = 0;
    for (let trial = 0; trial < 30; trial++) {
      const w = 5 + Math.floor(uniform() * 80);
      const h = 5 + Math.floor(uniform() * 80);
      const sub = image(w, h);
      const radii = Array.from({ length: 1 + Math.floor(uniform() * 3) }, () => 0.5 + uniform() * 9);
      const k = photKernels(w, h, radii, 5)!;
      const rms2 = pick(uniform() * 40);
      const gain = trial % 3 === 0 ? 0 : pick(uniform() * 4);
      const saturate = uniform() < 0.5 ? 50000 : 1000 + 3000 * uniform();
      k.setLevels(rms2, gain, saturate);
      for (let o = 0; o < 40; o++) {
        const x = -6 + uniform() * (w + 12);
        const y = -6 + uniform() * (h + 12);
        const a = pick(0.3 + uniform() * 5);
        const b = pick(0.2 + uniform() * 4);
        const theta0 = pick((uniform() - 0.5) * 3.2);
        const dpeak = pick(uniform() * 4000);
        const bkg = pick(100 + uniform() * 1000);
        const fi = pick((uniform() - 0.2) * 5000);
        const area = pick(Math.floor(uniform() * 200));
        const t = Math.fround(theta0);
        const ok = k.source(sub, x, y, a, b, t, Math.cos(t), Math.sin(t), dpeak, bkg, fi, area);
        expect(ok).toBe(true);
        const nap = radii.length;
        const got = [...Array.from(k.out.subarray(0, 3 * nap)).filter((_, i) => i % 3 === 0), ...Array.from(k.ext)];
        const want = expected(sub, w, h, radii, x, y, a, b, theta0, dpeak, bkg, fi, area, rms2, gain, saturate);
        const bad = want.findIndex((v, i) => !Object.is(v, got[i]));
        expect(bad, `x ${x} y ${y} a ${a} b ${b} theta ${theta0}: ${got} vs ${want}`).toBe(-1);
        checked++;
      }
    }
    expect(checked).toBe(1200);
  });

  it('theta at the ends of (−90, 90] and the saturation level exactly', () => {
    const sub = image(30, 30);
    const k = photKernels(30, 30, [5], 5)!;
    k.setLevels(4, 2, 1000);
    for (const theta0 of [Math.PI / 2, -Math.PI / 2, Math.PI, -Math.PI, 0, -0, 1.5707963, -1.5707964]) {
      for (const [dpeak, bkg] of [
        [900, 100],
        [899.99999, 100],
        [900.00001, 100],
        [NaN, 100],
      ]) {
        const t = Math.fround(theta0);
        expect(k.source(sub, 15, 15, 2, 1, t, Math.cos(t), Math.sin(t), dpeak, bkg, 500, 20)).toBe(true);
        const got = [k.out[0], ...Array.from(k.ext)];
        const want = expected(sub, 30, 30, [5], 15, 15, 2, 1, theta0, dpeak, bkg, 500, 20, 4, 2, 1000);
        expect(got.every((v, i) => Object.is(v, want[i])), `${theta0} ${dpeak}: ${got} vs ${want}`).toBe(true);
      }
    }
  });

  it('leaves objects whose boxes are not int32 to the TypeScript', () => {
    const sub = image(20, 20);
    const k = photKernels(20, 20, [5], 5)!;
    k.setLevels(1, 0, 50000);
    expect(k.source(sub, NaN, 5, 1, 1, 0, 1, 0, 10, 10, 10, 10)).toBe(false);
    expect(k.source(sub, 5, 1e12, 1, 1, 0, 1, 0, 10, 10, 10, 10)).toBe(false);
  });

  it('gives extract the same catalogs with it and without (saturated objects, a gain, three apertures)', () => {
    const [w, h] = [640, 480];
    const img = skyImage(w, h, 100, 5, 3);
    for (let s = 0; s < 700; s++) {
      addGaussian(img, w, h, uniform() * w, uniform() * h, 300 + 60000 * uniform() ** 3, 1 + uniform() * 2, 1 + uniform() * 2, uniform() * 3);
    }
    img[Math.floor(uniform() * w * h)] = NaN;
    for (const opts of [{ saturate: 3000 }, { gain: 2.5, saturate: 2000, apertures: [3, 5.5, 8] }]) {
      setDetectWasm('on');
      const on = extract(img, w, h, opts);
      setDetectWasm('off');
      const off = extract(img, w, h, opts);
      expect(on.sources.length).toBeGreaterThan(300);
      expect(on.sources.some((s) => (s.flags & 4) !== 0)).toBe(true);
      expect(JSON.stringify(on.sources)).toBe(JSON.stringify(off.sources));
    }
  });
});
