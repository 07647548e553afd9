/**
 * Target photometry in the database: building the job input from the library (linked
 * images, catalogues, the user's comparison choices) and storing its output idempotently.
 */
import { isAbsolute, join } from 'node:path';
import type {
  TargetPhotometryInput,
  TargetPhotometryOutput,
  TargetPhotometrySettings,
} from '../../../core/photometry/index.js';
import { AppError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { productImageRow, type ProductImageRow } from '../library/product-queries.js';
import { brightSourceFwhms, hasSourceIn, skySources } from '../library/source-queries.js';
import { solvedWcs } from '../library/solutions.js';
import { linksOfTarget } from './links.js';
import { targetRow, toTarget } from './target-rows.js';

/**
 * The job input for a target: its linked images with a WCS, the median FWHM of each image's
 * catalogue (unflagged sources, finite values), the reference catalogue (the linked image with
 * the most catalogued sources; its sources with a sky position and a finite position and flux)
 * and the user's comparison choices. Every number in it is finite (the worker refuses others).
 * `root` resolves relative store paths. Throws `not_found` for an unknown target.
 */
export function photometryInput(db: Db, root: string, targetId: number, settings: TargetPhotometrySettings = {}): TargetPhotometryInput {
  const row = targetRow(db, targetId);
  if (!row) throw new AppError('not_found', `no target ${targetId}`);
  const t = toTarget(row);
  const links = linksOfTarget(db, targetId);
  const products = links
    .map((l) => productImageRow(db, l.productId))
    .filter((p): p is ProductImageRow => p !== undefined && p.has_wcs === 1);
  const at = new Map(links.map((l) => [l.productId, l]));
  const images = products.map((p) => {
    const f = brightSourceFwhms(db, p.id).filter(Number.isFinite).sort((a, b) => a - b);
    const fwhm = f.length > 0 ? f[f.length >> 1]! : null;
    // A catalogued source within max(2 px, 1 FWHM) of the target: detected (null: no catalogue or position).
    const l = at.get(p.id);
    const r = Math.max(2, fwhm ?? 0);
    const wcs = solvedWcs(db, p.id);
    const detected =
      (p.source_count ?? 0) > 0 && l && l.x !== null && l.y !== null ? hasSourceIn(db, p.id, l.x - r, l.x + r, l.y - r, l.y + r) : null;
    return {
      productId: p.id,
      path: isAbsolute(p.store_path) ? p.store_path : join(root, p.store_path),
      hdu: p.hdu,
      fwhm,
      detected,
      ...(wcs ? { wcs } : {}),
    };
  });
  let reference: TargetPhotometryInput['reference'] = { stars: [], width: 0, height: 0 };
  const withCat = products.filter((p) => (p.source_count ?? 0) > 0).sort((a, b) => (b.source_count ?? 0) - (a.source_count ?? 0) || a.id - b.id);
  if (withCat.length > 0) {
    const ref = withCat[0]!;
    // A source with a non-finite position or flux cannot be a comparison star; an infinite peak or background is unknown.
    const finite = (v: number | null | undefined): number | null => (v !== null && v !== undefined && Number.isFinite(v) ? v : null);
    const stars = skySources(db, ref.id)
      .filter((s) => [s.x, s.y, s.ra, s.dec, s.flux].every(Number.isFinite))
      .map((s) => ({ ...s, peak: finite(s.peak), background: finite(s.background) }));
    reference = { stars, width: ref.width ?? 0, height: ref.height ?? 0 };
  }
  const choices = (
    db.prepare("SELECT ra, dec, choice FROM comparison_stars WHERE target_id = ? AND choice != 'auto'").all(targetId) as Array<{
      ra: number;
      dec: number;
      choice: 'include' | 'exclude';
    }>
  ).map((c) => ({ ra: c.ra, dec: c.dec, choice: c.choice }));
  return {
    target: { ra: t.ra, dec: t.dec, epoch: t.epoch, pmRa: t.pmRa, pmDec: t.pmDec },
    images,
    reference,
    choices,
    settings,
  };
}

const fin = (v: number | null | undefined): number | null => (v !== null && v !== undefined && Number.isFinite(v) ? v : null);

/**
 * Stores a job's output for a target in one transaction: the target's photometry rows are
 * replaced for the measured images (rows of images no longer linked are deleted), and the
 * comparison-star list is rewritten keeping the user's choices. Storing the same output twice
 * leaves the same rows (idempotent).
 */
export function storePhotometry(db: Db, now: string, targetId: number, taskId: number | null, out: TargetPhotometryOutput): void {
  db.transaction(() => {
    const linked = new Set(linksOfTarget(db, targetId).map((l) => l.productId));
    const existing = db.prepare('SELECT product_id FROM photometry WHERE target_id = ?').all(targetId) as Array<{ product_id: number }>;
    const del = db.prepare('DELETE FROM photometry WHERE target_id = ? AND product_id = ?');
    for (const e of existing) if (!linked.has(e.product_id)) del.run(targetId, e.product_id);
    for (const f of out.failures) del.run(targetId, f.productId);
    const upsert = db.prepare(
      `INSERT INTO photometry (target_id, product_id, task_id, mjd, bjd_tdb, exptime, filter, airmass, x, y, flux, flux_err, inst_mag, inst_mag_err,
         rel_flux, rel_flux_err, mag, mag_err, mag_limit, mag_zero, sky, fwhm, aperture, annulus_in, annulus_out, n_comparisons, flags, created_at, updated_at)
       VALUES (@target_id, @product_id, @task_id, @mjd, @bjd_tdb, @exptime, @filter, @airmass, @x, @y, @flux, @flux_err, @inst_mag, @inst_mag_err,
         @rel_flux, @rel_flux_err, @mag, @mag_err, @mag_limit, 0, @sky, @fwhm, @aperture, @annulus_in, @annulus_out, @n_comparisons, @flags, @now, @now)
       ON CONFLICT (target_id, product_id) DO UPDATE SET task_id = excluded.task_id, mjd = excluded.mjd, bjd_tdb = excluded.bjd_tdb,
         exptime = excluded.exptime, filter = excluded.filter, airmass = excluded.airmass, x = excluded.x, y = excluded.y, flux = excluded.flux,
         flux_err = excluded.flux_err, inst_mag = excluded.inst_mag, inst_mag_err = excluded.inst_mag_err, rel_flux = excluded.rel_flux,
         rel_flux_err = excluded.rel_flux_err, mag = excluded.mag, mag_err = excluded.mag_err, mag_limit = excluded.mag_limit, mag_zero = excluded.mag_zero, sky = excluded.sky,
         fwhm = excluded.fwhm, aperture = excluded.aperture, annulus_in = excluded.annulus_in, annulus_out = excluded.annulus_out,
         n_comparisons = excluded.n_comparisons, flags = excluded.flags, updated_at = excluded.updated_at`,
    );
    for (const r of out.rows) {
      if (!linked.has(r.productId)) continue;
      upsert.run({
        target_id: targetId,
        product_id: r.productId,
        task_id: taskId,
        mjd: r.mjd,
        bjd_tdb: fin(r.bjdTdb),
        exptime: fin(r.exptime),
        filter: r.filter,
        airmass: fin(r.airmass),
        x: r.x,
        y: r.y,
        flux: fin(r.flux),
        flux_err: fin(r.fluxErr),
        inst_mag: fin(r.instMag),
        inst_mag_err: fin(r.instMagErr),
        rel_flux: fin(r.relFlux),
        rel_flux_err: fin(r.relFluxErr),
        mag: fin(r.mag),
        mag_err: fin(r.magErr),
        mag_limit: fin(r.magLimit),
        sky: fin(r.sky),
        fwhm: fin(r.fwhm),
        aperture: r.aperture,
        annulus_in: r.annulus[0],
        annulus_out: r.annulus[1],
        n_comparisons: r.nComparisons,
        flags: r.flags,
        now,
      });
    }
    db.prepare('DELETE FROM comparison_stars WHERE target_id = ?').run(targetId);
    const ins = db.prepare(
      'INSERT INTO comparison_stars (target_id, ra, dec, flux, verdict, reduced_chi2, images_used, choice, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const c of out.comparisons) ins.run(targetId, c.ra, c.dec, fin(c.flux), c.verdict, fin(c.reducedChi2), c.imagesUsed ?? null, c.choice, now);
  })();
}

/** A comparison star of a target as the user sees it. */
export interface ComparisonStar {
  id: number;
  ra: number;
  dec: number;
  flux: number | null;
  verdict: 'candidate' | 'selected' | 'missing' | 'faint' | 'variable' | 'surplus';
  /** Against the other comparison stars; null when undefined (one image). */
  reducedChi2: number | null;
  /** On how many images it is in the ensemble (null: not selected). */
  imagesUsed: number | null;
  choice: 'auto' | 'include' | 'exclude';
}

/** The comparison stars of a target (after the last photometry run, plus the user's pins). */
export function comparisonStars(db: Db, targetId: number): ComparisonStar[] {
  return (
    db.prepare('SELECT * FROM comparison_stars WHERE target_id = ? ORDER BY (verdict = \'selected\') DESC, flux DESC').all(targetId) as Array<{
      id: number;
      ra: number;
      dec: number;
      flux: number | null;
      verdict: ComparisonStar['verdict'];
      reduced_chi2: number | null;
      images_used: number | null;
      choice: ComparisonStar['choice'];
    }>
  ).map((r) => ({
    id: r.id,
    ra: r.ra,
    dec: r.dec,
    flux: r.flux,
    verdict: r.verdict,
    reducedChi2: r.reduced_chi2,
    imagesUsed: r.images_used,
    choice: r.choice,
  }));
}

/**
 * Sets the user's choice for a comparison star at (ra, dec) (degrees): `include` always,
 * `exclude` never, `auto` lets the selection decide. Takes effect on the next photometry run.
 */
export function setComparisonChoice(db: Db, now: string, targetId: number, ra: number, dec: number, choice: ComparisonStar['choice']): void {
  if (!targetRow(db, targetId)) throw new AppError('not_found', `no target ${targetId}`);
  const rows = db.prepare('SELECT id, ra, dec FROM comparison_stars WHERE target_id = ?').all(targetId) as Array<{ id: number; ra: number; dec: number }>;
  const tol = 1.5 / 3600;
  const hit = rows.find((r) => Math.abs(r.dec - dec) < tol && Math.abs(((r.ra - ra + 540) % 360) - 180) * Math.cos((dec * Math.PI) / 180) < tol);
  if (hit) db.prepare('UPDATE comparison_stars SET choice = ?, updated_at = ? WHERE id = ?').run(choice, now, hit.id);
  else db.prepare("INSERT INTO comparison_stars (target_id, ra, dec, verdict, choice, updated_at) VALUES (?, ?, ?, 'candidate', ?, ?)").run(targetId, ra, dec, choice, now);
}

/** The images of the target that have a light-curve point (photometry row). */
export function measuredProductIds(db: Db, targetId: number): Set<number> {
  return new Set((db.prepare('SELECT product_id FROM photometry WHERE target_id = ?').all(targetId) as Array<{ product_id: number }>).map((r) => r.product_id));
}
