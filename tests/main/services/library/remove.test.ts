/**
 * Removing images from the library (issue 15): what goes (rows, catalog, sources, links,
 * photometry points, stored file, thumbnail), what stays (other images, a file another image
 * still uses, finished tasks' history), their open tasks cancelled, the events, and nothing
 * removed when the transaction fails.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../../../src/main/api/dispatch.js';
import { removalPreview, removeProducts } from '../../../../src/main/services/library/remove-products.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import type { Services } from '../../../../src/main/services/services.js';
import { thumbnailPath } from '../../../../src/main/services/thumbnails/thumb-path.js';
import { testServices } from '../../../helpers/services.js';
import { writeStarFits } from '../../../helpers/star-fits.js';

let services: Services;
let done: () => Promise<void>;
let dir: string;
const NOW = '2026-12-06T00:00:00.000Z';

beforeEach(() => {
  ({ services, done, dir } = testServices());
});
afterEach(async () => done());

/** Imports an image with a catalog of `sources` sources and a thumbnail file; returns its id. */
async function image(seed: number, sources: number): Promise<number> {
  const { product } = await services.library.importFile(writeStarFits(join(dir, 'in', `img-${seed}.fits`), { seed }));
  const db = services.db;
  db.prepare("INSERT INTO catalogs (product_id, source_count, options_json, created_at) VALUES (?, ?, '{}', ?)").run(product.id, sources, NOW);
  const ins = db.prepare('INSERT INTO sources (product_id, id, x, y, flux_auto) VALUES (?, ?, ?, ?, ?)');
  for (let i = 1; i <= sources; i++) ins.run(product.id, i, i, i, 100 * i);
  db.prepare("UPDATE data_products SET status = 'extracted', source_count = ? WHERE id = ?").run(sources, product.id);
  const thumb = thumbnailPath(services.paths.root, product.sha256);
  mkdirSync(dirname(thumb), { recursive: true });
  writeFileSync(thumb, 'png');
  return product.id;
}

/** A target with a photometry point on each of `productIds`; returns its id. */
function targetOn(name: string, productIds: number[]): number {
  const db = services.db;
  const id = Number(db.prepare("INSERT INTO targets (name, ra, dec, created_at, updated_at) VALUES (?, 150, 2, ?, ?)").run(name, NOW, NOW).lastInsertRowid);
  for (const [i, p] of productIds.entries()) {
    db.prepare("INSERT INTO target_products (target_id, product_id, origin, created_at, updated_at) VALUES (?, ?, 'footprint', ?, ?)").run(id, p, NOW, NOW);
    db.prepare('INSERT INTO photometry (target_id, product_id, mjd, x, y, aperture, created_at, updated_at) VALUES (?, ?, ?, 10, 10, 4, ?, ?)').run(id, p, 61000 + i, NOW, NOW);
  }
  return id;
}

function n(sql: string, ...args: unknown[]): number {
  return (services.db.prepare(sql).get(...args) as { n: number }).n;
}

function storedPath(id: number): string {
  return join(services.paths.root, (services.db.prepare('SELECT store_path FROM data_products WHERE id = ?').get(id) as { store_path: string }).store_path);
}

describe('removing images', () => {
  it('counts what would go without removing anything (dry run)', async () => {
    const a = await image(1, 5);
    const b = await image(2, 3);
    await image(3, 7);
    targetOn('T1', [a, b]);
    services.tasks.enqueue('extract', { productId: a });
    const preview = removalPreview(services, [a, b]);
    expect(preview).toMatchObject({ images: 2, catalogs: 2, sources: 8, photometryPoints: 2, targets: 1, tasks: 1, files: 2 });
    expect(preview.names).toEqual(['img-1.fits', 'img-2.fits']);
    expect(preview.bytes).toBeGreaterThan(2 * 2880);
    expect(n('SELECT count(*) AS n FROM data_products')).toBe(3);
    expect(n('SELECT count(*) AS n FROM sources')).toBe(15);
  });

  it('removes the images with their catalog, sources, links, photometry, file and thumbnail; the others stay', async () => {
    const a = await image(1, 5);
    const b = await image(2, 3);
    const c = await image(3, 7);
    const t = targetOn('T1', [a, c]);
    const t2 = targetOn('T2', [c]);
    const files = [storedPath(a), storedPath(b), storedPath(c)];
    const thumbs = [a, b, c].map((id) => thumbnailPath(services.paths.root, services.library.get(id).sha256));
    const events: Array<[string, unknown]> = [];
    services.events.onAny((event, payload) => events.push([event, payload]));

    const removed = await removeProducts(services, [a, b]);

    expect(removed).toMatchObject({ images: 2, catalogs: 2, sources: 8, photometryPoints: 1, targets: 1, tasks: 0, files: 2 });
    expect(services.db.prepare('SELECT id FROM data_products ORDER BY id').all()).toEqual([{ id: c }]);
    expect(n('SELECT count(*) AS n FROM catalogs')).toBe(1);
    expect(n('SELECT count(*) AS n FROM sources')).toBe(7);
    expect(n('SELECT count(*) AS n FROM target_products WHERE product_id IN (?, ?)', a, b)).toBe(0);
    expect(n('SELECT count(*) AS n FROM photometry WHERE target_id = ?', t)).toBe(1);
    expect(n('SELECT count(*) AS n FROM photometry WHERE target_id = ?', t2)).toBe(1);
    expect(files.map(existsSync)).toEqual([false, false, true]);
    expect(thumbs.map(existsSync)).toEqual([false, false, true]);
    expect(events).toContainEqual(['products:changed', { ids: [a, b] }]);
    expect(events).toContainEqual(['targets:changed', { ids: [t] }]);
  });

  it('cancels the images’ unfinished tasks and keeps the history of finished ones', async () => {
    const a = await image(1, 2);
    const b = await image(2, 2);
    const open = services.tasks.enqueue('extract', { productId: a });
    const other = services.tasks.enqueue('extract', { productId: b });
    const finished = services.tasks.enqueue('extract', { productId: a });
    await services.tasks.cancel(finished.id);

    const removed = await removeProducts(services, [a]);

    expect(removed.tasks).toBe(1);
    expect(services.tasks.get(open.id)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled', message: 'its image was removed from the library' }, productId: null });
    expect(services.tasks.get(finished.id)).toMatchObject({ status: 'cancelled', error: { message: 'cancelled by the user' } });
    expect(services.tasks.get(other.id).status).toBe('queued');
  });

  it('keeps a stored file that another image still uses', async () => {
    const a = await image(1, 1);
    const b = await image(2, 1);
    const shared = (services.db.prepare('SELECT store_path FROM data_products WHERE id = ?').get(a) as { store_path: string }).store_path;
    services.db.prepare('UPDATE data_products SET store_path = ? WHERE id = ?').run(shared, b);
    expect(removalPreview(services, [a]).files).toBe(0);
    const removed = await removeProducts(services, [a]);
    expect(removed.files).toBe(0);
    expect(existsSync(join(services.paths.root, shared))).toBe(true);
    expect(services.library.get(b).id).toBe(b);
  });

  it('never gives a removed image’s id to a later import (its address and thumbnail URL stay its own)', async () => {
    await image(1, 1);
    const newest = await image(2, 1);
    await removeProducts(services, [newest]);
    const next = await image(3, 1);
    expect(next).toBe(newest + 1);
    await removeProducts(services, [next]);
    // A later removal of an older image leaves the floor where it was.
    const after = await image(4, 1);
    expect(after).toBe(next + 1);
  });

  it('refuses an unknown id before removing anything', async () => {
    const a = await image(1, 1);
    await expect(removeProducts(services, [a, 999])).rejects.toMatchObject({ code: 'not_found', message: 'no image with id 999 in the library' });
    expect(n('SELECT count(*) AS n FROM data_products')).toBe(1);
    expect(existsSync(storedPath(a))).toBe(true);
  });

  it('leaves every row, task and file in place when the transaction fails', async () => {
    const a = await image(1, 4);
    targetOn('T1', [a]);
    const task = services.tasks.enqueue('extract', { productId: a });
    const file = storedPath(a);
    services.db.exec("CREATE TEMP TRIGGER fail_removal BEFORE DELETE ON data_products BEGIN SELECT RAISE(ABORT, 'disk gone'); END");
    await expect(removeProducts(services, [a])).rejects.toThrow('disk gone');
    expect(n('SELECT count(*) AS n FROM data_products')).toBe(1);
    expect(n('SELECT count(*) AS n FROM sources')).toBe(4);
    expect(n('SELECT count(*) AS n FROM photometry')).toBe(1);
    expect(n('SELECT count(*) AS n FROM target_products')).toBe(1);
    expect(services.tasks.get(task.id).status).toBe('queued');
    expect(existsSync(file)).toBe(true);
  });

  it('is the library:remove channel (dry run and removal), validated', async () => {
    const a = await image(1, 2);
    const dispatch = createDispatch({ services, shell: 'host' }, silentLogger);
    expect(await dispatch('library:remove', { ids: [a], dryRun: true })).toMatchObject({ ok: true, data: { images: 1, sources: 2 } });
    expect(n('SELECT count(*) AS n FROM data_products')).toBe(1);
    expect(await dispatch('library:remove', { ids: [] })).toMatchObject({ ok: false, code: 'invalid_argument' });
    expect(await dispatch('library:remove', { ids: [a] })).toMatchObject({ ok: true, data: { images: 1, files: 1 } });
    expect(n('SELECT count(*) AS n FROM data_products')).toBe(0);
    expect(await dispatch('library:remove', { ids: [a] })).toMatchObject({ ok: false, code: 'not_found' });
  });
});
