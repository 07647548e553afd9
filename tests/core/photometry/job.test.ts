/**
 * runTargetPhotometry (the photometry task's job) on in-memory FITS files: images without a
 * WCS, a target off an image, no reference catalogue, the user's includes/excludes, proper motion.
 */
import { describe, expect, it } from 'vitest';
import { writeFits } from '../../../src/core/fits/index.js';
import { runTargetPhotometry, type ReferenceStar, type TargetPhotometryInput } from '../../../src/core/photometry/index.js';
import { headerFromRecord, parseWcs } from '../../../src/core/wcs/index.js';
import { field, rng, type Star } from './synthetic.js';

const W = 128;
const H = 128;
const S = 0.5 / 3600;

function header(extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRVAL1: 45, CRVAL2: 30, CRPIX1: 64.5, CRPIX2: 64.5,
    CD1_1: -S, CD1_2: 0, CD2_1: 0, CD2_2: S, RADESYS: 'ICRS',
    'DATE-OBS': '2026-01-10T20:00:00', EXPTIME: 30, GAIN: 1.5, RDNOISE: 7, FILTER: 'R', AIRMASS: 1.234,
    ...extra,
  };
}

const wcs = parseWcs(headerFromRecord(header()))!;
const u = rng(31);
const stars: Star[] = [{ x: 64.2, y: 63.7, flux: 50_000 }];
while (stars.length < 16) {
  const x = 18 + u() * (W - 36);
  const y = 18 + u() * (H - 36);
  if (stars.some((s) => Math.hypot(s.x - x, s.y - y) < 16)) continue;
  stars.push({ x, y, flux: 20_000 + u() * 60_000 });
}
const files = new Map<string, Uint8Array>();
for (let e = 0; e < 4; e++) {
  const data = field(stars, { width: W, height: H, sky: 300, sigma: 1.3, gain: 1.5, readNoise: 7, seed: 70 + e });
  files.set(`e${e}`, writeFits([{ header: header({ 'DATE-OBS': `2026-01-1${e}T20:00:00` }), data, shape: [W, H] }]));
}
files.set('nowcs', writeFits([{ header: { 'DATE-OBS': '2026-01-15T20:00:00' }, data: new Float32Array(W * H), shape: [W, H] }]));
files.set('elsewhere', writeFits([{ header: header({ CRVAL1: 46 }), data: new Float32Array(W * H).fill(300), shape: [W, H] }]));
const read = (p: string): Uint8Array => files.get(p)!;

const reference: ReferenceStar[] = stars.map((s) => {
  const [ra, dec] = wcs.pixToSky(s.x, s.y);
  return { x: s.x, y: s.y, ra, dec, flux: s.flux, peak: s.flux / (2 * Math.PI * 1.69), background: 300, flags: 0 };
});
const [tra, tdec] = wcs.pixToSky(64.2, 63.7);

function input(over: Partial<TargetPhotometryInput> = {}): TargetPhotometryInput {
  return {
    target: { ra: tra, dec: tdec, epoch: 2000, pmRa: null, pmDec: null },
    images: ['e0', 'e1', 'e2', 'e3', 'nowcs', 'elsewhere'].map((p, i) => ({ productId: i + 1, path: p, hdu: 0, fwhm: 3.06 })),
    reference: { stars: reference, width: W, height: H },
    ...over,
  };
}

describe('runTargetPhotometry', () => {
  it('measures the images it can and reports the others', () => {
    const out = runTargetPhotometry(input(), read);
    expect(out.rows.map((r) => r.productId)).toEqual([1, 2, 3, 4]);
    expect(out.failures.map((f) => [f.productId, f.code])).toEqual([[5, 'phot_bad_argument'], [6, 'phot_off_image']]);
    const r = out.rows[0]!;
    expect(r).toMatchObject({ exptime: 30, filter: 'R', airmass: 1.234, aperture: 2 * 3.06 });
    expect(r.mjd).toBeCloseTo(61050 + 20 / 24 + 15 / 86400, 9);
    expect(r.x).toBeCloseTo(64.2, 1);
    expect(r.y).toBeCloseTo(63.7, 1);
    expect(Math.abs(r.flux - 50_000)).toBeLessThan(0.03 * 50_000); // most of a σ = 1.3 px Gaussian within 6.1 px
    expect(r.instMag).toBeCloseTo(25 - 2.5 * Math.log10(r.flux / 30), 10);
    expect(r.nComparisons).toBeGreaterThanOrEqual(5);
    for (const row of out.rows) expect(Math.abs(row.relFlux! / out.rows[0]!.relFlux! - 1)).toBeLessThan(5 * row.relFluxErr! / row.relFlux! + 0.002);
    expect(out.comparisons.filter((c) => c.verdict === 'selected')).toHaveLength(r.nComparisons);
  });
  it('still gives fluxes without a reference catalogue (no ensemble)', () => {
    const out = runTargetPhotometry(input({ reference: { stars: [], width: 0, height: 0 } }), read);
    expect(out.rows).toHaveLength(4);
    expect(out.rows[0]!.relFlux).toBeNull();
    expect(out.rows[0]!.nComparisons).toBe(0);
    expect(out.rows[0]!.flux).toBeGreaterThan(0);
  });
  it('honours includes and excludes', () => {
    const first = runTargetPhotometry(input(), read);
    const chosen = first.comparisons.filter((c) => c.verdict === 'selected');
    const out = runTargetPhotometry(
      input({ choices: [{ ra: chosen[0]!.ra, dec: chosen[0]!.dec, choice: 'exclude' }], settings: { maxComparisons: 3 } }),
      read,
    );
    expect(out.rows[0]!.nComparisons).toBe(3);
    const ex = out.comparisons.find((c) => c.choice === 'exclude')!;
    expect(ex.verdict).toBe('candidate');
    const inc = runTargetPhotometry(input({ choices: [{ ra: chosen[1]!.ra, dec: chosen[1]!.dec, choice: 'include' }], settings: { maxComparisons: 1 } }), read);
    expect(inc.rows[0]!.nComparisons).toBe(1);
    expect(inc.comparisons.find((c) => c.choice === 'include')!.verdict).toBe('selected');
  });
  it('moves the target by its proper motion to the date of each image', () => {
    // Placed 52″ (104 px) south at epoch 2000, 2″/yr northwards brings it onto the star in 2026.
    const out = runTargetPhotometry(input({ target: { ra: tra, dec: tdec - (2 * 26.03) / 3600, epoch: 2000, pmRa: 0, pmDec: 2000 } }), read);
    expect(out.rows[0]!.y).toBeCloseTo(63.7, 0);
  });
});
