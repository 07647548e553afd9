import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readIndexFile } from '../../../src/core/solve/index-file.js';
import { refineWcs } from '../../../src/core/solve/refine.js';
import { chord2, radecToXyz, separationDeg, xyzToRadec } from '../../../src/core/solve/sky.js';
import { fitTanSip, pixelToSky, type Pair } from '../../../src/core/solve/tan-sip.js';
import type { FieldSource } from '../../../src/core/solve/verify.js';
import { mulberry32 as rng, normal } from '../../../src/core/synth/index.js';
import { truePixel, type TrueWcs } from './synth-field.js';

const load = (name: string) => readIndexFile(new Uint8Array(readFileSync(new URL(`../../fixtures/solve/${name}`, import.meta.url))), name);
const q4 = load('index-synth-q4.fits');

const T: TrueWcs = { ra: 150.2, dec: 29.8, scale: 2.0, rotation: 37, flip: false, width: 800, height: 600 };
const cx = (T.width - 1) / 2;
const cy = (T.height - 1) / 2;
const R_CORNER = Math.hypot(cx, cy);

interface Field {
  sources: FieldSource[];
  /** Each index star drawn: its true pixel and sky position. */
  stars: Array<{ x: number; y: number; ra: number; dec: number; vec: Float64Array; source: number }>;
}

/**
 * Every index star of the fixture in the image through the true TAN WCS plus a radial
 * distortion moving a pixel at radius r by `cornerPx`·(r / corner radius)³ (SIP-like), with
 * Gaussian jitter of `jitter` pixels; `blends` of them displaced by 1 pixel (a blended centroid).
 */
function field(cornerPx: number, jitter: number, seed: number, blends = 0): Field {
  const r = rng(seed);
  const k = cornerPx / R_CORNER ** 3;
  const out: Field = { sources: [], stars: [] };
  const p = new Float64Array(3);
  q4.stars.rangeSearch(radecToXyz(T.ra, T.dec), chord2((R_CORNER * 1.2 * T.scale) / 3600), (i) => {
    q4.stars.point(i, p);
    const [ra, dec] = xyzToRadec(p[0], p[1], p[2]);
    const [x0, y0] = truePixel(T, ra, dec);
    const u = x0 - cx;
    const v = y0 - cy;
    const g = 1 + k * (u * u + v * v);
    const x = cx + u * g;
    const y = cy + v * g;
    if (x < 0 || y < 0 || x > T.width - 1 || y > T.height - 1) return;
    out.stars.push({ x, y, ra, dec, vec: p.slice(), source: out.sources.length });
    out.sources.push({ x: x + jitter * normal(r), y: y + jitter * normal(r), flux: 1 + r() });
  });
  for (let b = 0; b < blends; b++) {
    const s = out.sources[Math.floor(r() * out.sources.length)];
    const a = 2 * Math.PI * r();
    s.x += Math.cos(a);
    s.y += Math.sin(a);
  }
  return out;
}

/** The accepted hypothesis's pairs: the `n` stars nearest the image centre (as a quad and its first verified matches). */
function initialPairs(f: Field, n: number): Pair[] {
  return [...f.stars]
    .sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy))
    .slice(0, n)
    .map((s) => ({ x: f.sources[s.source].x, y: f.sources[s.source].y, s: s.vec }));
}

/** RMS (arcsec) of the WCS's sky positions of the drawn stars' true pixels against their true positions. */
function rmsAgainstTruth(w: Parameters<typeof pixelToSky>[0], f: Field): number {
  let s = 0;
  for (const st of f.stars) {
    const [ra, dec] = pixelToSky(w, st.x, st.y);
    s += (separationDeg(ra, dec, st.ra, st.dec) * 3600) ** 2;
  }
  return Math.sqrt(s / f.stars.length);
}

describe('refining the WCS of an accepted hypothesis', () => {
  it('recovers a TAN field without noise exactly, from the pairs near the centre, and matches every star', () => {
    const f = field(0, 0, 1);
    expect(f.stars.length).toBeGreaterThan(60);
    const r = refineWcs(initialPairs(f, 8), [q4], f.sources, T.width, T.height, 1);
    expect(r).not.toBeNull();
    expect(r!.matches.length).toBe(f.stars.length);
    expect(r!.rmsArcsec).toBeLessThan(1e-4);
    expect(rmsAgainstTruth(r!.wcs, f)).toBeLessThan(1e-4);
  });

  it('fits SIP where distortion was injected and recovers it (2 px at the corners, 0.05 px jitter)', () => {
    const f = field(2, 0.05, 2);
    const r = refineWcs(initialPairs(f, 8), [q4], f.sources, T.width, T.height, 1);
    expect(r).not.toBeNull();
    expect(r!.wcs.sipOrder).toBeGreaterThanOrEqual(3);
    // every star found, the corners included, though the starting pairs were all central
    expect(r!.matches.length).toBeGreaterThanOrEqual(f.stars.length - 2);
    // the jitter is 0.05 px = 0.1″ per axis; a TAN fit of the same pairs is far off
    expect(rmsAgainstTruth(r!.wcs, f)).toBeLessThan(0.1);
    const tan = fitTanSip(
      f.stars.map((s) => ({ x: f.sources[s.source].x, y: f.sources[s.source].y, s: s.vec })),
      [cx, cy],
      1,
      400,
    );
    expect(rmsAgainstTruth(tan!, f)).toBeGreaterThan(0.3);
  });

  it('keeps a field without distortion TAN (no SIP fitted to the noise)', () => {
    const f = field(0, 0.1, 3);
    const r = refineWcs(initialPairs(f, 8), [q4], f.sources, T.width, T.height, 1);
    expect(r!.wcs.sipOrder).toBe(0);
    expect(rmsAgainstTruth(r!.wcs, f)).toBeLessThan(0.1);
  });

  it('drops blended centroids (1 px off) from the fit', () => {
    const f = field(1.5, 0.05, 4, 6);
    const r = refineWcs(initialPairs(f, 8), [q4], f.sources, T.width, T.height, 1);
    expect(r!.matches.length).toBeLessThanOrEqual(f.stars.length - 5);
    expect(r!.matches.length).toBeGreaterThan(f.stars.length - 10);
    expect(r!.wcs.sipOrder).toBeGreaterThanOrEqual(3);
    expect(rmsAgainstTruth(r!.wcs, f)).toBeLessThan(0.1);
  });
});
