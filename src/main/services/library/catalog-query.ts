import type { CatalogView, ProductDetail } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { headerFromRecord, readWcs, type HeaderValue } from '../../../core/wcs/index.js';
import { productViewRow, toProductView } from './product-rows.js';
import { solvedWcs } from './solutions.js';
import type { StoredSourceRow } from './stored-catalog.js';

/** A product with its header summary; `not_found` if there is none. */
export function getProductDetail(db: Db, id: number): ProductDetail {
  const row = productViewRow(db, id);
  if (!row) throw new AppError('not_found', `no product ${id}`);
  let footprint: Array<[number, number]> | null = null;
  if (row.footprint_json) {
    try {
      footprint = JSON.parse(row.footprint_json) as Array<[number, number]>;
    } catch {
      footprint = null;
    }
  }
  return {
    ...toProductView(row),
    hdu: row.hdu,
    mjdObs: row.mjd_obs,
    exptime: row.exptime,
    telescope: row.telescope,
    instrument: row.instrument,
    footprint,
    ...storedWcs(row.header_json),
    calibWhy: calibWhy(row.calib_json),
    solvedWcs: solvedWcs(db, id),
  };
}

/** A calibrated frame's `why` from its `calib_json` (the masters chosen and the rule), or null. */
function calibWhy(json: string | null): string | null {
  try {
    const why = json ? (JSON.parse(json) as { why?: unknown }).why : undefined;
    return typeof why === 'string' ? why : null;
  } catch {
    return null;
  }
}

/** The frame and the reason a WCS cannot be read, from the stored header (`header_json`). */
function storedWcs(headerJson: string | null): Pick<ProductDetail, 'wcsFrame' | 'wcsError'> {
  let record: Record<string, HeaderValue> = {};
  try {
    record = headerJson ? (JSON.parse(headerJson) as Record<string, HeaderValue>) : {};
  } catch {
    record = {};
  }
  try {
    const r = readWcs(headerFromRecord(record));
    return { wcsFrame: r.wcs ? r.wcs.summary().frame : null, wcsError: r.error };
  } catch (err) {
    // not a WcsError (readWcs returns those): a defect in the WCS code, said rather than hidden
    return { wcsFrame: null, wcsError: { code: 'wcs_bad_parameter', message: `unexpected error reading the WCS: ${(err as Error).message}`, keyword: null } };
  }
}

type SourceRow = StoredSourceRow;

/** A product's catalog in id order, or null before its extraction finished. */
export function getCatalog(db: Db, productId: number): CatalogView | null {
  const catalog = db.prepare('SELECT global_background, global_rms, options_json FROM catalogs WHERE product_id = ?').get(productId) as
    | { global_background: number | null; global_rms: number | null; options_json: string }
    | undefined;
  if (!catalog) {
    if (!db.prepare('SELECT 1 FROM data_products WHERE id = ?').get(productId)) throw new AppError('not_found', `no product ${productId}`);
    return null;
  }
  let apertures: number[] = [];
  try {
    const options = JSON.parse(catalog.options_json) as { apertures?: unknown };
    if (Array.isArray(options.apertures)) apertures = options.apertures.filter((r): r is number => typeof r === 'number');
  } catch {
    apertures = [];
  }
  const rows = db
    .prepare(
      'SELECT id, x, y, ra, dec, a, b, theta, npix, peak, flux_iso, flux_iso_err, flux_aper, flux_aper_err, flux_auto, flux_auto_err, kron_radius, fwhm, background, flags FROM sources WHERE product_id = ? ORDER BY id',
    )
    .all(productId) as SourceRow[];
  return {
    productId,
    apertures,
    globalBackground: catalog.global_background,
    globalRms: catalog.global_rms,
    sources: rows.map((r) => ({
      id: r.id,
      x: r.x,
      y: r.y,
      ra: r.ra,
      dec: r.dec,
      a: r.a,
      b: r.b,
      theta: r.theta,
      npix: r.npix,
      peak: r.peak,
      fluxIso: r.flux_iso,
      fluxIsoErr: r.flux_iso_err,
      fluxAper: parseNumbers(r.flux_aper),
      fluxAperErr: parseNumbers(r.flux_aper_err),
      fluxAuto: r.flux_auto,
      fluxAutoErr: r.flux_auto_err,
      kronRadius: r.kron_radius,
      fwhm: r.fwhm,
      background: r.background,
      flags: r.flags,
    })),
  };
}

function parseNumbers(json: string | null): Array<number | null> {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map((n) => (typeof n === 'number' ? n : null)) : [];
  } catch {
    return [];
  }
}
