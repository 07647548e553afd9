/**
 * The library's side of calibration (issue 17): each product's frame type (bias, dark, flat,
 * light; from the header at import, or set by hand) and kind (raw, master, calibrated), the
 * masters and calibrated frames the calibration kinds make, stored like any imported file
 * (`files/ab/<sha256>.fits`), and why a raw light waits. The library owns `data_products`, so
 * the calibration planner and kinds call these instead of writing SQL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { frameInfo, type FrameType } from '../../../core/calib/index.js';
import { parseHeader, type HeaderValue } from '../../../core/fits/index.js';
import { AppError } from '../../../shared/errors.js';
import { TaskError } from '../../../shared/task-error.js';
import { type Clock, isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { DataPaths } from '../paths.js';
import { STAGED_NAME, STAGING_MARKER, type StagingArea } from '../calib/output-file.js';
import { summarise } from './header-summary.js';
import { prepared } from '../db/prepared.js';

export type ProductKind = 'raw' | 'master' | 'calibrated';

/** What writing calibration products needs (a task kind's context has it). */
export interface CalibWriteDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  paths: DataPaths;
}

/**
 * The frame type and kind an imported header gives: IMAGETYP/FRAME, `Master …` for a master.
 * `typeMap` (*Settings → Calibration → Frame type words*) maps further words, any case.
 */
export function frameColumns(header: Record<string, unknown>, typeMap: Readonly<Record<string, FrameType>> = {}): { frameType: FrameType | null; kind: ProductKind } {
  const info = frameInfo({ get: (k) => header[k] as HeaderValue | undefined }, typeMap);
  return { frameType: info.type, kind: info.type !== null && info.type !== 'light' && info.master ? 'master' : 'raw' };
}

function headerOf(json: string | null): Record<string, unknown> {
  try {
    const v: unknown = json === null ? null : JSON.parse(json);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Gives every raw product whose frame type was not set by hand the type its header and
 * `typeMap` name now (after *Frame type words* changed). Masters, calibrated frames and types
 * set by hand (`frame_type_by_hand`) are left as they are, and so is a raw product the new
 * words would make a master. Returns the ids changed, with their old and new types.
 */
export function reclassifyFrameTypes(
  deps: Omit<CalibWriteDeps, 'paths'>,
  typeMap: Readonly<Record<string, FrameType>>,
): Array<{ id: number; from: FrameType | null; to: FrameType | null }> {
  const rows = prepared(deps.db, "SELECT id, frame_type, header_json FROM data_products WHERE kind = 'raw' AND frame_type_by_hand = 0").all() as Array<{
    id: number;
    frame_type: FrameType | null;
    header_json: string | null;
  }>;
  const changed: Array<{ id: number; from: FrameType | null; to: FrameType | null }> = [];
  const update = prepared(deps.db, 'UPDATE data_products SET frame_type = ?, updated_at = ? WHERE id = ? AND frame_type_by_hand = 0');
  const now = isoNow(deps.clock);
  deps.db.transaction(() => {
    for (const r of rows) {
      const next = frameColumns(headerOf(r.header_json), typeMap);
      if (next.kind !== 'raw' || next.frameType === r.frame_type) continue;
      update.run(next.frameType, now, r.id);
      changed.push({ id: r.id, from: r.frame_type, to: next.frameType });
    }
  })();
  if (changed.length > 0) deps.events.emit('products:changed', { ids: changed.map((c) => c.id) });
  return changed;
}

/** A product as calibration sees it (header as stored JSON, dates ISO 8601 UTC). */
export interface CalibRow {
  id: number;
  name: string;
  sha256: string;
  store_path: string;
  size: number;
  status: string;
  frame_type: FrameType | null;
  kind: ProductKind;
  raw_id: number | null;
  header_json: string | null;
  exptime: number | null;
  filter: string | null;
  instrument: string | null;
  width: number | null;
  height: number | null;
  date_obs: string | null;
  calib_json: string | null;
  calib_wait: string | null;
}

const CALIB_COLUMNS = 'id, name, sha256, store_path, size, status, frame_type, kind, raw_id, header_json, exptime, filter, instrument, width, height, date_obs, calib_json, calib_wait';

/** Every product calibration cares about: those with a frame type, masters and calibrated frames, by id. */
export function calibRows(db: Db): CalibRow[] {
  return prepared(db, `SELECT ${CALIB_COLUMNS} FROM data_products WHERE frame_type IS NOT NULL OR kind != 'raw' ORDER BY id`).all() as CalibRow[];
}

/** One product as calibration sees it, or undefined. */
export function calibRow(db: Db, id: number): CalibRow | undefined {
  return prepared(db, `SELECT ${CALIB_COLUMNS} FROM data_products WHERE id = ?`).get(id) as CalibRow | undefined;
}

/** Sets a product's frame type by hand (null: none, an image calibrated elsewhere). Throws `not_found`. */
export function setFrameType(deps: Omit<CalibWriteDeps, 'paths'>, id: number, type: FrameType | null): void {
  const r = prepared(deps.db, 'UPDATE data_products SET frame_type = ?, frame_type_by_hand = 1, updated_at = ? WHERE id = ?').run(type, isoNow(deps.clock), id);
  if (r.changes === 0) throw new AppError('not_found', `no product ${id}`);
  deps.events.emit('products:changed', { ids: [id] });
}

/** Records why a raw light is not calibrated yet (null: it is not waiting); announces a change only. */
export function setCalibWait(deps: Omit<CalibWriteDeps, 'paths'>, id: number, reason: string | null): void {
  const r = prepared(deps.db, 'UPDATE data_products SET calib_wait = ?, updated_at = ? WHERE id = ? AND calib_wait IS NOT ?').run(reason, isoNow(deps.clock), id, reason);
  if (r.changes > 0) deps.events.emit('products:changed', { ids: [id] });
}

/** The newest calibrated product of a raw frame, or undefined. */
export function calibratedOf(db: Db, rawId: number): number | undefined {
  return (prepared(db, "SELECT id FROM data_products WHERE raw_id = ? AND kind = 'calibrated' ORDER BY id DESC LIMIT 1").get(rawId) as { id: number } | undefined)?.id;
}

/** A master or calibrated frame to store. */
export interface DerivedProduct {
  /** The product's name (shown in the library). */
  name: string;
  /**
   * The FITS file (one image in the primary HDU): its bytes, or a file a worker staged in the
   * library's tmp folder (see {@link stagingArea}; absolute path, size in bytes, SHA-256 hex),
   * which is adopted by rename.
   */
  bytes?: Uint8Array;
  staged?: { path: string; size: number; sha256: string };
  kind: Exclude<ProductKind, 'raw'>;
  frameType: FrameType;
  rawId: number | null;
  /** A master's group and inputs, or a calibrated frame's masters (stored as JSON). */
  calib: Record<string, unknown>;
}

/**
 * The library's staging area for derived files (its tmp folder), created with its marker
 * (a random token, written once) if missing: a calibration task's input names it, and a worker
 * that reads the token back writes its FITS file there (services/calib/output-file.ts).
 */
export function stagingArea(paths: DataPaths): StagingArea {
  const dir = resolve(paths.tmp);
  const marker = join(dir, STAGING_MARKER);
  try {
    return { dir, token: readFileSync(marker, 'utf8') };
  } catch {
    mkdirSync(dir, { recursive: true });
    const token = randomBytes(16).toString('hex');
    const tmp = `${marker}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, token);
    renameSync(tmp, marker);
    // another process may have written its token first: the file's is the one
    return { dir, token: readFileSync(marker, 'utf8') };
  }
}

/**
 * A worker's FITS output as {@link DerivedProduct} takes it: the staged file, or the bytes
 * decoded from base64 (a worker without the library's disk).
 */
export function derivedFile(output: { file?: { path: string; size: number; sha256: string }; fits?: string }): Pick<DerivedProduct, 'bytes' | 'staged'> {
  if (output.file) return { staged: output.file };
  return { bytes: Buffer.from(output.fits ?? '', 'base64') };
}

/** The primary header of a FITS file, read block by block from its start (no pixels). */
function fileHeader(path: string): ReturnType<typeof parseHeader>['header'] {
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.alloc(0);
    for (let blocks = 4; ; blocks *= 2) {
      const next = Buffer.alloc(blocks * 2880);
      buf.copy(next);
      const n = buf.length + readSync(fd, next, buf.length, next.length - buf.length, buf.length);
      buf = next.subarray(0, n);
      try {
        return parseHeader(buf, 0, 0).header;
      } catch (err) {
        if (n < next.length) throw err; // the whole file is read
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A staged file's place: checked to be a worker's file in this library's staging folder
 * (`derived-<pid>-<hex>`) with the size it claims, so a result cannot move any other file.
 * Throws TaskError `integrity`, or `not_found` (retryable) when the file is gone.
 */
function checkStaged(paths: DataPaths, f: { path: string; size: number }): void {
  const ok = dirname(resolve(f.path)) === resolve(paths.tmp) && STAGED_NAME.test(basename(f.path)) && !basename(f.path).endsWith('.part');
  if (!ok) throw new TaskError('integrity', `${f.path} is not a file staged in this library`);
  let size: number;
  try {
    size = statSync(f.path).size;
  } catch {
    // removed meanwhile (a restart's clean-up of another machine's staged file): compute it again
    throw new TaskError('not_found', `the staged file ${f.path} is gone`, true);
  }
  if (size !== f.size) throw new TaskError('integrity', `the staged file ${f.path} has ${size} bytes, not ${f.size}`);
}

/**
 * Stores a master or calibrated frame as a product: the file under its SHA-256 in `files/`
 * (bytes written whole to `tmp/` first; a staged file renamed there, its header read from the
 * file, its pixels never read; its SHA-256 is the worker's), the header summary, and the row.
 * The same bytes stored twice give the same product (a staged duplicate is deleted). The file is
 * in place before the row refers to it. Returns its id.
 */
export function storeDerivedProduct(deps: CalibWriteDeps, p: DerivedProduct): number {
  const { db, paths } = deps;
  const staged = p.staged;
  if (staged) checkStaged(paths, staged);
  else if (!p.bytes) throw new AppError('invalid_argument', 'a derived product needs its bytes or a staged file');
  const sha256 = staged ? staged.sha256 : createHash('sha256').update(p.bytes!).digest('hex');
  const existing = prepared(db, 'SELECT id FROM data_products WHERE sha256 = ?').get(sha256) as { id: number } | undefined;
  if (existing) {
    if (staged) rmSync(staged.path, { force: true });
    return existing.id;
  }
  const rel = join('files', sha256.slice(0, 2), `${sha256}.fits`);
  const dest = join(paths.root, rel);
  mkdirSync(join(dest, '..'), { recursive: true });
  if (staged) {
    renameSync(staged.path, dest);
  } else if (!existsSync(dest)) {
    mkdirSync(paths.tmp, { recursive: true });
    const tmp = join(paths.tmp, `derived-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      writeFileSync(tmp, p.bytes!);
      renameSync(tmp, dest);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }
  const header = staged ? fileHeader(dest) : parseHeader(p.bytes!, 0, 0).header;
  const size = staged ? staged.size : p.bytes!.length;
  const width = Number(header.get('NAXIS1') ?? 0);
  const height = Number(header.get('NAXIS2') ?? 0);
  const s = summarise(header, 0, width, height);
  const now = isoNow(deps.clock);
  const r = prepared(
    db,
    // ids are never reused (after every id present and every id a removal took), as at import
    `INSERT INTO data_products (id, sha256, name, store_path, original_path, size, status, hdu, header_json, object, date_obs, mjd_obs, exptime,
       filter, telescope, instrument, width, height, has_wcs, footprint_json, frame_type, kind, raw_id, calib_json, created_at, updated_at)
     VALUES (max(coalesce((SELECT max(id) FROM data_products), 0), coalesce((SELECT last_id FROM product_id_floor), 0)) + 1,
       ?, ?, ?, NULL, ?, 'imported', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    sha256, p.name, rel, size, JSON.stringify(s.header), s.object, s.dateObs, s.mjdObs, s.exptime, s.filter, s.telescope, s.instrument, width, height,
    s.hasWcs ? 1 : 0, s.footprint ? JSON.stringify(s.footprint) : null, p.frameType, p.kind, p.rawId, JSON.stringify(p.calib), now, now,
  );
  const id = Number(r.lastInsertRowid);
  deps.events.emit('products:changed', { ids: [id] });
  return id;
}

/** A product's stored file (absolute path, size, SHA-256), as a job's file reference; undefined for an unknown id. */
export function storedFileRef(db: Db, paths: DataPaths, id: number): { path: string; size: number; sha256: string } | undefined {
  const r = prepared(db, 'SELECT store_path, size, sha256 FROM data_products WHERE id = ?').get(id) as { store_path: string; size: number; sha256: string } | undefined;
  return r && { path: isAbsolute(r.store_path) ? r.store_path : join(paths.root, r.store_path), size: r.size, sha256: r.sha256 };
}

/**
 * Calibrated products that a newer calibrated product of the same raw frame replaces (a light
 * calibrated again with better masters): what the calibration planner removes, with their
 * catalogs, solutions, target links and photometry points. Ascending ids.
 */
export function supersededCalibrated(db: Db): number[] {
  return (
    prepared(
      db,
      `SELECT c.id FROM data_products c WHERE c.kind = 'calibrated' AND c.raw_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM data_products n WHERE n.raw_id = c.raw_id AND n.kind = 'calibrated' AND n.id > c.id) ORDER BY c.id`,
    ).all() as Array<{ id: number }>
  ).map((r) => r.id);
}
