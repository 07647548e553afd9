/**
 * Targets: create, edit, delete (unique names and aliases, case-insensitive), tags, TOM
 * Toolkit target CSV import/export; matching images to targets; light curves.
 */
import { AppError } from '../../../shared/errors.js';
import { type Clock, isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import { productBrief } from '../library/product-queries.js';
import type { Logger } from '../logger.js';
import { readFileSync } from 'node:fs';
import { runTargetPhotometry, type TargetPhotometrySettings } from '../../../core/photometry/index.js';
import { visibilityNight, type ObservingSite, type VisibilityNight } from '../../../core/visibility/index.js';
import { targetPositionAt } from './matching.js';
import { cleanList, cleanName, coords, finiteOrNull, type TargetInput, type TargetPatch } from './target-input.js';
import { readTomTargets, tomTargetsCsv } from './tom-targets-csv.js';
import { lightCurve, lightCurveCsv, tomPhotometryCsv } from './lightcurve.js';
import type { LightCurvePointView } from '../../../shared/targets.js';
import * as links from './links.js';
import { comparisonStars, type ComparisonStar, measuredProductIds, photometryInput, setComparisonChoice, storePhotometry } from './photometry-store.js';
import { allTargetRows, type Target, type TargetRow, targetRow, toTarget } from './target-rows.js';

export type { TargetInput, TargetPatch } from './target-input.js';
export { TOM_TARGET_FIELDS } from './tom-targets-csv.js';

/** What changed, for whoever forwards events to windows. */
export type TargetChange = { kind: 'targets'; ids: number[] } | { kind: 'links'; targetIds: number[]; productIds: number[] };

export interface TargetServiceDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  /** Called after every committed change. */
  onChange?: (change: TargetChange) => void;
  /** Library root, to resolve relative `store_path`s when measuring in-process. */
  root?: string;
}

/** Result of a CSV import. */
export interface ImportReport {
  created: number[];
  updated: number[];
  /** One message per rejected line, `line N: ...` (line 1 is the header). */
  errors: string[];
}

export class TargetService {
  readonly #deps: TargetServiceDeps;
  /** During a CSV import: every name and alias (lower case) → its target, kept in step. */
  #names: Map<string, { id: number; name: string }> | null = null;

  constructor(deps: TargetServiceDeps) {
    this.#deps = deps;
  }

  get db(): Db {
    return this.#deps.db;
  }

  /** Every target, by name. */
  list(): Target[] {
    return allTargetRows(this.#deps.db).map(toTarget);
  }

  /** A target by id, or by name or alias (case-insensitive). Throws `not_found`. */
  get(idOrName: number | string): Target {
    const found = this.find(idOrName);
    if (!found) throw new AppError('not_found', `no target ${JSON.stringify(idOrName)}`);
    return found;
  }

  /** Like {@link get} but null when absent. */
  find(idOrName: number | string): Target | null {
    const db = this.#deps.db;
    if (typeof idOrName === 'number') {
      const row = targetRow(db, idOrName);
      return row ? toTarget(row) : null;
    }
    const key = idOrName.trim().replace(/\s+/g, ' ');
    if (this.#names) {
      const hit = this.#names.get(key.toLowerCase());
      if (hit) return this.find(hit.id);
      return /^\d+$/.test(key) ? this.find(Number(key)) : null;
    }
    const row =
      (db.prepare('SELECT * FROM targets WHERE name = ? COLLATE NOCASE').get(key) as TargetRow | undefined) ??
      (db
        .prepare('SELECT t.* FROM targets t, json_each(t.aliases) a WHERE a.value = ? COLLATE NOCASE ORDER BY t.id LIMIT 1')
        .get(key) as TargetRow | undefined);
    if (row) return toTarget(row);
    if (/^\d+$/.test(key)) return this.find(Number(key));
    return null;
  }

  /** Throws `conflict` when a name is already the name or an alias of another target. */
  #checkNames(names: string[], exceptId: number | null): void {
    const lower = names.map((n) => n.toLowerCase());
    if (new Set(lower).size !== lower.length) throw new AppError('conflict', 'a target name and its aliases must differ');
    if (this.#names) {
      for (const n of names) {
        const hit = this.#names.get(n.toLowerCase());
        if (hit && hit.id !== exceptId) throw new AppError('conflict', `"${n}" is already a name of target "${hit.name}"`);
      }
      return;
    }
    const db = this.#deps.db;
    const byName = db.prepare('SELECT name FROM targets WHERE name = ? COLLATE NOCASE AND id IS NOT ?');
    const byAlias = db.prepare(
      'SELECT t.name AS name, a.value AS alias FROM targets t, json_each(t.aliases) a WHERE a.value = ? COLLATE NOCASE AND t.id IS NOT ? LIMIT 1',
    );
    for (const n of names) {
      const hit = byName.get(n, exceptId) as { name: string } | undefined;
      if (hit) throw new AppError('conflict', `"${hit.name}" is already a name of target "${hit.name}"`);
      const a = byAlias.get(n, exceptId) as { name: string; alias: string } | undefined;
      if (a) throw new AppError('conflict', `"${a.alias}" is already a name of target "${a.name}"`);
    }
  }

  /** Creates a target and links it to the images that show it; returns it. Throws `invalid_argument` or `conflict`. */
  create(input: TargetInput, options: { match?: boolean } = {}): Target {
    const name = cleanName(input.name, 'name');
    const aliases = cleanList(input.aliases, 'alias');
    const tags = cleanList(input.tags, 'tag');
    const { ra, dec } = coords(input.ra, input.dec);
    const epoch = finiteOrNull(input.epoch, 'epoch') ?? 2000;
    const pmRa = finiteOrNull(input.pmRa, 'pm_ra');
    const pmDec = finiteOrNull(input.pmDec, 'pm_dec');
    const type = input.type ?? 'sidereal';
    if (type !== 'sidereal' && type !== 'non_sidereal') throw new AppError('invalid_argument', `unknown target type ${String(type)}`);
    const notes = typeof input.notes === 'string' ? input.notes : '';
    const now = isoNow(this.#deps.clock);
    const id = this.#deps.db.transaction(() => {
      this.#checkNames([name, ...aliases], null);
      const r = this.#deps.db
        .prepare(
          `INSERT INTO targets (name, aliases, ra, dec, epoch, pm_ra, pm_dec, type, notes, tags, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(name, JSON.stringify(aliases), ra, dec, epoch, pmRa, pmDec, type, notes, JSON.stringify(tags), now, now);
      const newId = Number(r.lastInsertRowid);
      for (const n of [name, ...aliases]) this.#names?.set(n.toLowerCase(), { id: newId, name });
      return newId;
    })();
    this.#deps.onChange?.({ kind: 'targets', ids: [id] });
    if (options.match !== false) this.matchTarget(id);
    return this.get(id);
  }

  /** Changes some fields of a target; returns it. A new position re-matches its images. */
  update(id: number, patch: TargetPatch, options: { match?: boolean } = {}): Target {
    const current = this.get(id);
    const name = patch.name !== undefined ? cleanName(patch.name, 'name') : current.name;
    const aliases = patch.aliases !== undefined ? cleanList(patch.aliases, 'alias') : current.aliases;
    const tags = patch.tags !== undefined ? cleanList(patch.tags, 'tag') : current.tags;
    const pos =
      patch.ra !== undefined || patch.dec !== undefined
        ? coords(patch.ra ?? current.ra, patch.dec ?? current.dec)
        : { ra: current.ra, dec: current.dec };
    const epoch = patch.epoch !== undefined ? (finiteOrNull(patch.epoch, 'epoch') ?? 2000) : current.epoch;
    const pmRa = patch.pmRa !== undefined ? finiteOrNull(patch.pmRa, 'pm_ra') : current.pmRa;
    const pmDec = patch.pmDec !== undefined ? finiteOrNull(patch.pmDec, 'pm_dec') : current.pmDec;
    const type = patch.type ?? current.type;
    const notes = patch.notes !== undefined ? String(patch.notes) : current.notes;
    this.#deps.db.transaction(() => {
      this.#checkNames([name, ...aliases], id);
      this.#deps.db
        .prepare(
          `UPDATE targets SET name = ?, aliases = ?, ra = ?, dec = ?, epoch = ?, pm_ra = ?, pm_dec = ?, type = ?, notes = ?, tags = ?,
           updated_at = ? WHERE id = ?`,
        )
        .run(name, JSON.stringify(aliases), pos.ra, pos.dec, epoch, pmRa, pmDec, type, notes, JSON.stringify(tags), isoNow(this.#deps.clock), id);
      if (this.#names) {
        for (const n of [current.name, ...current.aliases]) this.#names.delete(n.toLowerCase());
        for (const n of [name, ...aliases]) this.#names.set(n.toLowerCase(), { id, name });
      }
    })();
    this.#deps.onChange?.({ kind: 'targets', ids: [id] });
    const moved = pos.ra !== current.ra || pos.dec !== current.dec || pmRa !== current.pmRa || pmDec !== current.pmDec || epoch !== current.epoch;
    if (moved && options.match !== false) this.matchTarget(id);
    return this.get(id);
  }

  /** Deletes a target with its links and photometry. Throws `not_found`. */
  delete(id: number): void {
    const r = this.#deps.db.prepare('DELETE FROM targets WHERE id = ?').run(id);
    if (r.changes === 0) throw new AppError('not_found', `no target ${id}`);
    this.#deps.onChange?.({ kind: 'targets', ids: [id] });
  }

  /** Targets carrying a tag (case-insensitive). */
  withTag(tag: string): Target[] {
    const t = tag.trim().toLowerCase();
    return this.list().filter((x) => x.tags.some((y) => y.toLowerCase() === t));
  }

  /** The targets (all, or these ids) as the TOM Toolkit's target CSV ({@link tomTargetsCsv}). */
  exportCsv(ids?: number[]): string {
    return tomTargetsCsv(ids ? ids.map((id) => this.get(id)) : this.list());
  }

  /**
   * Imports a TOM Toolkit target CSV (read by {@link readTomTargets}: its export layout or any
   * CSV with at least `name`, `ra`, `dec` columns). An existing target with the same name is
   * updated when `update` is true, else reported. Each line is its own transaction: good lines
   * are kept when others fail.
   */
  importCsv(text: string, options: { update?: boolean } = {}): ImportReport {
    const lines = readTomTargets(text);
    const report: ImportReport = { created: [], updated: [], errors: [] };
    // One outer transaction (each line a savepoint inside it), names checked in memory, then
    // one matching pass.
    this.#names = new Map();
    for (const t of this.list()) for (const n of [t.name, ...t.aliases]) this.#names.set(n.toLowerCase(), { id: t.id, name: t.name });
    try {
      this.#deps.db.transaction(() => lines.forEach(({ line, input, error }) => {
        if (!input) {
          report.errors.push(`line ${line}: ${error}`);
          return;
        }
        try {
          const existing = input.name.trim() ? this.find(input.name) : null;
          if (existing && existing.name.toLowerCase() === input.name.trim().toLowerCase()) {
            if (!options.update) throw new AppError('conflict', `target "${existing.name}" already exists`);
            this.update(existing.id, input, { match: false });
            report.updated.push(existing.id);
          } else {
            report.created.push(this.create(input, { match: false }).id);
          }
        } catch (err) {
          report.errors.push(`line ${line}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }))();
    } finally {
      this.#names = null;
    }
    const ids = [...report.created, ...report.updated];
    if (ids.length > 0) {
      const products = links.matchTargets(this.#deps.db, isoNow(this.#deps.clock), ids);
      this.#deps.onChange?.({ kind: 'links', targetIds: ids, productIds: products });
    }
    return report;
  }

  // --- images ------------------------------------------------------------------------------

  /** Links a product to every target on its footprint (call on import). Returns the target ids. */
  matchProduct(productId: number): number[] {
    const ids = links.matchProduct(this.#deps.db, isoNow(this.#deps.clock), productId);
    this.#deps.onChange?.({ kind: 'links', targetIds: ids, productIds: [productId] });
    return ids;
  }

  /** Links a target to every product whose footprint holds it (on create/move). Returns the product ids. */
  matchTarget(targetId: number): number[] {
    const ids = links.matchTarget(this.#deps.db, isoNow(this.#deps.clock), targetId);
    this.#deps.onChange?.({ kind: 'links', targetIds: [targetId], productIds: ids });
    return ids;
  }

  /** Manual link (e.g. an image without WCS). */
  link(targetId: number, productId: number): links.TargetProductLink {
    const l = links.link(this.#deps.db, isoNow(this.#deps.clock), targetId, productId);
    this.#deps.onChange?.({ kind: 'links', targetIds: [targetId], productIds: [productId] });
    return l;
  }

  /** Manual unlink; sticks against automatic matching; drops the pair's photometry. */
  unlink(targetId: number, productId: number): void {
    links.unlink(this.#deps.db, isoNow(this.#deps.clock), targetId, productId);
    this.#deps.onChange?.({ kind: 'links', targetIds: [targetId], productIds: [productId] });
  }

  /** The images of a target. */
  products(targetId: number): links.TargetProductLink[] {
    this.get(targetId);
    return links.linksOfTarget(this.#deps.db, targetId);
  }

  /** The images of the target that have a light-curve point. */
  measuredProducts(targetId: number): Set<number> {
    return measuredProductIds(this.#deps.db, targetId);
  }

  /** The targets on an image. */
  targetsOf(productId: number): links.TargetProductLink[] {
    return links.linksOfProduct(this.#deps.db, productId);
  }

  /** Targets whose name or alias matches the image's OBJECT (a hint for manual linking). */
  objectHints(productId: number): Target[] {
    return links.objectHints(this.#deps.db, productId);
  }

  // --- photometry and light curves -----------------------------------------------------------

  /**
   * Measures a target on all its images in this process and stores the result (the
   * `photometry` task does the same in a worker: `photometryInput` → `runTargetPhotometry` →
   * `storePhotometry`). Returns the number of rows stored and the images that failed.
   */
  measure(targetId: number, settings: TargetPhotometrySettings = {}): { rows: number; failures: Array<{ productId: number; code: string; message: string }> } {
    const input = photometryInput(this.#deps.db, this.#deps.root ?? '', targetId, settings);
    const out = runTargetPhotometry(input, (path) => new Uint8Array(readFileSync(path)));
    storePhotometry(this.#deps.db, isoNow(this.#deps.clock), targetId, null, out);
    this.#deps.onChange?.({ kind: 'links', targetIds: [targetId], productIds: out.rows.map((r) => r.productId) });
    return { rows: out.rows.length, failures: out.failures };
  }

  /** The light curve of a target, by time (optionally one filter). */
  lightCurve(idOrName: number | string, options: { filter?: string } = {}): LightCurvePointView[] {
    return lightCurve(this.#deps.db, this.get(idOrName).id, options);
  }

  /** The light curve as TOM Toolkit photometry CSV (`time,filter,magnitude,error`). */
  exportTomPhotometry(idOrName: number | string): string {
    return tomPhotometryCsv(this.lightCurve(idOrName));
  }

  /** The light curve as a plain CSV table with every column. */
  exportLightCurveTable(idOrName: number | string): string {
    return lightCurveCsv(this.lightCurve(idOrName));
  }

  /** The comparison stars of a target with their verdicts and the user's choices. */
  comparisons(targetId: number): ComparisonStar[] {
    this.get(targetId);
    return comparisonStars(this.#deps.db, targetId);
  }

  /** Include, exclude or release (auto) a comparison star at (ra, dec) degrees. */
  setComparison(targetId: number, ra: number, dec: number, choice: ComparisonStar['choice']): void {
    setComparisonChoice(this.#deps.db, isoNow(this.#deps.clock), targetId, ra, dec, choice);
  }

  // --- views for the window --------------------------------------------------------------------

  /** Every target with its number of images and light-curve points. */
  summaries(): Array<Target & { images: number; points: number }> {
    const counts = new Map<number, { images: number; points: number }>();
    for (const r of this.#deps.db
      .prepare(
        `SELECT t.id AS id,
           (SELECT COUNT(*) FROM target_products l WHERE l.target_id = t.id AND l.unlinked = 0) AS images,
           (SELECT COUNT(*) FROM photometry p WHERE p.target_id = t.id) AS points
         FROM targets t`,
      )
      .all() as Array<{ id: number; images: number; points: number }>) {
      counts.set(r.id, { images: r.images, points: r.points });
    }
    return this.list().map((t) => ({ ...t, ...(counts.get(t.id) ?? { images: 0, points: 0 }) }));
  }

  /** The images of a target with the product's name, date, filter, status and whether it has a point. */
  images(targetId: number): Array<{
    productId: number;
    name: string;
    dateObs: string | null;
    filter: string | null;
    status: string;
    origin: 'footprint' | 'manual';
    x: number | null;
    y: number | null;
    measured: boolean;
  }> {
    this.get(targetId);
    const db = this.#deps.db;
    const measured = measuredProductIds(db, targetId);
    return links
      .linksOfTarget(db, targetId)
      .flatMap((l) => {
        // The product's columns from the library (a link to a product no longer there is left out).
        const p = productBrief(db, l.productId);
        return p ? [{ productId: l.productId, ...p, origin: l.origin, x: l.x, y: l.y, measured: measured.has(l.productId) }] : [];
      })
      .sort((a, b) => byDateObs(a.dateObs, b.dateObs) || a.productId - b.productId);
  }

  /**
   * Visibility of a target at `site` for `nights` nights (default 3) starting with the night
   * that contains MJD (UTC) `fromMjd` (default now), samples every `stepMinutes` (default 10).
   * The position is moved by the target's proper motion to each night.
   */
  visibility(targetId: number, site: ObservingSite, options: { nights?: number; fromMjd?: number; stepMinutes?: number } = {}): VisibilityNight[] {
    const t = this.get(targetId);
    const start = options.fromMjd ?? this.#deps.clock.now() / 86_400_000 + 40587;
    const out: VisibilityNight[] = [];
    for (let k = 0; k < (options.nights ?? 3); k++) {
      const mjd = start + k;
      const pos = targetPositionAt(t, mjd);
      out.push(visibilityNight(pos.ra, pos.dec, mjd, site, options.stepMinutes ?? 10));
    }
    return out;
  }
}

/** SQLite's ascending order of DATE-OBS values: null first, then by text (ISO dates: by time). */
function byDateObs(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
