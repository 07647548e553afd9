/**
 * The app's `extract` task and `nightshift extract` read an image through the same loader
 * (main/services/extract/load.ts): the header's SATURATE and GAIN count in both, so the catalog the
 * library stores is the one the command line prints; `nightshift catalog` prints it back in
 * the same schema, byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-main.js';
import { mulberry32 } from '../../src/core/synth/index.js';
import { starFieldFits } from '../../src/core/synth-fits/index.js';
import { getCatalog } from '../../src/main/services/library/catalog-query.js';
import { importPaths } from '../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../src/main/services/logger.js';
import { createServices } from '../../src/main/services/services.js';
import { catalogCsv } from '../../src/shared/catalog-csv.js';
import { tempDir } from '../helpers/tmp.js';

let tmp: ReturnType<typeof tempDir>;
let lib: string;
let file: string;
let productId: number;

/** SATURATE in the test image's header [ADU]: well below the extractor's default of 50,000. */
const SATURATE = 20_000;

/**
 * A 160² float image (sky 300, noise 6) with stars (Gaussian σ 1.5 px) whose peaks go from
 * 2,000 to 40,000 ADU: about half above SATURATE, none above 50,000; GAIN 2.5 and a TAN WCS.
 * core/synth's generator.
 */
function saturatedField(): Uint8Array {
  const random = mulberry32(7);
  const stars = Array.from({ length: 24 }, (_, k) => {
    const peak = 2000 + (38_000 * k) / 23;
    return { x: 12 + (k % 6) * 26 + random() * 4, y: 12 + Math.floor(k / 6) * 36 + random() * 4, flux: peak * 2 * Math.PI * 1.5 * 1.5 };
  });
  return starFieldFits({
    width: 160,
    height: 160,
    sky: 300,
    stars,
    psf: { sigma: 1.5 },
    radius: 9,
    noise: { sigma: 6 },
    random,
    header: {
      OBJECT: 'SATFIELD', SATURATE, GAIN: 2.5, 'DATE-OBS': '2026-11-20T03:04:05', EXPTIME: 30, FILTER: 'V',
      CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 80, CRPIX2: 80, CRVAL1: 150.1, CRVAL2: 2.2, CD1_1: -0.0001, CD1_2: 0, CD2_1: 0, CD2_2: 0.0001,
    },
  });
}

beforeAll(async () => {
  tmp = tempDir();
  lib = join(tmp.dir, 'lib');
  file = join(tmp.dir, 'satfield.fits');
  writeFileSync(file, saturatedField());
  // the app's way: the file imported and extracted by an `extract` task on the pool
  const services = createServices({ dataDir: lib, logger: silentLogger, tasks: { threads: 1 } });
  try {
    await services.tasks.start();
    const summary = await importPaths(services, [file], { extract: true });
    const [done] = await services.tasks.waitFor([summary.imported[0]!.taskId!]);
    expect(done!.status).toBe('succeeded');
    productId = summary.imported[0]!.productId;
  } finally {
    await services.close();
  }
}, 60_000);

afterAll(() => tmp.cleanup());

describe('the extract task reads an image as `nightshift extract` does', () => {
  it("stores the flags (SATURATE) and errors (GAIN) that the command line's catalog has", async () => {
    const ex = await cli('extract', file, '--format', 'json', '--threads', '1');
    expect(ex.code).toBe(0);
    const expected = (JSON.parse(ex.stdout) as { sources: Array<{ flags: number; fluxIsoErr: number; fwhm: number }> }).sources;
    // the header's SATURATE counts: stars above 20,000 ADU are flagged 4 (none reaches 50,000)
    const saturated = expected.filter((s) => (s.flags & 4) !== 0).length;
    expect(saturated).toBeGreaterThan(5);
    expect(saturated).toBeLessThan(expected.length);

    const services = createServices({ dataDir: lib, logger: silentLogger });
    try {
      const stored = getCatalog(services.db, productId)!;
      expect(stored.sources.map((s) => s.flags)).toEqual(expected.map((s) => s.flags));
      expect(stored.sources.map((s) => s.fwhm)).toEqual(expected.map((s) => s.fwhm));
      const row = services.db.prepare('SELECT options_json FROM catalogs WHERE product_id = ?').get(productId) as { options_json: string };
      expect(JSON.parse(row.options_json)).toMatchObject({ saturate: SATURATE, gain: 2.5 });
      const errs = services.db.prepare('SELECT flux_iso_err FROM sources WHERE product_id = ? ORDER BY id').all(productId) as Array<{ flux_iso_err: number }>;
      expect(errs.map((r) => r.flux_iso_err)).toEqual(expected.map((s) => s.fluxIsoErr));
    } finally {
      await services.close();
    }
  });
});

describe('nightshift catalog', () => {
  it('prints the stored catalog byte for byte as `nightshift extract` prints the file (CSV and JSON)', async () => {
    for (const format of ['csv', 'json']) {
      const ex = await cli('extract', file, '--format', format);
      expect(ex.code).toBe(0);
      for (const ref of [String(productId), 'satfield.fits', file]) {
        const cat = await cli('catalog', ref, '--data', lib, '--format', format);
        expect(cat.stderr).toBe('');
        expect(cat.code).toBe(0);
        expect(cat.stdout).toBe(ex.stdout);
      }
    }
    const lines = (await cli('catalog', String(productId), '--data', lib)).stdout.trim().split('\n');
    expect(lines[0]!.startsWith('id,x,y,flux_iso,flux_aper_r5,flux_auto,a,b,theta,flags,npix,fwhm,background,ra,dec')).toBe(true);
    expect(lines.length - 1).toBeGreaterThan(20);
  });

  it("writes the product page's export byte for byte: the app's catalog (sources:list) through the one catalog writer", async () => {
    const printed = await cli('catalog', String(productId), '--data', lib);
    expect(printed.code).toBe(0);
    const services = createServices({ dataDir: lib, logger: silentLogger });
    try {
      // what CatalogTable's *Export CSV* writes with every row shown
      const view = getCatalog(services.db, productId)!;
      expect(catalogCsv({ apertures: view.apertures, sources: view.sources })).toBe(printed.stdout);
      // the RA/Dec, error and Kron columns are filled (the app's export used to leave them out)
      const cells = printed.stdout.split('\n')[1]!.split(',');
      expect(cells).toHaveLength(20);
      expect(cells.every((c) => c !== '')).toBe(true);
    } finally {
      await services.close();
    }
  });

  it('writes --out, and says in one line what is wrong with a product it cannot print', async () => {
    const out = join(tmp.dir, 'cat.json');
    expect((await cli('catalog', 'satfield.fits', '--data', lib, '--format', 'json', '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe((await cli('extract', file, '--format', 'json')).stdout);

    const missing = await cli('catalog', 'nothing.fits', '--data', lib);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^nightshift: no product "nothing.fits" in the library/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);

    // imported, not extracted: no catalog yet
    const services = createServices({ dataDir: lib, logger: silentLogger });
    const other = join(tmp.dir, 'other.fits');
    writeFileSync(other, saturatedField().map((b, i) => (i === 3000 ? b ^ 1 : b)));
    try {
      await importPaths(services, [other], { extract: false });
    } finally {
      await services.close();
    }
    const pending = await cli('catalog', 'other.fits', '--data', lib);
    expect(pending.code).toBe(2);
    expect(pending.stderr).toMatch(/^nightshift: product \d+ \(other\.fits\) has no catalog yet: it is imported\n$/);
    expect((await cli('catalog', 'satfield.fits', '--data', lib, '--format', 'xml')).code).not.toBe(0);
  });

  it('asks for an id when a file name names several products, and takes the path one was imported from', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(tmp.dir, 'night2'));
    const twin = join(tmp.dir, 'night2', 'satfield.fits');
    writeFileSync(twin, saturatedField().map((b, i) => (i === 4000 ? b ^ 1 : b)));
    const services = createServices({ dataDir: lib, logger: silentLogger });
    let twinId = 0;
    try {
      twinId = (await importPaths(services, [twin], { extract: false })).imported[0]!.productId;
    } finally {
      await services.close();
    }
    const both = await cli('catalog', 'satfield.fits', '--data', lib);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(`nightshift: "satfield.fits" names 2 products (ids ${productId}, ${twinId}): give an id\n`);
    expect((await cli('catalog', file, '--data', lib)).stdout).toBe((await cli('extract', file)).stdout);
    expect((await cli('catalog', twin, '--data', lib)).stderr).toContain(`product ${twinId} (satfield.fits) has no catalog yet`);
  });
});
