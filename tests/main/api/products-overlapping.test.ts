import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../src/main/api/dispatch.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import { testServices } from '../../helpers/services.js';

let dispatch: Dispatch;
let done: () => Promise<void>;
const ids: Record<string, number> = {};

/** A square footprint of `side` degrees centred on (ra, dec), as stored (JSON [[ra, dec], …]). */
function square(ra: number, dec: number, side: number): string {
  const h = side / 2;
  const c = Math.cos((dec * Math.PI) / 180);
  return JSON.stringify([
    [ra + h / c, dec - h],
    [ra - h / c, dec - h],
    [ra - h / c, dec + h],
    [ra + h / c, dec + h],
  ]);
}

beforeAll(() => {
  const t = testServices();
  done = t.done;
  dispatch = createDispatch({ services: t.services, shell: 'host' }, silentLogger);
  const now = new Date().toISOString();
  const insert = t.services.db.prepare(
    `INSERT INTO data_products (sha256, name, store_path, size, date_obs, has_wcs, footprint_json, created_at, updated_at) VALUES (?, ?, 'files/x', 1, ?, ?, ?, ?, ?)`,
  );
  const add = (name: string, date: string | null, footprint: string | null) =>
    (ids[name] = Number(insert.run(`sha-${name}`, name, date, footprint ? 1 : 0, footprint, now, now).lastInsertRowid));
  add('here.fits', '2026-11-02T01:00:00', square(150, 2, 0.2));
  add('shifted.fits', '2026-11-01T01:00:00', square(150.15, 2.1, 0.2));
  add('inside.fits', null, square(150.01, 2.01, 0.05));
  add('neighbour.fits', '2026-11-03T01:00:00', square(150.22, 2.22, 0.2));
  add('far.fits', '2026-11-03T02:00:00', square(200, -30, 0.2));
  add('no-wcs.fits', '2026-11-03T03:00:00', null);
});
afterAll(async () => done());

describe('products:overlapping', () => {
  it('lists the images whose footprint overlaps the image\'s field, itself included, in date order (undated last)', async () => {
    const result = await dispatch('products:overlapping', { id: ids['here.fits']! });
    expect(result).toEqual({
      ok: true,
      data: [
        { id: ids['shifted.fits'], name: 'shifted.fits', dateObs: '2026-11-01T01:00:00' },
        { id: ids['here.fits'], name: 'here.fits', dateObs: '2026-11-02T01:00:00' },
        { id: ids['inside.fits'], name: 'inside.fits', dateObs: null },
      ],
    });
  });

  it('is null for an image without a WCS footprint, and not_found for no image', async () => {
    expect(await dispatch('products:overlapping', { id: ids['no-wcs.fits']! })).toEqual({ ok: true, data: null });
    expect(await dispatch('products:overlapping', { id: 999_999 })).toMatchObject({ ok: false, code: 'not_found' });
  });
});
