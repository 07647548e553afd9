import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ProductView } from '../../../shared/domain.js';
import { AppError, isNoSpaceError, noSpaceMessage } from '../../../shared/errors.js';
import { DEFAULT_MAX_IMAGE_MB } from '../../../shared/settings.js';
import { FitsError } from '../../../core/fits/index.js';
import { type Clock, isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { DataPaths } from '../paths.js';
import type { FrameType } from '../../../core/calib/index.js';
import { frameColumns } from './calib-products.js';
import { readHeaderSummary } from './header-summary.js';
import { type ProductRow, productViewRow, toProductView } from './product-rows.js';

export interface LibraryDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  paths: DataPaths;
  /** Opens a file of the store for writing (default `fs.createWriteStream`; tests inject a full disk). */
  createWriteStream?: (path: string) => Writable;
  /**
   * The largest image an import reads, in MiB (2**20 bytes): *Settings → Largest image*, asked
   * at each import. Default 2048.
   */
  maxImageMb?: () => number;
  /**
   * Further IMAGETYP/FRAME words and the frame type each names: *Settings → Calibration →
   * Frame type words*, asked at each import. Default none.
   */
  typeMap?: () => Readonly<Record<string, FrameType>>;
}

export interface ImportResult {
  product: ProductView;
  /** False when the same bytes were already in the library (nothing was added). */
  created: boolean;
}

/** `.fits.gz`, `.fits.fz`, `.fit`… of a file name, lower-cased; `.fits` when there is none. */
export function storeExtension(name: string): string {
  const m = /(\.(?:fits?|fts|fz)(?:\.(?:gz|fz))?)$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '.fits';
}

/** SHA-256 of a file, hex (streamed). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) hash.update(chunk);
  });
  return hash.digest('hex');
}

/** The temporary file of an import in progress: `import-<pid>-<random>`. */
/** An import's partial copy, or a derived file (a worker's staged FITS, a master or calibrated frame being stored): `<what>-<pid>-<hex>`. */
const IMPORT_TMP = /^(?:import|derived)-(\d+)-[0-9a-f]+(?:\.part)?$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the partial copies left in `tmp` by imports whose process is gone (killed mid-copy);
 * those of running processes (another CLI or app on the same library) are left alone.
 * Returns the names removed (with `dryRun`, those it would remove).
 */
export function removeStaleImports(tmpDir: string, options: { dryRun?: boolean } = {}): string[] {
  let names: string[];
  try {
    names = readdirSync(tmpDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = IMPORT_TMP.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    if (!options.dryRun) rmSync(join(tmpDir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * The file store: imported files are copied (streamed, hashed on the way) into
 * `files/ab/<sha256><ext>` and described by a `data_products` row. The same bytes imported
 * twice give the same product.
 */
export class LibraryService {
  readonly #deps: LibraryDeps;

  constructor(deps: LibraryDeps) {
    this.#deps = deps;
    const removed = removeStaleImports(deps.paths.tmp);
    if (removed.length > 0) deps.logger.info('library: removed partial files of imports that did not finish', { files: removed.length });
  }

  /** A product by id. */
  get(id: number): ProductView {
    const row = productViewRow(this.#deps.db, id);
    if (!row) throw new AppError('not_found', `no product ${id}`);
    return toProductView(row);
  }

  /**
   * Imports one FITS file: streams it into the store while hashing (memory stays flat for any
   * size), reads the header summary from the stored copy, and writes the product row. Throws
   * `fits_error` for a file that is not a FITS image, `not_found` for a missing file.
   */
  async importFile(path: string): Promise<ImportResult> {
    const { db, paths, clock } = this.#deps;
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new AppError('invalid_argument', `${path} is not a file`);
      size = st.size;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('not_found', `cannot read ${path}: ${(err as Error).message}`);
    }
    mkdirSync(paths.tmp, { recursive: true });
    const tmp = join(paths.tmp, `import-${process.pid}-${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let copied = 0;
    try {
      await pipeline(
        createReadStream(path, { highWaterMark: 1 << 20 }),
        new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            copied += chunk.length;
            cb(null, chunk);
          },
        }),
        (this.#deps.createWriteStream ?? createWriteStream)(tmp),
      );
    } catch (err) {
      rmSync(tmp, { force: true });
      if (isNoSpaceError(err)) throw new AppError('no_space', noSpaceMessage(`cannot copy ${path} into the library`, err));
      throw new AppError('not_found', `cannot copy ${path}: ${(err as Error).message}`);
    }
    const sha256 = hash.digest('hex');
    const existing = db.prepare('SELECT * FROM data_products WHERE sha256 = ?').get(sha256) as ProductRow | undefined;
    const rel = join('files', sha256.slice(0, 2), `${sha256}${storeExtension(basename(path))}`);
    const dest = join(paths.root, existing?.store_path ?? rel);
    // The stored copy counts only if it still has these bytes: a copy damaged on disk (even at
    // the same size) is replaced by the fresh one.
    if (existsSync(dest) && (await fileSha256(dest).catch(() => null)) === sha256) rmSync(tmp, { force: true });
    else {
      mkdirSync(join(dest, '..'), { recursive: true });
      renameSync(tmp, dest);
      if (existing) this.#deps.logger.warn('library: stored copy was missing or damaged, replaced', { productId: existing.id, path: dest });
    }
    if (existing) return { product: toProductView(productViewRow(db, existing.id) ?? existing), created: false };
    const maxImageMb = this.#deps.maxImageMb?.() ?? DEFAULT_MAX_IMAGE_MB;
    let summary;
    try {
      summary = await readHeaderSummary(dest, { maxDataBytes: maxImageMb * 2 ** 20 });
    } catch (err) {
      rmSync(dest, { force: true });
      if (err instanceof FitsError && err.code === 'too_large') {
        throw new AppError('fits_error', `${basename(path)}: ${err.message} (Settings → Largest image: ${maxImageMb} MiB) [too_large]`);
      }
      if (err instanceof FitsError) throw new AppError('fits_error', `${basename(path)}: ${err.message} [${err.code}]`);
      throw err;
    }
    if (summary.wcsError) {
      this.#deps.logger.warn('imported image has a WCS that cannot be read', { file: basename(path), code: summary.wcsError.code, reason: summary.wcsError.message });
    }
    const now = isoNow(clock);
    const frame = frameColumns(summary.header, this.#deps.typeMap?.() ?? {});
    let inserted;
    try {
      inserted = db
      .prepare(
        // The id comes after every id present and every id a removal took (ids are never reused).
        `INSERT INTO data_products (id, sha256, name, store_path, original_path, size, status, hdu, header_json, object, date_obs, mjd_obs, exptime,
           filter, telescope, instrument, width, height, has_wcs, footprint_json, frame_type, kind, created_at, updated_at)
         VALUES (max(coalesce((SELECT max(id) FROM data_products), 0), coalesce((SELECT last_id FROM product_id_floor), 0)) + 1,
           ?, ?, ?, ?, ?, 'imported', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sha256) DO NOTHING`,
      )
      .run(
        sha256, basename(path), rel, path, size === copied ? size : copied, summary.hdu, JSON.stringify(summary.header), summary.object, summary.dateObs,
        summary.mjdObs, summary.exptime, summary.filter, summary.telescope, summary.instrument, summary.width, summary.height,
        summary.hasWcs ? 1 : 0, summary.footprint ? JSON.stringify(summary.footprint) : null, frame.frameType, frame.kind, now, now,
      );
    } catch (err) {
      // No row, no file: a failed insert leaves no orphan in the store.
      if (!db.prepare('SELECT 1 FROM data_products WHERE sha256 = ?').get(sha256)) rmSync(dest, { force: true });
      if (isNoSpaceError(err)) throw new AppError('no_space', noSpaceMessage(`cannot record ${basename(path)} in the library`, err));
      throw err;
    }
    const row = db.prepare('SELECT * FROM data_products WHERE sha256 = ?').get(sha256) as ProductRow;
    if (inserted.changes > 0) this.#deps.events.emit('products:changed', { ids: [row.id] });
    return { product: toProductView(row), created: inserted.changes > 0 };
  }
}
