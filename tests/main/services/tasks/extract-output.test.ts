import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract, type Source } from '../../../../src/core/extract/index.js';
import { openFits, readImage } from '../../../../src/core/fits/index.js';
import { parseWcs } from '../../../../src/core/wcs/index.js';
import { storeCatalog } from '../../../../src/main/services/library/catalog-ingest.js';
import { checkedOutput } from '../../../../src/main/services/tasks/kinds/extract/schema.js';
import { TaskError } from '../../../../src/shared/task-error.js';
import type { ExtractOutput } from '../../../../src/main/services/tasks/kinds/extract/schema.js';
import { SOURCE_FIELDS, toColumns } from '../../../../src/main/services/tasks/kinds/extract/source-columns.js';
import { testServices } from '../../../helpers/services.js';
import { starFits, writeStarFits } from '../../../helpers/star-fits.js';
import type { Services } from '../../../../src/main/services/services.js';

const output = (sources: readonly Source[]): ExtractOutput => ({ hdu: 0, width: 128, height: 128, globalBackground: 100.5, globalRms: 3.25, options: { thresh: 1.5 }, sources: toColumns(sources) });
const failure = (result: unknown): string => {
  try {
    checkedOutput(result);
  } catch (err) {
    if (err instanceof TaskError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'accepted';
};

/** A real catalog (with a sky position) of a synthetic image, two apertures, and one source spoilt by hand. */
function sources(): Source[] {
  const fits = openFits(starFits({ seed: 3, stars: 8 }));
  const img = readImage(fits, 0, { type: 'float32' });
  const wcs = parseWcs(fits.hdus[0]!.header)!;
  const cat = extract(img.data as Float32Array, img.width, img.height, { apertures: [3, 5] }, { pixToSky: (x, y) => wcs.pixToSky(x, y) });
  const list = cat.sources.map((s) => ({ ...s }));
  // what a source without a sky position or a measurable flux looks like
  Object.assign(list[0]!, { ra: null, dec: null, fluxAuto: Number.NaN, fluxAper: [Number.NaN, list[0]!.fluxAper[1]!], kronRadius: Number.POSITIVE_INFINITY });
  return list;
}

describe('toColumns / checkedOutput (a worker\'s catalog, before it is stored)', () => {
  it('puts each field in a column, a missing value as NaN, apertures row by row', () => {
    const list = sources();
    const c = toColumns(list);
    expect(c.count).toBe(list.length);
    expect(c.apertures).toBe(2);
    for (const field of SOURCE_FIELDS) expect(c[field]).toEqual(list.map((s) => s[field] ?? Number.NaN));
    expect(c.fluxAper).toEqual(list.flatMap((s) => s.fluxAper));
    expect(c.fluxAperErr).toEqual(list.flatMap((s) => s.fluxAperErr));
    expect(toColumns([])).toMatchObject({ count: 0, apertures: 0, id: [], fluxAper: [] });
  });

  it('accepts the columns as they cross a thread or the broker (NaN as null), handing them on without copies', () => {
    const out = output(sources());
    const checked = checkedOutput(out).sources;
    for (const field of [...SOURCE_FIELDS, 'fluxAper', 'fluxAperErr'] as const) expect(checked[field]).toBe(out.sources[field]);
    const viaJson = JSON.parse(JSON.stringify(out)) as ExtractOutput;
    expect(viaJson.sources.fluxAuto[0]).toBeNull();
    expect(checkedOutput(viaJson).sources.count).toBe(out.sources.count);
    expect(checkedOutput(structuredClone(out)).sources.count).toBe(out.sources.count);
  });

  it('refuses a malformed summary or column, naming it', () => {
    const good = output(sources());
    expect(failure({ ...good, width: 'wide' })).toMatch(/^internal: extract returned a malformed catalog: .* at width$/);
    expect(failure({ ...good, sources: [] })).toMatch(/^internal: .* at sources$/);
    expect(failure({ ...good, sources: { ...good.sources, count: -1 } })).toMatch(/^internal: .* at sources\.count$/);
    expect(failure(null)).toMatch(/^internal: extract returned a malformed catalog/);
    const n = good.sources.count;
    const spoilt = (field: string, value: unknown, at = 1): unknown => {
      const column = [...(good.sources as unknown as Record<string, unknown[]>)[field]!];
      column[at] = value;
      return { ...good, sources: { ...good.sources, [field]: column } };
    };
    expect(failure(spoilt('id', 1.5))).toBe('internal: extract returned a malformed catalog: sources.id[1] is 1.5');
    expect(failure(spoilt('x', Number.NaN))).toBe('internal: extract returned a malformed catalog: sources.x[1] is NaN');
    expect(failure(spoilt('y', null))).toBe('internal: extract returned a malformed catalog: sources.y[1] is null');
    expect(failure(spoilt('fwhm', '2.5'))).toBe('internal: extract returned a malformed catalog: sources.fwhm[1] is 2.5');
    expect(failure(spoilt('fluxAper', {}, 3))).toBe('internal: extract returned a malformed catalog: sources.fluxAper[3] is [object Object]');
    expect(failure({ ...good, sources: { ...good.sources, theta: good.sources.theta.slice(1) } })).toBe(
      `internal: extract returned a malformed catalog: sources.theta must be an array of ${n} numbers`,
    );
    expect(failure({ ...good, sources: { ...good.sources, apertures: 3 } })).toBe(
      `internal: extract returned a malformed catalog: sources.fluxAper must be an array of ${3 * n} numbers`,
    );
  });
});

describe('storeCatalog from columns', () => {
  let services: Services;
  let done: () => Promise<void>;
  let dir: string;
  beforeAll(() => {
    ({ services, dir, done } = testServices());
  });
  afterAll(() => done());

  it('stores every field of every source, a missing value as NULL, whether the columns crossed a thread or the broker', async () => {
    const list = sources();
    const ctx = { db: services.db, clock: services.clock, events: services.events } as never;
    const expected = list.map((s) => ({
      id: s.id,
      x: s.x,
      y: s.y,
      ra: s.ra,
      dec: s.dec,
      a: s.a,
      b: s.b,
      theta: s.theta,
      npix: s.npix,
      peak: s.peak,
      flux_iso: s.fluxIso,
      flux_iso_err: s.fluxIsoErr,
      flux_aper: JSON.stringify(s.fluxAper),
      flux_aper_err: JSON.stringify(s.fluxAperErr),
      flux_auto: Number.isFinite(s.fluxAuto) ? s.fluxAuto : null,
      flux_auto_err: s.fluxAutoErr,
      kron_radius: Number.isFinite(s.kronRadius) ? s.kronRadius : null,
      fwhm: s.fwhm,
      background: s.background,
      flags: s.flags,
    }));
    expect(expected[0]).toMatchObject({ ra: null, flux_auto: null, kron_radius: null, flux_aper: `[null,${list[0]!.fluxAper[1]}]` });
    const out = output(list);
    for (const [k, delivered] of [structuredClone(out), JSON.parse(JSON.stringify(out)) as unknown].entries()) {
      const { product } = await services.library.importFile(writeStarFits(join(dir, `c${k}.fits`), { seed: 40 + k }));
      services.db.transaction(() => storeCatalog(ctx, product.id, null, checkedOutput(delivered)))();
      const rows = services.db
        .prepare(
          'SELECT id, x, y, ra, dec, a, b, theta, npix, peak, flux_iso, flux_iso_err, flux_aper, flux_aper_err, flux_auto, flux_auto_err, kron_radius, fwhm, background, flags FROM sources WHERE product_id = ? ORDER BY id',
        )
        .all(product.id);
      expect(rows).toEqual(expected);
      expect(services.library.get(product.id).sources).toBe(list.length);
    }
  });
});
