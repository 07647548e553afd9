import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoToMjd } from '../../src/core/time/index.js';
import type { ProductStatus } from '../../src/shared/domain.js';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { starField } from './seed.js';

/** One image of a seeded library: what the list shows of it. */
export interface SeedImage {
  name: string;
  object: string | null;
  /** ISO 8601 UTC, as the library stores DATE-OBS. */
  dateObs: string | null;
  filter: string | null;
  status: ProductStatus;
  /**
   * Where the telescope pointed, as a shift of the field in pixels (default [0, 0]): the stars
   * and CRPIX move by it, so the sky stays where it was. Images with different shifts get
   * files of their own.
   */
  shift?: readonly [number, number];
}

const SIZE = 64;
const STARS = [
  { x: 20, y: 30, flux: 4000 },
  { x: 40, y: 12, flux: 2500 },
  { x: 45, y: 48, flux: 3000 },
];

/**
 * Fills a library with many image rows at once (one transaction), as imports would leave them:
 * each row has a stored header of about 80 cards and a footprint, so the list's cost is that of
 * a real library; every row's file is a small star field (64 × 64, TAN WCS at RA 150.1°, Dec 2.2°,
 * 0.36″ pixels; the same file for the same `shift`), so thumbnails, the viewer and target
 * matching work. For UI tests and benchmarks about lists, not about importing.
 * Returns the product ids in the order of `images`.
 */
export function seedLibrary(dataDir: string, images: readonly SeedImage[]): number[] {
  const paths = dataPaths(dataDir);
  const files = new Map<string, { rel: string; size: number; header: Record<string, string | number | boolean> }>();
  const fileOf = (shift: readonly [number, number]) => {
    const key = shift.join(',');
    const known = files.get(key);
    if (known) return known;
    const wcs = { CRPIX1: SIZE / 2 + shift[0], CRPIX2: SIZE / 2 + shift[1] };
    const bytes = starField(SIZE, SIZE, STARS.map((st) => ({ ...st, x: st.x + shift[0], y: st.y + shift[1] })), 100, 3, 5, wcs);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const rel = join('files', sha.slice(0, 2), `${sha}.fits`);
    mkdirSync(join(paths.root, 'files', sha.slice(0, 2)), { recursive: true });
    writeFileSync(join(paths.root, rel), bytes);
    const header: Record<string, string | number | boolean> = {
      SIMPLE: true,
      BITPIX: -32,
      NAXIS: 2,
      NAXIS1: SIZE,
      NAXIS2: SIZE,
      EXPTIME: 60,
      CTYPE1: 'RA---TAN',
      CTYPE2: 'DEC--TAN',
      CRVAL1: 150.1,
      CRVAL2: 2.2,
      CD1_1: -0.0001,
      CD1_2: 0,
      CD2_1: 0,
      CD2_2: 0.0001,
      ...wcs,
    };
    for (let k = 0; k < 75; k++) header[`HIERARCH KEY${k}`] = `a typical header value number ${k}`;
    const file = { rel, size: bytes.length, header };
    files.set(key, file);
    return file;
  };
  // The corners of an unshifted field (a shift of a few pixels stays inside the matching margin).
  const half = (SIZE / 2) * 0.0001;
  const footprint = JSON.stringify([
    [150.1 + half, 2.2 - half],
    [150.1 - half, 2.2 - half],
    [150.1 - half, 2.2 + half],
    [150.1 + half, 2.2 + half],
  ]);
  const db = openDb(paths.db);
  try {
    const now = new Date().toISOString();
    const insert = db.prepare(
      `INSERT INTO data_products (sha256, name, store_path, original_path, size, status, hdu, header_json, object, date_obs, mjd_obs, exptime, filter,
         telescope, instrument, width, height, has_wcs, footprint_json, source_count, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 60, ?, 'T1', 'CCD', ?, ?, 1, ?, ?, ?, ?)`,
    );
    const ids: number[] = [];
    db.transaction(() => {
      images.forEach((im, i) => {
        const sha = createHash('sha256').update(`seed-library ${i} ${im.name}`).digest('hex');
        const file = fileOf(im.shift ?? [0, 0]);
        const h = JSON.stringify({ ...file.header, OBJECT: im.object ?? '', FILTER: im.filter ?? '', ...(im.dateObs !== null ? { 'DATE-OBS': im.dateObs } : {}) });
        const mjd = im.dateObs !== null ? isoToMjd(im.dateObs) : null;
        const sources = im.status === 'extracted' ? 2 : null;
        ids.push(Number(insert.run(sha, im.name, file.rel, `/data/${im.name}`, file.size, im.status, h, im.object, im.dateObs, mjd, im.filter, SIZE, SIZE, footprint, sources, now, now).lastInsertRowid));
      });
    })();
    return ids;
  } finally {
    db.close();
  }
}
