/**
 * Reads of a product's catalogue (`sources`) for target photometry: the library owns the table
 * (issue 16). Positions are 0-based pixels, sky positions degrees, fluxes ADU, FWHM pixels.
 */
import type { ReferenceStar } from '../../../core/photometry/index.js';
import type { Db } from '../db/open.js';
import { prepared } from '../db/prepared.js';

/**
 * The FWHM of the image's 200 brightest clean sources (no flags, positive FWHM and
 * AUTO flux), brightest first; empty without a catalogue.
 */
export function brightSourceFwhms(db: Db, productId: number): number[] {
  return (
    prepared(db, 'SELECT fwhm FROM sources WHERE product_id = ? AND flags = 0 AND fwhm > 0 AND flux_auto > 0 ORDER BY flux_auto DESC LIMIT 200').all(
      productId,
    ) as Array<{ fwhm: number }>
  ).map((r) => r.fwhm);
}

/** Whether the catalogue has a source inside the box [x0, x1] × [y0, y1] (pixels, bounds included). */
export function hasSourceIn(db: Db, productId: number, x0: number, x1: number, y0: number, y1: number): boolean {
  return prepared(db, 'SELECT 1 FROM sources WHERE product_id = ? AND x BETWEEN ? AND ? AND y BETWEEN ? AND ? LIMIT 1').get(productId, x0, x1, y0, y1) !== undefined;
}

/**
 * The catalogue's sources that may serve as comparison stars: with a sky position and a
 * positive AUTO flux (`flux`), in storage order. Values as stored (may be non-finite).
 */
export function skySources(db: Db, productId: number): ReferenceStar[] {
  return prepared(
    db,
    'SELECT x, y, ra, dec, flux_auto AS flux, peak, background, flags FROM sources WHERE product_id = ? AND ra IS NOT NULL AND dec IS NOT NULL AND flux_auto > 0',
  ).all(productId) as ReferenceStar[];
}
