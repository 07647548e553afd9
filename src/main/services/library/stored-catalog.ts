/**
 * A product's stored catalog read back as the extractor's {@link Catalog}, so that it prints
 * through the same renderer as `nightshift extract` (`nightshift catalog`): for the same image
 * and settings the two are byte for byte the same. Every value the extractor gives is stored
 * (library/catalog-ingest.ts, `storeCatalog`): doubles as REALs, the per-aperture lists as JSON,
 * which gives back the same doubles; a missing value (NaN) is stored as NULL and read as NaN.
 */
import { basename, isAbsolute, join, resolve } from 'node:path';
import { type Catalog, type ResolvedOptions, resolveOptions, type Source } from '../../../core/extract/index.js';
import { AppError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import type { ProductRow } from './product-rows.js';

/** One row of `sources` as SQLite gives it back (the per-aperture lists as JSON text). */
export interface StoredSourceRow {
  id: number;
  x: number;
  y: number;
  ra: number | null;
  dec: number | null;
  a: number | null;
  b: number | null;
  theta: number | null;
  npix: number | null;
  peak: number | null;
  flux_iso: number | null;
  flux_iso_err: number | null;
  flux_aper: string | null;
  flux_aper_err: string | null;
  flux_auto: number | null;
  flux_auto_err: number | null;
  kron_radius: number | null;
  fwhm: number | null;
  background: number | null;
  flags: number;
}

/** A stored catalog and the file it was extracted from. */
export interface StoredCatalog {
  productId: number;
  /** The path the image was imported from (as given then), else its file in the library. */
  file: string;
  catalog: Catalog;
}

const real = (v: number | null): number => (v === null ? Number.NaN : v);

/** A stored per-aperture list (JSON text): numbers, NaN where null or unreadable. */
function numbers(json: string | null): number[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map((n) => (typeof n === 'number' ? n : Number.NaN)) : [];
  } catch {
    return [];
  }
}

/** The options a catalog was made with (its `options_json`), resolved; the defaults for what is missing or unreadable. */
function storedOptions(json: string): ResolvedOptions {
  let parsed: Record<string, unknown> = {};
  try {
    const v = JSON.parse(json) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) parsed = v as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  try {
    return resolveOptions(parsed);
  } catch {
    const apertures = Array.isArray(parsed.apertures) ? parsed.apertures.filter((r): r is number => typeof r === 'number' && r > 0) : [];
    return resolveOptions(apertures.length > 0 ? { apertures } : {});
  }
}

/**
 * The product a user names on the command line: its id, or its file name (as imported, or the
 * path it was imported from). `not_found` when none matches, `conflict` when several do.
 */
export function findProduct(db: Db, ref: string): ProductRow {
  const text = ref.trim();
  if (/^\d+$/.test(text)) {
    const row = db.prepare('SELECT * FROM data_products WHERE id = ?').get(Number(text)) as ProductRow | undefined;
    if (row) return row;
  }
  const rows = db
    .prepare('SELECT * FROM data_products WHERE name = ? OR original_path = ? OR original_path = ? OR store_path LIKE ? ORDER BY id')
    .all(basename(text), text, resolve(text), `%/${basename(text)}`) as ProductRow[];
  // a bare name matches every product of that name; a path only the one imported from there
  const exact = rows.filter((r) => r.original_path === text || r.original_path === resolve(text));
  const found = exact.length > 0 ? exact : rows.filter((r) => r.name === text || basename(r.store_path) === text);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new AppError('not_found', `no product "${ref}" in the library (give its id or file name; \`nightshift products\` lists them)`);
  throw new AppError('conflict', `"${ref}" names ${found.length} products (ids ${found.map((r) => r.id).join(', ')}): give an id`);
}

/**
 * Product `product`'s catalog as the extractor returned it (sources in id order), or null
 * when it has none yet. `root`: the library folder, for the path of a stored file.
 */
export function readStoredCatalog(db: Db, product: ProductRow, root: string): StoredCatalog | null {
  const row = db.prepare('SELECT global_background, global_rms, options_json FROM catalogs WHERE product_id = ?').get(product.id) as
    | { global_background: number | null; global_rms: number | null; options_json: string }
    | undefined;
  if (!row) return null;
  const rows = db
    .prepare(
      `SELECT id, x, y, ra, dec, a, b, theta, npix, peak, flux_iso, flux_iso_err, flux_aper, flux_aper_err, flux_auto, flux_auto_err,
         kron_radius, fwhm, background, flags FROM sources WHERE product_id = ? ORDER BY id`,
    )
    .all(product.id) as StoredSourceRow[];
  const sources = rows.map(
    (r): Source => ({
      id: r.id,
      x: r.x,
      y: r.y,
      a: real(r.a),
      b: real(r.b),
      theta: real(r.theta),
      npix: real(r.npix),
      peak: real(r.peak),
      fluxIso: real(r.flux_iso),
      fluxIsoErr: real(r.flux_iso_err),
      fluxAper: numbers(r.flux_aper),
      fluxAperErr: numbers(r.flux_aper_err),
      fluxAuto: real(r.flux_auto),
      fluxAutoErr: real(r.flux_auto_err),
      kronRadius: real(r.kron_radius),
      fwhm: real(r.fwhm),
      background: real(r.background),
      flags: r.flags,
      ra: r.ra,
      dec: r.dec,
    }),
  );
  const stored = isAbsolute(product.store_path) ? product.store_path : join(root, product.store_path);
  return {
    productId: product.id,
    file: product.original_path ?? stored,
    catalog: {
      sources,
      width: product.width ?? 0,
      height: product.height ?? 0,
      globalBackground: real(row.global_background),
      globalRms: real(row.global_rms),
      options: storedOptions(row.options_json),
    },
  };
}
