/** Fluxes ↔ magnitudes. */

/** 2.5 / ln 10: σ_mag = MAG_ERR_FACTOR × σ_F / F. */
export const MAG_ERR_FACTOR = 2.5 / Math.LN10;

/**
 * Magnitude of a flux: zeroPoint − 2.5 log10(flux) (NaN for flux ≤ 0). Instrumental
 * magnitudes use flux in ADU per second and zero point 25 by convention of this app.
 */
export function fluxToMag(flux: number, zeroPoint = 0): number {
  return flux > 0 ? zeroPoint - 2.5 * Math.log10(flux) : NaN;
}

/** 1σ magnitude error of a flux with 1σ error `fluxErr` (first order: 1.0857 σ_F / F). */
export function magErr(flux: number, fluxErr: number): number {
  return flux > 0 ? (MAG_ERR_FACTOR * fluxErr) / flux : NaN;
}
