/**
 * The photometry of one target over its images, from FITS bytes to light-curve rows: what the
 * `photometry` task runs (in a worker: only core code, files read through a callback).
 */
import { applyProperMotion, angularSeparation, mjdToJulianEpoch } from '../coords/index.js';
import { firstHeaderNumber, openFits, readImage } from '../fits/index.js';
import { bjdTdb, midExposure } from '../time/index.js';
import { airmassAt, type ObservingSite } from '../visibility/index.js';
import { headerWithWcsCards, parseWcs, type Wcs } from '../wcs/index.js';
import { comparisonCandidates, type CatalogStar } from './candidates.js';
import { selectComparisons, type StarSeries } from './differential.js';
import { ensembleRatios, fitEnsemble } from './ensemble.js';
import { PhotometryError } from './errors.js';
import { fluxToMag, magErr } from './magnitude.js';
import { DETECTION_SNR, PhotFlags, PointFlags } from './point-flags.js';
import { measureSeries, type SeriesImage } from './series.js';

/** Settings of target photometry (defaults in brackets). */
export interface TargetPhotometrySettings {
  /** Aperture radius as a multiple of the image's median FWHM [2]; ignored when `aperturePx` is set. */
  apertureFwhm?: number;
  /** Sky annulus radii as multiples of the median FWHM [[4, 6]]. */
  annulusFwhm?: [number, number];
  /** Fixed aperture radius in pixels (null: FWHM multiples) [null]. */
  aperturePx?: number | null;
  /** Fixed annulus radii in pixels [null]. */
  annulusPx?: [number, number] | null;
  /** FWHM (pixels) assumed when an image has no catalogue [3]. */
  defaultFwhm?: number;
  /** At most this many comparison stars [12]. */
  maxComparisons?: number;
  /** Minimum median S/N of a comparison star [10]. */
  minSnr?: number;
  /** Reduced χ² above which a comparison star counts as variable [4]. */
  maxReducedChi2?: number;
  /** Site for airmass when the header has no AIRMASS (null: none). */
  site?: ObservingSite | null;
  /** Saturation level (ADU) when the header has no SATURATE/SATLEVEL [none]. */
  saturate?: number | null;
  /** Gain (e⁻/ADU) assumed when the header has no GAIN/EGAIN/CCDGAIN and `gains` has no entry [1]. */
  gain?: number;
  /**
   * Gains (e⁻/ADU) by instrument, used when the header has none: the key is matched
   * (case-insensitively, blanks trimmed) with `TELESCOP/INSTRUME`, then `INSTRUME`, then `TELESCOP`.
   */
  gains?: Record<string, number>;
}

/** The default of {@link TargetPhotometrySettings.gain}, e⁻/ADU. */
export const DEFAULT_GAIN = 1;

/**
 * The gain of an image: the header's GAIN/EGAIN/CCDGAIN when positive, else the instrument's
 * entry in `gains`, else `gain` (default {@link DEFAULT_GAIN}); `assumed` when not from the header.
 */
export function imageGain(
  header: { gain: number | null; telescope: string | null; instrument: string | null },
  settings: Pick<TargetPhotometrySettings, 'gain' | 'gains'> = {},
): { gain: number; assumed: boolean } {
  if (header.gain !== null && header.gain > 0) return { gain: header.gain, assumed: false };
  const norm = (v: string): string => v.trim().replace(/\s+/g, ' ').replace(/ ?\/ ?/g, '/').toLowerCase();
  const table = new Map(Object.entries(settings.gains ?? {}).map(([k, v]) => [norm(k), v]));
  const keys = [
    header.telescope !== null && header.instrument !== null ? `${norm(header.telescope)}/${norm(header.instrument)}` : null,
    header.instrument,
    header.telescope,
  ];
  for (const k of keys) {
    const g = k !== null ? table.get(norm(k)) : undefined;
    if (g !== undefined && g > 0) return { gain: g, assumed: true };
  }
  return { gain: settings.gain !== undefined && settings.gain > 0 ? settings.gain : DEFAULT_GAIN, assumed: true };
}

/** A star of the reference catalogue (any image of the target with a WCS). */
export interface ReferenceStar extends CatalogStar {
  /** Sky position, degrees. */
  ra: number;
  dec: number;
}

/** One image of the target. */
export interface TargetImage {
  productId: number;
  /** Where to read the FITS bytes (passed to `readBytes`). */
  path: string;
  /** HDU holding the image (null: the first image HDU). */
  hdu: number | null;
  /** Median FWHM of the image's catalogue in pixels (null: unknown). */
  fwhm: number | null;
  /**
   * Whether the image's catalogue has a source at the target's position (null or absent:
   * unknown). A catalogued target counts as detected even below S/N 3 in the aperture (a
   * plate star whose annulus is full of its own wings); otherwise S/N decides.
   */
  detected?: boolean | null;
  /**
   * WCS cards laid over the file's header (a plate solution: the file has no celestial WCS and
   * is not rewritten); absent: the file's own WCS.
   */
  wcs?: Record<string, string | number>;
}

export interface TargetPhotometryInput {
  target: { ra: number; dec: number; epoch: number; pmRa: number | null; pmDec: number | null };
  images: TargetImage[];
  /** The catalogue the comparison stars are chosen from (sky positions), and its image size and edge margin. */
  reference: { stars: ReferenceStar[]; width: number; height: number };
  /** The user's choices of comparison stars by position: include always / exclude always. */
  choices?: Array<{ ra: number; dec: number; choice: 'include' | 'exclude' }>;
  settings?: TargetPhotometrySettings;
}

/** One light-curve point (a `photometry` row). */
export interface TargetPhotometryRow {
  productId: number;
  /** Mid-exposure MJD (UTC) and BJD_TDB (JD) for the target's position. */
  mjd: number;
  bjdTdb: number;
  exptime: number;
  filter: string | null;
  airmass: number | null;
  /** Target position measured at, 0-based pixels. */
  x: number;
  y: number;
  /** Sky-subtracted flux and error, ADU. */
  flux: number;
  fluxErr: number;
  /** 25 − 2.5 log10(flux / exptime) (exptime 1 s when unknown) and its error. */
  instMag: number | null;
  instMagErr: number | null;
  relFlux: number | null;
  relFluxErr: number | null;
  /** Differential magnitude (ensemble = 0 mag) and error; null for an upper limit or without comparison stars. */
  mag: number | null;
  magErr: number | null;
  /** For a target below the detection limit (flag UPPER_LIMIT): the magnitude of 3σ of its flux, same scale as `mag`. */
  magLimit: number | null;
  sky: number;
  fwhm: number;
  aperture: number;
  annulus: [number, number];
  /** Comparison stars in this image's ensemble (0: none usable, flag NO_COMPARISON). */
  nComparisons: number;
  /** Aperture flags of the target ({@link PhotFlags}) and {@link PointFlags}. */
  flags: number;
}

export interface ComparisonVerdict {
  ra: number;
  dec: number;
  /** Catalogue flux in the reference image, ADU (null: a star the user included that the catalogue does not have). */
  flux: number | null;
  verdict: 'selected' | 'missing' | 'faint' | 'variable' | 'surplus' | 'candidate';
  /** Against the other comparison stars; null when undefined (fewer than two images). */
  reducedChi2: number | null;
  /** On how many images the star is in the ensemble (null: not selected). */
  imagesUsed: number | null;
  choice: 'auto' | 'include' | 'exclude';
}

export interface TargetPhotometryOutput {
  rows: TargetPhotometryRow[];
  comparisons: ComparisonVerdict[];
  /** Images that could not be measured, with an error code. */
  failures: Array<{ productId: number; code: string; message: string }>;
}

type Lookup = { get(key: string): string | number | boolean | null | { re: number; im: number } | undefined };

function headerNumber(h: Lookup, keys: string[]): number | null {
  return firstHeaderNumber(h, keys) ?? null;
}

/** A text value, or a number written as text (FILTER = 2 is the filter "2"). */
function headerString(h: Lookup, key: string): string | null {
  const v = h.get(key);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

interface Loaded {
  im: TargetImage;
  data: Float32Array | Float64Array;
  width: number;
  height: number;
  wcs: Wcs;
  mjd: number;
  bjd: number;
  exptime: number;
  filter: string | null;
  airmass: number | null;
  gain: number;
  gainAssumed: boolean;
  readNoise: number;
  saturate: number | undefined;
  fwhm: number;
  target: { ra: number; dec: number };
}

const SAME_STAR_DEG = 1.5 / 3600;

/**
 * Forced and differential photometry of one target on all its images: each image is read,
 * its WCS places the target (moved by proper motion to the image's date) and the comparison
 * candidates; stars are re-centred, measured with an aperture and annulus scaled to the
 * image's FWHM; comparison stars are chosen over the whole set (user includes/excludes
 * honoured) and every image gets relative flux and differential magnitude. Images that
 * cannot be used (no WCS, no date, target off the image) are listed in `failures`.
 */
export function runTargetPhotometry(input: TargetPhotometryInput, readBytes: (path: string) => Uint8Array): TargetPhotometryOutput {
  const s = input.settings ?? {};
  const failures: TargetPhotometryOutput['failures'] = [];
  const loaded: Loaded[] = [];
  for (const im of input.images) {
    try {
      const fits = openFits(readBytes(im.path));
      const hdu = im.hdu ?? fits.hdus.findIndex((h) => h.kind === 'image');
      if (hdu < 0) throw new PhotometryError('phot_bad_argument', 'no image HDU');
      const img = readImage(fits, hdu, { type: 'float32' });
      const fileHeader = fits.hdus[hdu]!.header;
      const h = (im.wcs ? headerWithWcsCards(fileHeader, im.wcs) : fileHeader) as unknown as Lookup;
      const wcs = parseWcs(h);
      if (!wcs) throw new PhotometryError('phot_bad_argument', 'no celestial WCS: cannot place the target');
      const t = midExposure(h);
      const epoch = mjdToJulianEpoch(t.mjdMid);
      const tg = input.target;
      const pos = tg.pmRa || tg.pmDec ? applyProperMotion(tg.ra, tg.dec, { pmRa: tg.pmRa ?? 0, pmDec: tg.pmDec ?? 0 }, tg.epoch, epoch) : { ra: tg.ra, dec: tg.dec };
      const bitpix = headerNumber(h, ['BITPIX']);
      const bzero = headerNumber(h, ['BZERO']);
      const sat =
        headerNumber(h, ['SATURATE', 'SATLEVEL', 'DATAMAX']) ??
        s.saturate ??
        (bitpix === 16 ? (bzero === 32768 ? 65535 : 32767) : undefined);
      let am = headerNumber(h, ['AIRMASS', 'SECZ']);
      if (am === null && s.site) {
        const a = airmassAt(pos.ra, pos.dec, t.mjdMid, s.site);
        am = Number.isFinite(a) ? a : null;
      }
      loaded.push({
        im,
        data: img.data,
        width: img.width,
        height: img.height,
        wcs,
        mjd: t.mjdMid,
        bjd: bjdTdb(t.mjdMid, pos.ra, pos.dec).bjdTdb,
        exptime: t.exptime,
        filter: headerString(h, 'FILTER') ?? headerString(h, 'FILTER1') ?? headerString(h, 'FILT'),
        airmass: am,
        ...((g) => ({ gain: g.gain, gainAssumed: g.assumed }))(
          imageGain({ gain: headerNumber(h, ['GAIN', 'EGAIN', 'CCDGAIN']), telescope: headerString(h, 'TELESCOP'), instrument: headerString(h, 'INSTRUME') }, s),
        ),
        readNoise: headerNumber(h, ['RDNOISE', 'READNOIS', 'RON', 'READNOISE']) ?? 0,
        saturate: sat ?? undefined,
        fwhm: im.fwhm && im.fwhm > 0 ? im.fwhm : (s.defaultFwhm ?? 3),
        target: pos,
      });
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown };
      failures.push({ productId: im.productId, code: typeof e.code === 'string' ? e.code : 'internal', message: String(e.message ?? err) });
    }
  }
  if (loaded.length === 0) return { rows: [], comparisons: [], failures };

  // One aperture for the whole series (fixed, or scaled to the median FWHM of the images).
  const fwhms = loaded.map((l) => l.fwhm).sort((a, b) => a - b);
  const fwhm = fwhms[fwhms.length >> 1]!;
  const radius = s.aperturePx ?? (s.apertureFwhm ?? 2) * fwhm;
  const af = s.annulusFwhm ?? [4, 6];
  const annulus: [number, number] = s.annulusPx ?? [af[0] * fwhm, af[1] * fwhm];
  if (!(radius > 0) || !(annulus[0] >= radius) || !(annulus[1] > annulus[0])) {
    throw new PhotometryError('phot_bad_argument', `bad radii: aperture ${radius}, annulus ${annulus.join('-')}`);
  }

  // Images where the target falls on the pixel grid (with room for the aperture centre).
  const usable: Array<Loaded & { tx: number; ty: number }> = [];
  for (const l of loaded) {
    const [tx, ty] = l.wcs.skyToPix(l.target.ra, l.target.dec);
    if (!(tx >= -0.5 && ty >= -0.5 && tx < l.width - 0.5 && ty < l.height - 0.5)) {
      failures.push({ productId: l.im.productId, code: 'phot_off_image', message: 'the target is not on the image' });
      continue;
    }
    usable.push({ ...l, tx, ty });
  }
  if (usable.length === 0) return { rows: [], comparisons: [], failures };

  // Comparison candidates from the reference catalogue; the user's includes join, excludes stay out.
  const ref = input.reference;
  const near = (a: { ra: number; dec: number }, b: { ra: number; dec: number }): boolean =>
    angularSeparation(a.ra, a.dec, b.ra, b.dec) < SAME_STAR_DEG;
  const choices = input.choices ?? [];
  const first = usable[0]!;
  const [cra, cdec] = first.wcs.pixToSky(first.tx, first.ty);
  const [cra1, cdec1] = first.wcs.pixToSky(first.tx + 1, first.ty);
  const pixDeg = angularSeparation(cra, cdec, cra1, cdec1);
  const candIdx = comparisonCandidates(ref.stars, {
    width: ref.width,
    height: ref.height,
    edge: annulus[1] + 2,
    // A neighbour in the annulus is clipped from the sky; one near the aperture is not.
    isolation: radius + 2 * fwhm,
    saturate: first.saturate,
  }).filter((i) => {
    const st = ref.stars[i]!;
    return angularSeparation(st.ra, st.dec, first.target.ra, first.target.dec) > (annulus[1] + 2) * pixDeg;
  });
  const cands: Array<{ ra: number; dec: number; flux: number | null; choice: 'auto' | 'include' | 'exclude' }> = [];
  for (const i of candIdx) {
    const st = ref.stars[i]!;
    cands.push({ ra: st.ra, dec: st.dec, flux: st.flux, choice: choices.find((x) => near(x, st))?.choice ?? 'auto' });
  }
  for (const c of choices) {
    if (c.choice === 'include' && !cands.some((x) => near(x, c))) cands.push({ ra: c.ra, dec: c.dec, flux: null, choice: 'include' });
  }
  const active = cands.map((c, i) => ({ c, i })).filter(({ c }) => c.choice !== 'exclude');

  const series: SeriesImage[] = usable.map((l) => ({
    image: { data: l.data, width: l.width, height: l.height },
    gain: l.gain,
    readNoise: l.readNoise,
    saturate: l.saturate,
    target: { x: l.tx, y: l.ty },
    stars: active.map(({ c }) => {
      const [x, y] = l.wcs.skyToPix(c.ra, c.dec);
      return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
    }),
  }));
  // Measure everything; choose comparisons (the includes always kept), one ensemble per image.
  const measured = measureSeries(series, { radius, annulus, recentreRadius: Math.max(1.5, fwhm), comparisons: [] });
  const bad = PhotFlags.TRUNCATED | PhotFlags.MASKED | PhotFlags.SATURATED | PhotFlags.BAD_SKY | PhotFlags.NONPOSITIVE;
  const starSeries: StarSeries[] = measured.stars.map((ms) => ({
    flux: ms.map((m) => (m ? m.flux : NaN)),
    fluxErr: ms.map((m) => (m ? m.fluxErr : NaN)),
    ok: ms.map((m) => m !== null && (m.flags & bad) === 0 && Number.isFinite(m.flux)),
  }));
  const maxStars = s.maxComparisons ?? 12;
  const fin = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
  const choice = selectComparisons(starSeries, {
    maxStars,
    minSnr: s.minSnr ?? 10,
    maxReducedChi2: s.maxReducedChi2 ?? 4,
    forced: active.map((a, k) => (a.c.choice === 'include' ? k : -1)).filter((k) => k >= 0),
  });
  const verdicts = new Map<number, { verdict: ComparisonVerdict['verdict']; chi2: number | null; images: number | null }>();
  choice.selected.forEach((k, n) => verdicts.set(k, { verdict: 'selected', chi2: fin(choice.reducedChi2[n]), images: choice.imagesUsed[n] ?? 0 }));
  for (const r of choice.rejected) verdicts.set(r.index, { verdict: r.reason, chi2: fin(r.reducedChi2), images: null });
  const ensemble = choice.selected;
  const targetSeries: StarSeries = {
    flux: measured.target.map((m) => m.flux),
    fluxErr: measured.target.map((m) => m.fluxErr),
    ok: measured.target.map((m) => (m.flags & (PhotFlags.TRUNCATED | PhotFlags.MASKED)) === 0 && Number.isFinite(m.flux)),
  };
  const fit = ensemble.length > 0 ? fitEnsemble(starSeries, ensemble, usable.length) : null;
  const ratios = fit ? ensembleRatios(targetSeries, targetSeries.ok, starSeries, ensemble, fit, maxStars) : null;

  const rows: TargetPhotometryRow[] = usable.map((l, i) => {
    const m = measured.target[i]!;
    const r = ratios?.[i];
    const nComparisons = r?.used.length ?? 0;
    const perSec = m.flux / (l.exptime > 0 ? l.exptime : 1);
    let flags = m.flags | (l.gainAssumed ? PointFlags.GAIN_ASSUMED : 0);
    if (nComparisons === 0) flags |= PointFlags.NO_COMPARISON;
    const detected = m.flux > 0 && (l.im.detected === true || !(m.fluxErr > 0) || m.flux / m.fluxErr >= DETECTION_SNR);
    if (!detected && targetSeries.ok[i]) flags |= PointFlags.UPPER_LIMIT;
    const rel = fin(r?.rel);
    const relErr = fin(r?.relErr);
    return {
      productId: l.im.productId,
      mjd: l.mjd,
      bjdTdb: l.bjd,
      exptime: l.exptime,
      filter: l.filter,
      airmass: l.airmass,
      x: m.x,
      y: m.y,
      flux: m.flux,
      fluxErr: m.fluxErr,
      instMag: detected ? fin(fluxToMag(perSec, 25)) : null,
      instMagErr: detected ? fin(magErr(m.flux, m.fluxErr)) : null,
      relFlux: rel,
      relFluxErr: relErr,
      mag: detected && rel !== null ? fin(fluxToMag(rel)) : null,
      magErr: detected && rel !== null && relErr !== null ? fin(magErr(rel, relErr)) : null,
      magLimit: !detected && r && targetSeries.ok[i] ? fin(fluxToMag(DETECTION_SNR * m.fluxErr * r.factor)) : null,
      sky: m.sky,
      fwhm: l.fwhm,
      aperture: radius,
      annulus,
      nComparisons,
      flags,
    };
  });
  const comparisons: ComparisonVerdict[] = cands.map((c, i) => {
    const k = active.findIndex((a) => a.i === i);
    const v = k >= 0 ? verdicts.get(k) : undefined;
    return {
      ra: c.ra,
      dec: c.dec,
      flux: c.flux,
      verdict: v?.verdict ?? 'candidate',
      reducedChi2: v?.chi2 ?? null,
      imagesUsed: v?.images ?? null,
      choice: c.choice,
    };
  });
  return { rows, comparisons, failures };
}
