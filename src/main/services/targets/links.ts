/**
 * The `target_products` table: automatic links from footprints, manual link/unlink.
 */
import { angularSeparation } from '../../../core/coords/index.js';
import { AppError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { isExtractedWithWcs, productMatchRow, type ProductMatchRow, wcsFootprints } from '../library/product-queries.js';
import { locateTarget, type MatchableProduct, productGeometry, type ProductGeometry, simpleName } from './matching.js';
import { allTargetRows, type Target, targetRow, toTarget } from './target-rows.js';

/** One image of a target. */
export interface TargetProductLink {
  targetId: number;
  productId: number;
  origin: 'footprint' | 'manual';
  /** The target's 0-based pixel position on the image (null when unknown). */
  x: number | null;
  y: number | null;
}

interface LinkRow {
  target_id: number;
  product_id: number;
  origin: 'footprint' | 'manual';
  unlinked: 0 | 1;
  x: number | null;
  y: number | null;
}

const toLink = (r: LinkRow): TargetProductLink => ({ targetId: r.target_id, productId: r.product_id, origin: r.origin, x: r.x, y: r.y });

type ProductForMatch = MatchableProduct & { object: string | null };

function productRow(db: Db, id: number): ProductForMatch {
  const row: ProductMatchRow | undefined = productMatchRow(db, id);
  if (!row) throw new AppError('not_found', `no data product ${id}`);
  return row;
}

/** Writes the automatic links of one (product, targets) set; keeps manual and unlinked rows. */
function syncFootprintLinks(db: Db, now: string, g: ProductGeometry, targets: Target[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  const get = db.prepare('SELECT * FROM target_products WHERE target_id = ? AND product_id = ?');
  const insert = db.prepare(
    "INSERT INTO target_products (target_id, product_id, origin, unlinked, x, y, created_at, updated_at) VALUES (?, ?, 'footprint', 0, ?, ?, ?, ?)",
  );
  const move = db.prepare('UPDATE target_products SET x = ?, y = ?, updated_at = ? WHERE target_id = ? AND product_id = ?');
  const remove = db.prepare("DELETE FROM target_products WHERE target_id = ? AND product_id = ? AND origin = 'footprint' AND unlinked = 0");
  for (const t of targets) {
    const pos = locateTarget(g, t);
    const row = get.get(t.id, g.id) as LinkRow | undefined;
    if (pos) {
      if (!row) {
        insert.run(t.id, g.id, pos.x, pos.y, now, now);
        added++;
      } else if (row.x !== pos.x || row.y !== pos.y) {
        move.run(pos.x, pos.y, now, t.id, g.id);
      }
    } else if (row && row.origin === 'footprint' && row.unlinked === 0) {
      removed += remove.run(t.id, g.id).changes;
    }
  }
  return { added, removed };
}

/**
 * A circle (degrees) holding a stored footprint polygon, with a margin for proper motion
 * (1′ + 5 %); null when there is no usable footprint.
 */
function footprintCircle(json: string | null): { ra: number; dec: number; radius: number } | null {
  let pts: Array<[number, number]>;
  try {
    pts = json ? (JSON.parse(json) as Array<[number, number]>) : [];
  } catch {
    return null;
  }
  if (!Array.isArray(pts) || pts.length < 3) return null;
  let x = 0;
  let y = 0;
  let z = 0;
  const d2r = Math.PI / 180;
  for (const [ra, dec] of pts) {
    x += Math.cos(dec * d2r) * Math.cos(ra * d2r);
    y += Math.cos(dec * d2r) * Math.sin(ra * d2r);
    z += Math.sin(dec * d2r);
  }
  const norm = Math.hypot(x, y, z);
  if (!(norm > 1e-9)) return null;
  const ra = ((Math.atan2(y, x) / d2r) + 360) % 360;
  const dec = Math.asin(z / norm) / d2r;
  const radius = Math.max(...pts.map(([pr, pd]) => angularSeparation(ra, dec, pr, pd)));
  return { ra, dec, radius: radius * 1.05 + 1 / 60 };
}

/** Matches one product against every target (on import, after a WCS change). Returns linked target ids. */
export function matchProduct(db: Db, now: string, productId: number): number[] {
  const g = productGeometry(productRow(db, productId));
  const targets = allTargetRows(db).map(toTarget);
  db.transaction(() => syncFootprintLinks(db, now, g, targets))();
  return linksOfProduct(db, productId).map((l) => l.targetId);
}

/** Matches one target against every product with a WCS (when the target is added or moved). Returns linked product ids. */
export function matchTarget(db: Db, now: string, targetId: number): number[] {
  matchTargets(db, now, [targetId]);
  return linksOfTarget(db, targetId).map((l) => l.productId);
}

/**
 * Matches several targets against every product with a WCS, parsing each product's header
 * once (a CSV import of many targets). Returns the product ids that gained or kept a link.
 */
export function matchTargets(db: Db, now: string, targetIds: readonly number[]): number[] {
  const targets = targetIds.map((id) => {
    const row = targetRow(db, id);
    if (!row) throw new AppError('not_found', `no target ${id}`);
    return toTarget(row);
  });
  if (targets.length === 0) return [];
  // Cheap first pass on the stored footprints; headers are parsed only for images near a
  // target or already linked to one of them by footprint.
  const ids = new Set(targets.map((t) => t.id));
  const linked = new Set(
    (db.prepare("SELECT target_id, product_id FROM target_products WHERE origin = 'footprint' AND unlinked = 0").all() as Array<{ target_id: number; product_id: number }>)
      .filter((r) => ids.has(r.target_id))
      .map((r) => r.product_id),
  );
  const footprints = wcsFootprints(db);
  const touched: number[] = [];
  db.transaction(() => {
    for (const f of footprints) {
      const circle = footprintCircle(f.footprint_json);
      const near = circle === null || targets.some((t) => angularSeparation(circle.ra, circle.dec, t.ra, t.dec) <= circle.radius);
      if (!near && !linked.has(f.id)) continue;
      const r = syncFootprintLinks(db, now, productGeometry(productMatchRow(db, f.id)!), targets);
      if (r.added > 0 || r.removed > 0) touched.push(f.id);
    }
  })();
  return touched;
}

/** Links a product to a target by hand (e.g. an image without WCS); clears an earlier unlink. */
export function link(db: Db, now: string, targetId: number, productId: number): TargetProductLink {
  const row = targetRow(db, targetId);
  if (!row) throw new AppError('not_found', `no target ${targetId}`);
  const g = productGeometry(productRow(db, productId));
  const pos = locateTarget(g, toTarget(row));
  db.prepare(
    `INSERT INTO target_products (target_id, product_id, origin, unlinked, x, y, created_at, updated_at) VALUES (?, ?, 'manual', 0, ?, ?, ?, ?)
     ON CONFLICT (target_id, product_id) DO UPDATE SET origin = 'manual', unlinked = 0, x = COALESCE(excluded.x, x), y = COALESCE(excluded.y, y), updated_at = excluded.updated_at`,
  ).run(targetId, productId, pos?.x ?? null, pos?.y ?? null, now, now);
  return toLink(db.prepare('SELECT * FROM target_products WHERE target_id = ? AND product_id = ?').get(targetId, productId) as LinkRow);
}

/**
 * Unlinks a product from a target; the pair stays out of automatic matching until
 * linked again by hand. Its photometry row is deleted.
 */
export function unlink(db: Db, now: string, targetId: number, productId: number): void {
  if (!targetRow(db, targetId)) throw new AppError('not_found', `no target ${targetId}`);
  productRow(db, productId);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO target_products (target_id, product_id, origin, unlinked, created_at, updated_at) VALUES (?, ?, 'manual', 1, ?, ?)
       ON CONFLICT (target_id, product_id) DO UPDATE SET unlinked = 1, updated_at = excluded.updated_at`,
    ).run(targetId, productId, now, now);
    db.prepare('DELETE FROM photometry WHERE target_id = ? AND product_id = ?').run(targetId, productId);
  })();
}

/** The images of a target (links not unlinked), by product id. */
export function linksOfTarget(db: Db, targetId: number): TargetProductLink[] {
  return (db.prepare('SELECT * FROM target_products WHERE target_id = ? AND unlinked = 0 ORDER BY product_id').all(targetId) as LinkRow[]).map(toLink);
}

/**
 * Those of `targetIds` with a linked image (not unlinked) that can be measured: extracted,
 * with a WCS. In the order given.
 */
export function withExtractedImage(db: Db, targetIds: readonly number[]): number[] {
  const products = db.prepare('SELECT product_id FROM target_products WHERE target_id = ? AND unlinked = 0');
  return targetIds.filter((id) => (products.all(id) as Array<{ product_id: number }>).some((r) => isExtractedWithWcs(db, r.product_id)));
}

/** The targets on an image (links not unlinked). */
export function linksOfProduct(db: Db, productId: number): TargetProductLink[] {
  return (db.prepare('SELECT * FROM target_products WHERE product_id = ? AND unlinked = 0 ORDER BY target_id').all(productId) as LinkRow[]).map(toLink);
}

/** Targets whose name or an alias matches the image's OBJECT keyword (for manual linking). */
export function objectHints(db: Db, productId: number): Target[] {
  const p = productRow(db, productId);
  if (!p.object) return [];
  const key = simpleName(p.object);
  if (key === '') return [];
  return allTargetRows(db)
    .map(toTarget)
    .filter((t) => [t.name, ...t.aliases].some((n) => simpleName(n) === key));
}
