/**
 * runTargetPhotometry on the headers real files have: an old plate scan (DSS plate solution,
 * int16, DATE-OBS as DD/MM/YY with UT, EXPOSURE in minutes, no GAIN) measured on its own;
 * images without GAIN (the instrument's gain from the settings, points flagged); a numeric
 * FILTER. Every image gives a point and the output holds no NaN (null where undefined).
 */
import { describe, expect, it } from 'vitest';
import { writeFits } from '../../../src/core/fits/index.js';
import {
  imageGain,
  PointFlags,
  runTargetPhotometry,
  type ReferenceStar,
  type TargetPhotometryInput,
  type TargetPhotometryOutput,
} from '../../../src/core/photometry/index.js';
import { calendarToMjd } from '../../../src/core/time/index.js';
import { headerFromRecord, parseWcs } from '../../../src/core/wcs/index.js';
import { starFieldFits } from '../../helpers/star-field.js';
import { field, rng, type Star } from './synthetic.js';

const W = 128;
const H = 128;

function stars(seed: number, bright: number): Star[] {
  const u = rng(seed);
  const out: Star[] = [{ x: 64.2, y: 63.7, flux: bright }];
  while (out.length < 16) {
    const x = 16 + u() * (W - 32);
    const y = 16 + u() * (H - 32);
    if (out.some((s) => Math.hypot(s.x - x, s.y - y) < 15)) continue;
    out.push({ x, y, flux: bright * (0.3 + 0.7 * u()) });
  }
  return out;
}

/** Every number in the output is finite; undefined statistics are null. */
function noNaN(out: TargetPhotometryOutput): void {
  const bad: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) bad.push(path);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(out, 'out');
  expect(bad).toEqual([]);
}

function referenceOf(list: Star[], header: Record<string, string | number>): ReferenceStar[] {
  const wcs = parseWcs(headerFromRecord(header))!;
  return list.map((s) => {
    const [ra, dec] = wcs.pixToSky(s.x, s.y);
    return { x: s.x, y: s.y, ra, dec, flux: s.flux, peak: s.flux / (2 * Math.PI * 1.69), background: 300, flags: 0 };
  });
}

describe('an old plate scan, on its own', () => {
  // A DSS-style plate solution of our own: 67.2″/mm, 25.28 µm pixels, linear.
  const plate: Record<string, string | number> = {
    'DATE-OBS': '29/11/51',
    UT: '12:07:00.00',
    EXPOSURE: 50,
    TELESCOP: 'Palomar 48-inch Schmidt',
    PLTRAH: 8, PLTRAM: 51, PLTRAS: 20.0, PLTDECSN: '+', PLTDECD: 11, PLTDECM: 48, PLTDECS: 0.0,
    EQUINOX: 2000, PLTSCALE: 67.2, XPIXELSZ: 25.28445, YPIXELSZ: 25.28445,
    PPO1: 0, PPO2: 0, PPO3: 174974.7, PPO4: 0, PPO5: 0, PPO6: 174974.7,
    AMDX1: 67.2, AMDX2: 0, AMDX3: 0, AMDY1: 67.2, AMDY2: 0, AMDY3: 0,
    CNPIX1: 6856, CNPIX2: 6856,
  };
  const list = stars(5, 40_000);
  const data = field(list, { width: W, height: H, sky: 3000, sigma: 1.3, gain: 1, readNoise: 0, seed: 9 });
  const bytes = writeFits([{ header: plate, data: Int16Array.from(data, (v) => Math.round(v)), shape: [W, H] }]);

  it('has a plate WCS the job can use', () => {
    expect(parseWcs(headerFromRecord(plate))).not.toBeNull();
  });

  it('gives one point with a magnitude, the exposure in seconds and the gain flagged as assumed', () => {
    const reference = referenceOf(list, plate);
    const input: TargetPhotometryInput = {
      target: { ra: reference[0]!.ra, dec: reference[0]!.dec, epoch: 2000, pmRa: null, pmDec: null },
      images: [{ productId: 1, path: 'plate', hdu: 0, fwhm: 3.06 }],
      reference: { stars: reference, width: W, height: H },
    };
    const out = runTargetPhotometry(input, () => bytes);
    noNaN(out);
    expect(out.failures).toEqual([]);
    expect(out.rows).toHaveLength(1);
    const r = out.rows[0]!;
    expect(r.exptime).toBe(3000); // EXPOSURE = 50 minutes
    const start = calendarToMjd(1951, 11, 29) + (12 * 3600 + 7 * 60) / 86400;
    expect((r.mjd - start) * 86400).toBeCloseTo(1500, 3);
    expect(r.mag).not.toBeNull();
    expect(r.flags & PointFlags.GAIN_ASSUMED).toBe(PointFlags.GAIN_ASSUMED);
    const selected = out.comparisons.filter((c) => c.verdict === 'selected');
    expect(selected.length).toBe(r.nComparisons);
    expect(selected.every((c) => c.reducedChi2 === null && c.imagesUsed === 1)).toBe(true);
  });
});

describe('a faint target', () => {
  // A star of S/N ≈ 2 in the aperture, among bright comparison stars.
  const list = [...stars(21, 40_000), { x: 100.3, y: 30.6, flux: 2000 }];
  const header = { 'DATE-OBS': '2026-01-10T20:00:00', EXPTIME: 30, GAIN: 1 };
  const bytes = starFieldFits({ stars: list, width: W, height: H, ra: 45, dec: 30, sky: 3000, gain: 1, readNoise: 0, seed: 3, header });
  const wcsHeader = { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRVAL1: 45, CRVAL2: 30, CRPIX1: (W + 1) / 2, CRPIX2: (H + 1) / 2, CD1_1: -0.6 / 3600, CD1_2: 0, CD2_1: 0, CD2_2: 0.6 / 3600 };
  const reference = referenceOf(list.slice(0, -1), wcsHeader);
  const [ra, dec] = parseWcs(headerFromRecord(wcsHeader))!.pixToSky(100.3, 30.6);
  const run = (detected: boolean | null): TargetPhotometryOutput =>
    runTargetPhotometry(
      {
        target: { ra, dec, epoch: 2000, pmRa: null, pmDec: null },
        images: [{ productId: 1, path: 'f', hdu: 0, fwhm: 3.06, detected }],
        reference: { stars: reference, width: W, height: H },
      },
      () => bytes,
    );

  it('is an upper limit (3σ) unless the image catalogue detected it', () => {
    const limit = run(null).rows[0]!;
    expect(limit.flux / limit.fluxErr).toBeLessThan(3);
    expect(limit.flux).toBeGreaterThan(0);
    expect(limit.mag).toBeNull();
    expect(limit.flags & PointFlags.UPPER_LIMIT).toBe(PointFlags.UPPER_LIMIT);
    // The limit is the magnitude of 3σ of its flux on the same scale, brighter than the star itself.
    expect(limit.magLimit!).toBeCloseTo(-2.5 * Math.log10((3 * limit.fluxErr * limit.relFlux!) / limit.flux), 9);
    expect(run(false).rows[0]!.magLimit).toBe(limit.magLimit);
    const caught = run(true).rows[0]!;
    expect(caught.mag).not.toBeNull();
    expect(caught.magLimit).toBeNull();
    expect(caught.flags & PointFlags.UPPER_LIMIT).toBe(0);
  });
});

describe('the gain of images without GAIN', () => {
  it('comes from the header, else the instrument, else the default, and says when assumed', () => {
    const gains = { 'Test 0.4m / TestCam': 3, testcam: 2.5, 'Other Scope': 1.7 };
    expect(imageGain({ gain: 1.4, telescope: 'Test 0.4m', instrument: 'TestCam' }, { gains })).toEqual({ gain: 1.4, assumed: false });
    expect(imageGain({ gain: null, telescope: 'test 0.4m ', instrument: ' TestCam' }, { gains: { 'Test 0.4m/TestCam': 3 } })).toEqual({ gain: 3, assumed: true });
    expect(imageGain({ gain: null, telescope: 'X', instrument: 'TESTCAM' }, { gains })).toEqual({ gain: 2.5, assumed: true });
    expect(imageGain({ gain: 0, telescope: 'Other Scope', instrument: null }, { gains })).toEqual({ gain: 1.7, assumed: true });
    expect(imageGain({ gain: null, telescope: null, instrument: null }, { gain: 4 })).toEqual({ gain: 4, assumed: true });
    expect(imageGain({ gain: null, telescope: null, instrument: null })).toEqual({ gain: 1, assumed: true });
  });

  // Bright stars on a faint sky: the photon noise dominates, so errors without it are far too small.
  const list = stars(11, 300_000);
  const FACTORS = [1, 0.97, 1.02, 0.95, 1.03, 0.99];
  const files = FACTORS.map((t, e) =>
    starFieldFits({
      stars: list.map((s) => ({ ...s, flux: s.flux * t })),
      width: W,
      height: H,
      ra: 45,
      dec: 30,
      sky: 100,
      gain: 2,
      seed: 40 + e,
      header: { 'DATE-OBS': `2026-01-1${e}T20:00:00`, EXPTIME: 30, TELESCOP: 'Test 0.4m', INSTRUME: 'TestCam', FILTER: 2 },
    }),
  );
  const header = { ...parseWcsHeader() };
  function parseWcsHeader(): Record<string, string | number> {
    // The unshifted field's WCS (as starFieldFits writes it).
    return { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRVAL1: 45, CRVAL2: 30, CRPIX1: (W + 1) / 2, CRPIX2: (H + 1) / 2, CD1_1: -0.6 / 3600, CD1_2: 0, CD2_1: 0, CD2_2: 0.6 / 3600 };
  }
  const reference = referenceOf(list, header);
  const input = (settings: TargetPhotometryInput['settings']): TargetPhotometryInput => ({
    target: { ra: reference[0]!.ra, dec: reference[0]!.dec, epoch: 2000, pmRa: null, pmDec: null },
    images: files.map((_, i) => ({ productId: i + 1, path: String(i), hdu: 0, fwhm: 3.06 })),
    reference: { stars: reference, width: W, height: H },
    settings,
  });

  it("uses the instrument's gain from the settings: the constant target's RMS(residual/error) is in [0.5, 2]", () => {
    const out = runTargetPhotometry(input({ gains: { 'Test 0.4m/TestCam': 2 } }), (p) => files[Number(p)]!);
    noNaN(out);
    expect(out.rows).toHaveLength(6);
    const rel = out.rows.map((r) => r.relFlux!);
    const err = out.rows.map((r) => r.relFluxErr!);
    const w = err.map((x) => 1 / x ** 2);
    const mean = rel.reduce((a, v, i) => a + v * w[i]!, 0) / w.reduce((a, b) => a + b, 0);
    const rms = Math.sqrt(rel.reduce((a, v, i) => a + ((v - mean) / err[i]!) ** 2, 0) / (rel.length - 1));
    console.log(`no GAIN in the headers, gain 2 from the settings: RMS(residual/error) = ${rms.toFixed(3)}`);
    expect(rms).toBeGreaterThanOrEqual(0.5);
    expect(rms).toBeLessThanOrEqual(2);
    for (const r of out.rows) {
      expect(r.flags & PointFlags.GAIN_ASSUMED).toBe(PointFlags.GAIN_ASSUMED);
      // The photon term is in the error: σ² ≥ F / g.
      expect(r.fluxErr ** 2).toBeGreaterThan(r.flux / 2);
      expect(r.filter).toBe('2'); // FILTER = 2 (a number) is the filter "2"
    }
  });
});
