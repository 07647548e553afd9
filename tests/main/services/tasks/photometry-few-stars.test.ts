/**
 * The `photometry` task on fields with few stars, through the whole service (import, extraction
 * and photometry tasks in worker threads): 128×128 images (sky 200, noise 4) with 0, 1, 2 or 3
 * stars, one image or three, targets at seeded random places (on a star, next to an edge, on
 * empty sky) and a comparison star the user included where the catalogue has none. Every task
 * succeeds, every target gets a point on every image, and every number stored is finite or null.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs } from '../../../../src/core/wcs/index.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { rng } from '../../../helpers/rng.js';
import { type SeedStar, starField } from '../../../helpers/seed.js';
import { tempDir } from '../../../helpers/tmp.js';

const W = 128;

/** The header starField writes, for the sky positions of pixels. */
function wcsOf(ra: number) {
  return parseWcs(
    headerFromRecord({ CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: W / 2, CRPIX2: W / 2, CRVAL1: ra, CRVAL2: 2.2, CD1_1: -0.0001, CD1_2: 0, CD2_1: 0, CD2_2: 0.0001 }),
  )!;
}

interface Field {
  name: string;
  ra: number;
  stars: SeedStar[];
  images: number;
  targets: Array<{ x: number; y: number }>;
}

/** Fields of 0–3 stars (one of them next to an edge from two stars on), on one image and on three; targets seeded. */
function fields(): Field[] {
  const u = rng(1313);
  const out: Field[] = [];
  for (let n = 0; n <= 3; n++) {
    for (const images of [1, 3]) {
      const stars: SeedStar[] = [];
      while (stars.length < n) {
        const edge = stars.length === 1;
        const x = edge ? 2 + u() * 3 : 12 + u() * (W - 24);
        const y = 12 + u() * (W - 24);
        if (stars.some((s) => Math.hypot(s.x - x, s.y - y) < 20)) continue;
        stars.push({ x, y, flux: 5_000 + u() * 60_000 });
      }
      const targets = [
        ...stars.map((s) => ({ x: s.x, y: s.y })),
        { x: 0.6 + u(), y: 5 + u() * (W - 10) },
        { x: W - 1.5, y: W - 1.5 },
        { x: 10 + u() * (W - 20), y: 10 + u() * (W - 20) },
      ];
      out.push({ name: `s${n}i${images}`, ra: 150 + out.length * 0.5, stars, images, targets });
    }
  }
  return out;
}
const FIELDS = fields();

let services: Services;
let tmp: ReturnType<typeof tempDir>;
const targetIds: Array<{ id: number; field: Field }> = [];

async function idle(): Promise<void> {
  const open = () => (services.db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status IN ('queued', 'waiting', 'running')").get() as { n: number }).n;
  while (open() > 0) await new Promise((r) => setTimeout(r, 50));
}

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
  await services.tasks.start();
  const paths: string[] = [];
  for (const f of FIELDS) {
    for (let e = 0; e < f.images; e++) {
      const path = join(tmp.dir, `${f.name}-${e}.fits`);
      writeFileSync(path, starField(W, W, f.stars, 200, 4, 100 * f.ra + e, { CRVAL1: f.ra, 'DATE-OBS': `2026-11-2${e}T03:04:05` }));
      paths.push(path);
    }
  }
  const summary = await importPaths(services, paths, { extract: true, batchId: 'few' });
  expect(summary.imported).toHaveLength(paths.length);
  await services.tasks.waitFor(summary.imported.map((i) => i.taskId!));
  await idle();
  services.targetAutomation.inBatch('few-targets', () => {
    for (const f of FIELDS) {
      const wcs = wcsOf(f.ra);
      f.targets.forEach((p, k) => {
        const [ra, dec] = wcs.pixToSky(p.x, p.y);
        targetIds.push({ id: services.targets.create({ name: `${f.name}-${k}`, ra, dec }).id, field: f });
      });
    }
  });
  await idle();
  // The user includes a comparison star where the catalogue has none (empty sky), on every field's first target.
  for (const f of FIELDS) {
    const t = targetIds.find((x) => x.field === f)!;
    const [ra, dec] = wcsOf(f.ra).pixToSky(W / 2 + 7, W / 2 - 9);
    services.targets.setComparison(t.id, ra, dec, 'include');
  }
  const again = targetIds.map((t) => services.targetAutomation.measure(t.id, { force: true })!.id);
  await services.tasks.waitFor(again);
  await idle();
}, 300_000);

afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('photometry of targets on fields of 0–3 stars', () => {
  it('succeeds for every target, with a point on every image', () => {
    const failed = services.db.prepare("SELECT id, status, error_message FROM tasks WHERE status != 'succeeded'").all();
    expect(failed).toEqual([]);
    expect(targetIds).toHaveLength(FIELDS.reduce((n, f) => n + f.targets.length, 0));
    for (const { id, field } of targetIds) {
      const lc = services.targets.lightCurve(id);
      expect(lc.map((p) => p.flux === null), `${field.name} target ${id}`).toEqual(Array(field.images).fill(false));
    }
  });

  it('stores only finite numbers or null, and a reason for every missing magnitude', () => {
    const bad: string[] = [];
    for (const table of ['photometry', 'comparison_stars']) {
      for (const row of services.db.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>) {
        for (const [k, v] of Object.entries(row)) {
          if (typeof v === 'number' && !Number.isFinite(v)) bad.push(`${table} ${String(row.id ?? row.target_id)} ${k} = ${v}`);
        }
      }
    }
    expect(bad).toEqual([]);
    const included = services.db.prepare("SELECT flux, verdict FROM comparison_stars WHERE choice = 'include'").all() as Array<{ flux: number | null; verdict: string }>;
    expect(included).toHaveLength(FIELDS.length);
    expect(included.every((c) => c.flux === null)).toBe(true);
    for (const { id } of targetIds) {
      for (const p of services.targets.lightCurve(id)) {
        if (p.mag === null) expect(p.flags & (32 | 64 | 1 | 2), `target ${id} image ${p.productId}`).not.toBe(0);
      }
    }
  });

  it('gives a star with comparison stars on its image a differential magnitude', () => {
    // The three-star fields: the star away from the edge has the third star as comparison.
    for (const f of FIELDS.filter((x) => x.stars.length === 3)) {
      const t = targetIds.filter((x) => x.field === f)[2]!;
      const lc = services.targets.lightCurve(t.id);
      expect(lc).toHaveLength(f.images);
      for (const p of lc) expect(p.nComparisons, f.name).toBeGreaterThanOrEqual(1);
    }
  });

  it('measures a target whose catalogue holds infinite values (FWHM, flux, peak) instead of failing the task', async () => {
    const f = FIELDS.find((x) => x.stars.length === 3 && x.images === 3)!;
    const t = targetIds.find((x) => x.field === f)!;
    const products = services.targets.products(t.id).map((l) => l.productId);
    const db = services.db;
    for (const p of products) {
      db.prepare('UPDATE sources SET fwhm = 9e999, peak = -9e999 WHERE product_id = ?').run(p);
      db.prepare('UPDATE sources SET flux_auto = 9e999 WHERE product_id = ? AND id = 1').run(p);
    }
    const task = services.targetAutomation.measure(t.id, { force: true })!;
    await services.tasks.waitFor([task.id]);
    const row = db.prepare('SELECT status, error_message FROM tasks WHERE id = ?').get(task.id);
    expect(row).toEqual({ status: 'succeeded', error_message: null });
    expect(services.targets.lightCurve(t.id)).toHaveLength(3);
  });
});
