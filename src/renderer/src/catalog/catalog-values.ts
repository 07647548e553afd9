import { formatDec, formatRa } from '../../../core/coords/index.js';
import { fluxToMag, magErr } from '../../../core/photometry/index.js';
import type { SourceView } from '../../../shared/domain.js';

/** The zero point of this app's instrumental magnitudes (flux in ADU per second), see core/photometry/magnitude.ts. */
export const INSTRUMENTAL_ZERO_POINT = 25;

/** How RA and Dec are written in the table. */
export type CoordFormat = 'degrees' | 'sexagesimal';

/**
 * Instrumental magnitude of a source's FLUX_AUTO: ZP − 2.5 log10(flux / t) with ZP =
 * {@link INSTRUMENTAL_ZERO_POINT} and t the exposure time in seconds (flux in ADU when the
 * exposure time is unknown or not positive). Null when the flux is missing or not positive.
 */
export function instrumentalMag(s: SourceView, exptime: number | null): number | null {
  if (s.fluxAuto === null || !(s.fluxAuto > 0)) return null;
  const t = exptime !== null && exptime > 0 ? exptime : 1;
  const m = fluxToMag(s.fluxAuto / t, INSTRUMENTAL_ZERO_POINT);
  return Number.isFinite(m) ? m : null;
}

/** 1σ error of {@link instrumentalMag} in magnitudes (first order), null without a usable flux error. */
export function instrumentalMagErr(s: SourceView): number | null {
  if (s.fluxAuto === null || s.fluxAutoErr === null || !(s.fluxAuto > 0) || !(s.fluxAutoErr >= 0)) return null;
  const e = magErr(s.fluxAuto, s.fluxAutoErr);
  return Number.isFinite(e) ? e : null;
}

/** Signal to noise of FLUX_AUTO (flux / its 1σ error); null when either is missing or the error is not positive. */
export function signalToNoise(s: SourceView): number | null {
  if (s.fluxAuto === null || s.fluxAutoErr === null || !(s.fluxAutoErr > 0)) return null;
  const v = s.fluxAuto / s.fluxAutoErr;
  return Number.isFinite(v) ? v : null;
}

/** A number with `digits` decimals; '' for null or non-finite. */
export function fixed(v: number | null | undefined, digits: number): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(digits);
}

/** RA (degrees) as `HH:MM:SS.sss` or degrees with 6 decimals; '' when unknown. */
export function raText(ra: number | null, format: CoordFormat): string {
  if (ra === null || !Number.isFinite(ra)) return '';
  return format === 'sexagesimal' ? formatRa(ra, 3) : ra.toFixed(6);
}

/** Dec (degrees) as `±DD:MM:SS.ss` or degrees with 6 decimals; '' when unknown. */
export function decText(dec: number | null, format: CoordFormat): string {
  if (dec === null || !Number.isFinite(dec)) return '';
  return format === 'sexagesimal' ? formatDec(dec, 2) : dec.toFixed(6);
}

/** The caption of the magnitude's zero point, e.g. `mag = 25 − 2.5 log10(flux auto / 30 s)`. */
export function zeroPointCaption(exptime: number | null): string {
  return exptime !== null && exptime > 0
    ? `mag = ${INSTRUMENTAL_ZERO_POINT} − 2.5 log10(flux auto / ${exptime} s)`
    : `mag = ${INSTRUMENTAL_ZERO_POINT} − 2.5 log10(flux auto in ADU) (no exposure time)`;
}
