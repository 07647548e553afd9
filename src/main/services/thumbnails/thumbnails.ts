import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { DEFAULT_MAX_IMAGE_MB } from '../../../shared/settings.js';
import { TaskError } from '../../../shared/task-error.js';
import { thumbnailWorker } from '../tasks/kinds/thumbnail/run.js';
import { TaskPool } from '../tasks/pool/pool.js';
import type { Db } from '../db/open.js';
import { productFilePath } from '../library/product-file.js';
import type { DataPaths } from '../paths.js';
import { thumbnailPath } from './thumb-path.js';

export { THUMB_SIZE } from '../tasks/kinds/thumbnail/render.js';

/** Renders the thumbnail of the FITS file at `path` into `out` (off the calling thread). */
export type RenderThumbnail = (input: { path: string; out: string }) => Promise<void>;

/**
 * A product's thumbnail as a PNG file, made on first request and kept in
 * `<library>/thumbs/<sha256>.png` (see `render.ts` for what it shows). `render` does the
 * decoding elsewhere (a pool thread, {@link ThumbnailService}); this only looks things up.
 */
export async function productThumbnail(db: Db, paths: DataPaths, productId: number, render: RenderThumbnail): Promise<{ path: string }> {
  const file = productFilePath(db, paths, productId);
  const sha = file.sha256;
  const out = thumbnailPath(paths.root, sha);
  if (existsSync(out)) return { path: out };
  mkdirSync(dirname(out), { recursive: true });
  await render({ path: file.path, out });
  return { path: out };
}

/** How long the thumbnail thread stays after its last request (ms). */
const IDLE_MS = 30_000;
/** A thumbnail that takes longer than this is given up (ms). */
const TIME_LIMIT_MS = 60_000;

/**
 * Thumbnails for the app and the host, rendered on a thread of their own (one Piscina thread,
 * started on the first request and stopped after {@link IDLE_MS} without one), so that neither
 * waits behind the extraction queue nor decodes on the main thread. Concurrent requests for
 * one product share one rendering. Failures of the file (the task's `bad_image` and `fits_error`)
 * are `fits_error` (`AppError`: the IPC codes have no `bad_image`) with the file's reason.
 */
export class ThumbnailService {
  readonly #db: Db;
  readonly #paths: DataPaths;
  #pool: TaskPool | null = null;
  #idle: NodeJS.Timeout | null = null;
  readonly #inFlight = new Map<number, Promise<{ path: string }>>();
  #closed = false;

  /**
   * `maxImageMb`: the largest image drawn, in MiB (*Settings → Largest image*, asked at each
   * drawing; default 2048).
   */
  constructor(deps: { db: Db; paths: DataPaths; pool?: () => TaskPool; maxImageMb?: () => number }) {
    this.#maxImageMb = deps.maxImageMb ?? (() => DEFAULT_MAX_IMAGE_MB);
    this.#db = deps.db;
    this.#paths = deps.paths;
    if (deps.pool) this.#newPool = deps.pool;
  }

  readonly #maxImageMb: () => number;

  #newPool = (): TaskPool => new TaskPool({ threads: 1, maxOldGenerationSizeMb: 1024 });

  /** The thumbnail PNG of a product (made now if needed). */
  path(productId: number): Promise<{ path: string }> {
    const running = this.#inFlight.get(productId);
    if (running) return running;
    const p = productThumbnail(this.#db, this.#paths, productId, (input) => this.#render(input)).finally(() => {
      this.#inFlight.delete(productId);
      this.#armIdle();
    });
    this.#inFlight.set(productId, p);
    return p;
  }

  async #render(input: { path: string; out: string }): Promise<void> {
    if (this.#closed) throw new AppError('unavailable', 'the library is closing');
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
    this.#pool ??= this.#newPool();
    try {
      await this.#pool.run(thumbnailWorker.name, { ...input, maxImageMb: this.#maxImageMb() }, { timeLimitMs: TIME_LIMIT_MS });
    } catch (err) {
      if (err instanceof TaskError) throw new AppError(err.code === 'fits_error' || err.code === 'bad_image' ? 'fits_error' : 'internal', `thumbnail: ${err.message}`);
      throw err;
    }
  }

  #armIdle(): void {
    if (this.#inFlight.size > 0 || !this.#pool || this.#closed) return;
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      this.#idle = null;
      if (this.#inFlight.size > 0) return;
      const pool = this.#pool;
      this.#pool = null;
      void pool?.close();
    }, IDLE_MS);
    this.#idle.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#idle) clearTimeout(this.#idle);
    await this.#pool?.close();
    this.#pool = null;
  }
}
