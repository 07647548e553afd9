/**
 * Light curves: the photometry rows of a target, and their CSV exports.
 */
import type { Db } from '../db/open.js';
import { productNames } from '../library/product-queries.js';
import { noMagnitudeReason } from '../../../core/photometry/index.js';
import { toCsv } from './csv.js';
import type { LightCurvePointView } from '../../../shared/targets.js';

interface Row {
  product_id: number;
  name: string;
  mjd: number;
  bjd_tdb: number | null;
  exptime: number | null;
  filter: string | null;
  airmass: number | null;
  x: number;
  y: number;
  flux: number | null;
  flux_err: number | null;
  inst_mag: number | null;
  inst_mag_err: number | null;
  rel_flux: number | null;
  rel_flux_err: number | null;
  mag: number | null;
  mag_err: number | null;
  mag_limit: number | null;
  sky: number | null;
  fwhm: number | null;
  aperture: number;
  n_comparisons: number;
  flags: number;
}

/** The target's light curve ordered by time, optionally one filter only. */
export function lightCurve(db: Db, targetId: number, options: { filter?: string } = {}): LightCurvePointView[] {
  const points = db
    .prepare(
      `SELECT p.* FROM photometry p
       WHERE p.target_id = ? ${options.filter !== undefined ? 'AND p.filter IS ?' : ''} ORDER BY p.mjd, p.product_id`,
    )
    .all(...(options.filter !== undefined ? [targetId, options.filter] : [targetId])) as Array<Omit<Row, 'name'>>;
  // The image names from the library (a point of an image no longer there is left out).
  const names = productNames(db, [...new Set(points.map((p) => p.product_id))]);
  const rows = points.flatMap((p): Row[] => {
    const name = names.get(p.product_id);
    return name === undefined ? [] : [{ ...p, name }];
  });
  return rows.map((r) => ({
    productId: r.product_id,
    product: r.name,
    mjd: r.mjd,
    bjdTdb: r.bjd_tdb,
    exptime: r.exptime,
    filter: r.filter,
    airmass: r.airmass,
    x: r.x,
    y: r.y,
    flux: r.flux,
    fluxErr: r.flux_err,
    instMag: r.inst_mag,
    instMagErr: r.inst_mag_err,
    relFlux: r.rel_flux,
    relFluxErr: r.rel_flux_err,
    mag: r.mag,
    magErr: r.mag_err,
    magLimit: r.mag_limit,
    sky: r.sky,
    fwhm: r.fwhm,
    aperture: r.aperture,
    nComparisons: r.n_comparisons,
    flags: r.flags,
  }));
}

/** Whether astropy's reader (the TOM Toolkit's) would take a cell for a number. */
const NUMERIC = /^\s*[+-]?((\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?|nan|inf|infinity)\s*$/i;

/**
 * An ECSV header declaring the TOM columns' types, for a file whose filter column is all
 * numbers: astropy (the TOM Toolkit's reader) would otherwise read the filters as integers,
 * which the TOM cannot store; with it they stay text.
 */
const TOM_ECSV_HEADER_LINES = [
  '# %ECSV 1.0',
  '# ---',
  "# delimiter: ','",
  '# datatype:',
  '# - {name: time, datatype: float64}',
  '# - {name: filter, datatype: string}',
  '# - {name: magnitude, datatype: float64}',
  '# - {name: error, datatype: float64}',
  '# - {name: limit, datatype: float64}',
  '# schema: astropy-2.0',
];

/** Points the TOM Toolkit can take: a magnitude, or an upper limit. */
export function tomPoints(points: readonly LightCurvePointView[]): LightCurvePointView[] {
  return points.filter((p) => (p.mag !== null && p.magErr !== null) || p.magLimit !== null);
}

/**
 * CSV in the TOM Toolkit photometry layout (`time,filter,magnitude,error,limit`, time = MJD
 * UTC), ready to upload as a photometry data product. An upper limit has `limit` and an empty
 * magnitude; points with neither (no comparison star on their image) are left out (see
 * {@link tomPoints}). A missing filter is written as `unknown`; filters are text (an
 * all-numeric filter column gets an ECSV type header so that it stays text). Lines end with
 * `eol` [CRLF].
 */
export function tomPhotometryCsv(points: readonly LightCurvePointView[], eol: '\r\n' | '\n' = '\r\n'): string {
  const ok = tomPoints(points);
  const filter = (p: LightCurvePointView): string => p.filter ?? 'unknown';
  const csv = toCsv(
    ['time', 'filter', 'magnitude', 'error', 'limit'],
    ok.map((p) =>
      p.mag !== null && p.magErr !== null
        ? [p.mjd.toFixed(8), filter(p), p.mag.toFixed(5), p.magErr.toFixed(5), null]
        : [p.mjd.toFixed(8), filter(p), null, null, p.magLimit!.toFixed(5)],
    ),
    eol,
  );
  return ok.length > 0 && ok.every((p) => NUMERIC.test(filter(p))) ? TOM_ECSV_HEADER_LINES.map((l) => l + eol).join('') + csv : csv;
}

/** The columns of the plain light-curve table, in order. */
export const LIGHTCURVE_COLUMNS = [
  'mjd', 'mag', 'mag_err', 'flux', 'flux_err', 'filter', 'product', 'product_id', 'bjd_tdb', 'rel_flux', 'rel_flux_err',
  'inst_mag', 'inst_mag_err', 'exptime', 'airmass', 'fwhm', 'sky', 'x', 'y', 'aperture', 'n_comparisons', 'flags',
  'mag_limit', 'reason',
] as const;

/** One plain-table row of a point (numbers unformatted). */
export function lightCurveRecord(p: LightCurvePointView): Record<(typeof LIGHTCURVE_COLUMNS)[number], string | number | null> {
  return {
    mjd: p.mjd,
    mag: p.mag,
    mag_err: p.magErr,
    flux: p.flux,
    flux_err: p.fluxErr,
    filter: p.filter,
    product: p.product,
    product_id: p.productId,
    bjd_tdb: p.bjdTdb,
    rel_flux: p.relFlux,
    rel_flux_err: p.relFluxErr,
    inst_mag: p.instMag,
    inst_mag_err: p.instMagErr,
    exptime: p.exptime,
    airmass: p.airmass,
    fwhm: p.fwhm,
    sky: p.sky,
    x: p.x,
    y: p.y,
    aperture: p.aperture,
    n_comparisons: p.nComparisons,
    flags: p.flags,
    mag_limit: p.magLimit,
    reason: noMagnitudeReason(p),
  };
}

/** The plain table with every column (`mjd,mag,mag_err,flux,flux_err,filter,product,…`), lines ended by `eol` [CRLF]. */
export function lightCurveCsv(points: readonly LightCurvePointView[], eol: '\r\n' | '\n' = '\r\n'): string {
  return toCsv(
    LIGHTCURVE_COLUMNS,
    points.map((p) => {
      const r = lightCurveRecord(p);
      return LIGHTCURVE_COLUMNS.map((c) => r[c]);
    }),
    eol,
  );
}
