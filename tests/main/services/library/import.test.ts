import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHeaderSummary } from '../../../../src/main/services/library/header-summary.js';
import { storeExtension } from '../../../../src/main/services/library/library-service.js';
import { writeFits } from '../../../../src/core/fits/index.js';
import { testServices } from '../../../helpers/services.js';
import { starFits, writeStarFits } from '../../../helpers/star-fits.js';
import { tempDir } from '../../../helpers/tmp.js';
import type { Services } from '../../../../src/main/services/services.js';
import { existsSync } from 'node:fs';
import { getProductDetail } from '../../../../src/main/services/library/catalog-query.js';
import { productDetailSchema } from '../../../../src/shared/domain.js';
import { separationDeg, type HeaderValue } from '../../../../src/core/wcs/index.js';
import { loadCases } from '../../../core/wcs/cases.js';
import { randomGroupsFits, tableFits } from '../../../helpers/raw-fits.js';

let services: Services;
let done: () => Promise<void>;
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ services, done } = testServices());
  ({ dir, cleanup } = tempDir());
});
afterAll(async () => {
  await done();
  cleanup();
});

describe('LibraryService.importFile', () => {
  it('stores the file by content hash with its header summary', async () => {
    const file = writeStarFits(join(dir, 'm51.fits'), { seed: 2, object: 'M51' });
    const { product, created } = await services.library.importFile(file);
    expect(created).toBe(true);
    expect(product).toMatchObject({ name: 'm51.fits', status: 'imported', sources: null, object: 'M51', filter: 'R', width: 128, height: 128, hasWcs: true });
    const row = services.db.prepare('SELECT * FROM data_products WHERE id = ?').get(product.id) as Record<string, unknown>;
    expect(row.store_path).toBe(join('files', product.sha256.slice(0, 2), `${product.sha256}.fits`));
    expect(existsSync(join(services.paths.root, row.store_path as string))).toBe(true);
    expect(row).toMatchObject({ exptime: 60, mjd_obs: 61371.04309, telescope: 'Test 0.4m', instrument: 'TestCam', date_obs: '2026-11-27T01:02:03.000', hdu: 0 });
    const fp = JSON.parse(row.footprint_json as string) as Array<[number, number]>;
    expect(fp.length).toBeGreaterThanOrEqual(4);
    for (const [ra, dec] of fp) {
      expect(Math.abs(ra - 150.02)).toBeLessThan(0.05);
      expect(Math.abs(dec - 2)).toBeLessThan(0.05);
    }
  });

  it('gives the same product for the same bytes under another name', async () => {
    const a = writeStarFits(join(dir, 'x1.fits'), { seed: 5 });
    const b = writeStarFits(join(dir, 'copy-of-x1.fit'), { seed: 5 });
    const first = await services.library.importFile(a);
    const second = await services.library.importFile(b);
    expect(second.created).toBe(false);
    expect(second.product.id).toBe(first.product.id);
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM data_products WHERE sha256 = ?').get(first.product.sha256)).toEqual({ n: 1 });
  });

  it('refuses files that are not FITS images, and missing files', async () => {
    const text = join(dir, 'notes.fits');
    writeFileSync(text, 'hello, this is not FITS\n'.repeat(200));
    await expect(services.library.importFile(text)).rejects.toMatchObject({ code: 'fits_error' });
    const table = join(dir, 'empty.fits');
    writeFileSync(table, writeFits([{ data: new Float32Array(0), shape: [] }]));
    await expect(services.library.importFile(table)).rejects.toMatchObject({ code: 'fits_error' });
    await expect(services.library.importFile(join(dir, 'nope.fits'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('finds the image in an extension after an empty primary HDU', async () => {
    const bytes = writeFits([
      { data: new Float32Array(0), shape: [], header: { TELESCOP: 'outer' } },
      { data: new Float32Array(40 * 30), shape: [40, 30], header: { OBJECT: 'ext' } },
    ]);
    const file = join(dir, 'mef.fits');
    writeFileSync(file, bytes);
    await expect(readHeaderSummary(file)).resolves.toMatchObject({ hdu: 1, width: 40, height: 30, object: 'ext', hasWcs: false, footprint: null });
    expect(starFits().length % 2880).toBe(0);
  });

  it('keeps compound extensions', () => {
    expect(storeExtension('a.FITS.gz')).toBe('.fits.gz');
    expect(storeExtension('a.fz')).toBe('.fz');
    expect(storeExtension('a.fit')).toBe('.fit');
    expect(storeExtension('raw.dat')).toBe('.fits');
  });
});

describe('the date the library keeps: ISO UTC however the header writes it', () => {
  const withHeader = (name: string, header: Record<string, HeaderValue>) => {
    const file = join(dir, name);
    writeFileSync(file, writeFits([{ header, data: new Float32Array(16 * 16), shape: [16, 16] }]));
    return file;
  };

  it.each([
    ['the old DD/MM/YY form', { 'DATE-OBS': '29/11/51' }, '1951-11-29'],
    ['DD/MM/YY plus UT', { 'DATE-OBS': '29/11/51', UT: '03:12:30' }, '1951-11-29T03:12:30.000'],
    ['a DATE-OBS day plus TIME-OBS', { 'DATE-OBS': '2026-01-15', 'TIME-OBS': '22:01:02.5' }, '2026-01-15T22:01:02.500'],
    ['MJD-OBS only', { 'MJD-OBS': 60000.5 }, '2023-02-25T12:00:00.000'],
    ['JD only', { JD: 2460000.75 }, '2023-02-25T06:00:00.000'],
    ['no date', { OBJECT: 'M 31' }, null],
    ['an unreadable DATE-OBS (kept in the header)', { 'DATE-OBS': 'spring 1997' }, null],
  ] as Array<[string, Record<string, HeaderValue>, string | null]>)('%s', async (what, header, iso) => {
    const file = withHeader(`${what.replace(/\W+/g, '-')}.fits`, header);
    expect((await readHeaderSummary(file)).dateObs).toBe(iso);
    const { product } = await services.library.importFile(file);
    expect(product.dateObs).toBe(iso);
    if (header['DATE-OBS'] !== undefined) expect((await readHeaderSummary(file)).header['DATE-OBS']).toBe(header['DATE-OBS']);
  });

  it('an image in an extension dated in the primary header only (as HST and Gemini files are)', async () => {
    const file = join(dir, 'mef-dated.fits');
    writeFileSync(
      file,
      writeFits([
        { data: new Float32Array(0), shape: [], header: { 'DATE-OBS': '2005-03-07', 'TIME-OBS': '06:51:26' } },
        { data: new Float32Array(16 * 16), shape: [16, 16], header: { EXTNAME: 'SCI' } },
      ]),
    );
    expect(await readHeaderSummary(file)).toMatchObject({ hdu: 1, dateObs: '2005-03-07T06:51:26.000' });
  });
});

describe('what the library keeps about an image WCS', () => {
  const comp = loadCases().find((c) => c.name === 'fk4-comp-ngc1316')!;
  const image = (header: Record<string, HeaderValue>) => writeFits([{ header, data: new Float32Array(440 * 300), shape: [440, 300] }]);

  it('an FK4 B1950 header: footprint in ICRS (astropy), the frame named', async () => {
    const file = join(dir, 'ngc1316-b1950.fits');
    writeFileSync(file, image({ ...comp.header } as Record<string, HeaderValue>));
    const s = await readHeaderSummary(file);
    expect(s).toMatchObject({ hasWcs: true, wcsFrame: 'ICRS (from FK4 B1950.0, epoch = equinox)', wcsError: null });
    // astropy: pixel (-0.5, -0.5) of this header is ICRS comp.sky[0]
    const [ra, dec] = s.footprint![0]!;
    expect(separationDeg(ra, dec, comp.sky![0]![0], comp.sky![0]![1]) * 3600).toBeLessThan(1e-4);
    const { product } = await services.library.importFile(file);
    expect(getProductDetail(services.db, product.id)).toMatchObject({ hasWcs: true, wcsFrame: 'ICRS (from FK4 B1950.0, epoch = equinox)', wcsError: null });
  });

  it('a header whose WCS cannot be read: no WCS, and why (code, message, keyword)', async () => {
    const file = join(dir, 'xyz.fits');
    writeFileSync(file, image({ ...(comp.header as Record<string, HeaderValue>), CTYPE1: 'RA---XYZ', CTYPE2: 'DEC--XYZ' }));
    const s = await readHeaderSummary(file);
    expect(s).toMatchObject({ hasWcs: false, footprint: null, wcsFrame: null, wcsError: { code: 'wcs_unsupported_projection', keyword: 'CTYPE1' } });
    const { product } = await services.library.importFile(file);
    const detail = getProductDetail(services.db, product.id);
    expect(detail.hasWcs).toBe(false);
    expect(detail.wcsError).toMatchObject({ code: 'wcs_unsupported_projection', keyword: 'CTYPE1' });
    expect(detail.wcsError!.message).toContain('XYZ');
    expect(productDetailSchema.parse(detail)).toEqual(detail);
  });

  it('no WCS at all is not an error', async () => {
    const file = join(dir, 'plain.fits');
    writeFileSync(file, writeFits([{ data: new Float32Array(20 * 10), shape: [20, 10] }]));
    expect(await readHeaderSummary(file)).toMatchObject({ hasWcs: false, wcsFrame: null, wcsError: null });
  });
});

describe('the reason a file without an image is refused', () => {
  it('says a table is a table and random groups are random groups', async () => {
    const table = join(dir, 'catalog.fits');
    writeFileSync(table, tableFits());
    await expect(services.library.importFile(table)).rejects.toThrow('catalog.fits: a FITS table (BINTABLE in HDU 1), not an image [no_image]');
    const uv = join(dir, 'uv.fits');
    writeFileSync(uv, randomGroupsFits());
    await expect(services.library.importFile(uv)).rejects.toThrow(/uv\.fits: random-groups data \(radio interferometry.*\), not an image \[no_image\]/);
  });
});
