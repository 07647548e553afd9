import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SynthStar } from '../../src/core/synth/index.js';
import { starFieldFits } from '../../src/core/synth-fits/index.js';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';

export type { SynthStar as SeedStar };

/**
 * A small synthetic image: flat sky with Gaussian stars (σ 1.5 px, drawn 8 px around each),
 * optional Gaussian noise of σ `noise` ADU, and a TAN WCS, as FITS bytes: core/synth's
 * generator and our own writer. Deterministic (`seed`). `header` adds or replaces keywords
 * (FILTER is `R` otherwise).
 */
export function starField(width: number, height: number, stars: readonly SynthStar[], sky = 100, noise = 0, seed = 1, header: Record<string, string | number> = {}): Uint8Array {
  return starFieldFits({
    width,
    height,
    sky,
    stars,
    psf: { sigma: 1.5 },
    radius: 8,
    noise: noise > 0 ? { sigma: noise } : undefined,
    seed,
    header: {
      OBJECT: 'SEEDFIELD',
      'DATE-OBS': '2026-11-20T03:04:05',
      EXPTIME: 60,
      FILTER: 'R',
      CTYPE1: 'RA---TAN',
      CTYPE2: 'DEC--TAN',
      CRPIX1: width / 2,
      CRPIX2: height / 2,
      CRVAL1: 150.1,
      CRVAL2: 2.2,
      CD1_1: -0.0001,
      CD1_2: 0,
      CD2_1: 0,
      CD2_2: 0.0001,
      ...header,
    },
  });
}

/**
 * Puts a product and its catalog straight into a library (as the import and extract tasks
 * would), for UI tests that are about showing data, not making it.
 */
export function seedProduct(dataDir: string, bytes: Uint8Array, sources: ReadonlyArray<{ x: number; y: number; flux: number }>, name = 'seed.fits'): number {
  const paths = dataPaths(dataDir);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const rel = join('files', sha.slice(0, 2), `${sha}.fits`);
  mkdirSync(join(paths.root, 'files', sha.slice(0, 2)), { recursive: true });
  writeFileSync(join(paths.root, rel), bytes);
  const db = openDb(paths.db);
  try {
    const now = new Date().toISOString();
    const id = Number(
      db
        .prepare(
          `INSERT INTO data_products (sha256, name, store_path, size, status, object, date_obs, filter, width, height, has_wcs, source_count, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'extracted', 'SEEDFIELD', '2026-11-20T03:04:05', 'R', NULL, NULL, 1, ?, ?, ?)`,
        )
        .run(sha, name, rel, bytes.length, sources.length, now, now).lastInsertRowid,
    );
    db.prepare("INSERT INTO catalogs (product_id, source_count, global_background, global_rms, options_json, created_at) VALUES (?, ?, 100, 1, '{\"apertures\":[5]}', ?)").run(
      id,
      sources.length,
      now,
    );
    const insert = db.prepare(
      'INSERT INTO sources (product_id, id, x, y, a, b, theta, flux_aper, flux_auto, flux_iso, fwhm, flags) VALUES (?, ?, ?, ?, 1.5, 1.2, 30, ?, ?, ?, 3.5, ?)',
    );
    db.transaction(() => {
      sources.forEach((s, i) => insert.run(id, i + 1, s.x, s.y, JSON.stringify([s.flux * 0.9]), s.flux, s.flux * 0.8, i % 7 === 0 ? 2 : 0));
    })();
    return id;
  } finally {
    db.close();
  }
}
