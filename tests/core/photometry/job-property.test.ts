/**
 * The photometry job on fields with few stars (0–3), seeded random targets (on a star, next to
 * an edge, on empty sky, just off the image), one to four images, the user's includes and
 * excludes, masked (NaN) and non-finite pixels: it never throws, every image is either a row
 * or a failure, every number of the output is finite or null (a point without a magnitude has a
 * flag saying why), and the output passes the
 * photometry task's result schema (a NaN there failed the task: "malformed result").
 */
import { describe, expect, it } from 'vitest';
import { writeFits } from '../../../src/core/fits/index.js';
import { noMagnitudeReason, runTargetPhotometry, type ReferenceStar, type TargetPhotometryInput } from '../../../src/core/photometry/index.js';
import { headerFromRecord, parseWcs } from '../../../src/core/wcs/index.js';
import { photometryOutputSchema } from '../../../src/main/services/tasks/kinds/photometry/schema.js';
import { field, rng, type Star } from './synthetic.js';

const W = 96;
const H = 80;
const S = 0.5 / 3600;

function header(dx: number, dy: number, extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRVAL1: 45, CRVAL2: 30, CRPIX1: 48.5 + dx, CRPIX2: 40.5 + dy,
    CD1_1: -S, CD1_2: 0, CD2_1: 0, CD2_2: S, 'DATE-OBS': '2026-01-10T20:00:00', EXPTIME: 30, FILTER: 'R',
    ...extra,
  };
}

/** Paths to the first non-finite number (NaN, ±Infinity) anywhere in `v`, e.g. `rows.0.flux = NaN`. */
export function nonFinite(v: unknown, path = ''): string[] {
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [`${path} = ${v}`];
  if (Array.isArray(v)) return v.flatMap((x, i) => nonFinite(x, `${path}.${i}`));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => nonFinite(x, path ? `${path}.${k}` : k));
  return [];
}

interface Case {
  input: TargetPhotometryInput;
  files: Map<string, Uint8Array>;
  what: string;
}

/** A seeded random case: 0–3 stars, 1–4 images, a target somewhere, maybe choices and bad pixels. */
function randomCase(seed: number): Case {
  const u = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(u() * xs.length)]!;
  const nStars = seed % 4;
  const nImages = 1 + Math.floor(u() * 4);
  const stars: Star[] = [];
  for (let k = 0; k < nStars; k++) {
    // Most stars anywhere, some against an edge; fluxes from hardly detectable to near saturation.
    const edge = u() < 0.3;
    const x = edge ? pick([u() * 4, W - 1 - u() * 4]) : 2 + u() * (W - 4);
    const y = edge ? u() * H : 2 + u() * (H - 4);
    stars.push({ x, y, flux: 10 ** (2.5 + u() * 3) });
  }
  const wcs0 = parseWcs(headerFromRecord(header(0, 0)))!;
  const sat = u() < 0.2 ? 3000 : null;
  const files = new Map<string, Uint8Array>();
  const images: TargetPhotometryInput['images'] = [];
  const bad = pick(['none', 'none', 'nan', 'inf', '-inf', 'nan-block', 'zero']);
  const tgt =
    nStars > 0 && u() < 0.5
      ? { ...stars[Math.floor(u() * nStars)]! }
      : pick([
          { x: u() * W, y: u() * H },
          { x: -0.4 + u() * 1.5, y: u() * H },
          { x: W - 1.2 + u() * 0.7, y: H - 1.2 + u() * 0.7 },
          { x: u() * W, y: -0.45 },
          { x: W + 2, y: H / 2 },
        ]);
  for (let e = 0; e < nImages; e++) {
    const [dx, dy] = e === 0 ? [0, 0] : [Math.round((u() - 0.5) * 6), Math.round((u() - 0.5) * 6)];
    const data = field(
      stars.map((s) => ({ ...s, x: s.x + dx, y: s.y + dy })),
      { width: W, height: H, sky: 200, sigma: 1.5, gain: 1, readNoise: 4, seed: seed * 10 + e },
    );
    const tx = Math.round(tgt.x + dx);
    const ty = Math.round(tgt.y + dy);
    if (tx >= 0 && ty >= 0 && tx < W && ty < H) {
      if (bad === 'nan') data[ty * W + tx] = NaN;
      if (bad === 'inf') data[ty * W + tx] = Infinity;
      if (bad === '-inf') data[ty * W + tx] = -Infinity;
      if (bad === 'zero') data.fill(0);
      if (bad === 'nan-block') {
        for (let j = Math.max(0, ty - 30); j < Math.min(H, ty + 30); j++) for (let i = Math.max(0, tx - 30); i < Math.min(W, tx + 30); i++) data[j * W + i] = NaN;
      }
    }
    const extra: Record<string, string | number> = { 'DATE-OBS': `2026-01-1${e}T20:00:00` };
    if (sat !== null) extra.SATURATE = sat;
    if (u() < 0.3) extra.EXPTIME = 0;
    files.set(`e${e}`, writeFits([{ header: header(dx, dy, extra), data, shape: [W, H] }]));
    images.push({ productId: e + 1, path: `e${e}`, hdu: null, fwhm: u() < 0.3 ? null : 3.5, detected: pick([null, true, false]) });
  }
  const reference: ReferenceStar[] = stars.map((s) => {
    const [ra, dec] = wcs0.pixToSky(s.x, s.y);
    return { x: s.x, y: s.y, ra, dec, flux: s.flux, peak: 200 + s.flux / (2 * Math.PI * 2.25), background: 200, flags: 0 };
  });
  const [tra, tdec] = wcs0.pixToSky(tgt.x, tgt.y);
  const choices: NonNullable<TargetPhotometryInput['choices']> = [];
  if (u() < 0.3) {
    // The user's include at a star, on empty sky or far off the field.
    const p = nStars > 0 && u() < 0.5 ? stars[0]! : pick([{ x: u() * W, y: u() * H }, { x: 5000, y: -3000 }]);
    const [ra, dec] = wcs0.pixToSky(p.x, p.y);
    choices.push({ ra, dec, choice: 'include' });
  }
  if (nStars > 0 && u() < 0.2) choices.push({ ra: reference[nStars - 1]!.ra, dec: reference[nStars - 1]!.dec, choice: 'exclude' });
  const input: TargetPhotometryInput = {
    target: { ra: tra, dec: tdec, epoch: 2000, pmRa: null, pmDec: null },
    images,
    reference: { stars: reference, width: W, height: H },
    choices,
  };
  const what = `seed ${seed}: ${nStars} stars ${JSON.stringify(stars.map((s) => [+s.x.toFixed(1), +s.y.toFixed(1), Math.round(s.flux)]))}, ${nImages} images, target (${tgt.x.toFixed(1)}, ${tgt.y.toFixed(1)}), pixels ${bad}, choices ${choices.map((c) => c.choice).join(',') || 'none'}`;
  return { input, files, what };
}

describe('runTargetPhotometry on fields of 0–3 stars (seeded random cases)', () => {
  it('never fails, accounts for every image, and gives only finite numbers or null', () => {
    const problems: string[] = [];
    let rows = 0;
    for (let seed = 1; seed <= 240; seed++) {
      const c = randomCase(seed);
      let out;
      try {
        out = runTargetPhotometry(c.input, (p) => c.files.get(p)!);
      } catch (err) {
        problems.push(`${c.what}: threw ${(err as Error).message}`);
        continue;
      }
      const bad = nonFinite(out);
      const parsed = photometryOutputSchema.safeParse(out);
      if (bad.length > 0 || !parsed.success) problems.push(`${c.what}: ${bad.slice(0, 3).join('; ')} ${parsed.success ? '' : parsed.error.issues[0]?.path.join('.')}`);
      const ids = [...out.rows.map((r) => r.productId), ...out.failures.map((f) => f.productId)].sort((a, b) => a - b);
      if (JSON.stringify(ids) !== JSON.stringify(c.input.images.map((i) => i.productId))) problems.push(`${c.what}: images ${ids.join(',')}`);
      // A point without a magnitude says why in its flags.
      for (const r of out.rows) {
        if (noMagnitudeReason(r) === 'target flux not measurable') problems.push(`${c.what}: image ${r.productId} has no magnitude and no flag saying why (flags ${r.flags})`);
      }
      rows += out.rows.length;
    }
    expect(problems).toEqual([]);
    // Most cases have the target on the images: they give points.
    expect(rows).toBeGreaterThan(300);
  });
});
