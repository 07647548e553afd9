/**
 * `nightshift targets add|list|import|export` and `nightshift lightcurve`, through `main()`:
 * a library of extracted images of one field is made here; adding a target at a star queues
 * its photometry, which a task runner then runs; the light curve prints with its columns.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDec, formatRa } from '../../src/core/coords/index.js';
import { cli } from '../helpers/cli-main.js';
import { importPaths } from '../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../src/main/services/logger.js';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { createServices } from '../../src/main/services/services.js';
import { parseCsv } from '../../src/main/services/targets/index.js';
import { starField } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

let tmp: ReturnType<typeof tempDir>;
let lib: string;
// starField puts CRVAL (150.1, 2.2) at CRPIX (64, 64) 1-based with 0.36″ pixels: the star at 0-based (63, 63) is there.
const STARS = [
  { x: 63, y: 63, flux: 50_000 },
  { x: 20.5, y: 30.2, flux: 40_000 },
  { x: 100.2, y: 25.7, flux: 60_000 },
  { x: 30.4, y: 100.1, flux: 45_000 },
  { x: 96.6, y: 98.3, flux: 55_000 },
  { x: 60.2, y: 20.4, flux: 35_000 },
];
const FACTORS = [1, 1.3, 0.8];

/** Runs the queued tasks of the library (what the app or `nightshift host` does), then closes it. */
async function runQueued(): Promise<void> {
  const services = createServices({ dataDir: lib, logger: silentLogger, tasks: { threads: 1 } });
  try {
    await services.tasks.start();
    const ids = (services.db.prepare("SELECT id FROM tasks WHERE status IN ('queued', 'running')").all() as Array<{ id: number }>).map((r) => r.id);
    await services.tasks.waitFor(ids);
  } finally {
    await services.close();
  }
}

beforeAll(async () => {
  tmp = tempDir();
  lib = join(tmp.dir, 'lib');
  const files = FACTORS.map((f, e) => {
    const path = join(tmp.dir, `n${e}.fits`);
    writeFileSync(path, starField(128, 128, STARS.map((s, k) => ({ ...s, flux: s.flux * (k === 0 ? f : 1) })), 200, 4, 40 + e));
    return path;
  });
  const services = createServices({ dataDir: lib, logger: silentLogger, tasks: { threads: 1 } });
  try {
    await services.tasks.start();
    const s = await importPaths(services, files, { extract: true });
    await services.tasks.waitFor(s.imported.map((i) => i.taskId!));
  } finally {
    await services.close();
  }
}, 60_000);

afterAll(() => tmp.cleanup());

describe('nightshift targets', () => {
  it('adds a target given in sexagesimal and finds it on the images', async () => {
    const r = await cli('targets', 'add', '--data', lib, '--name', 'V1', '--ra', formatRa(150.1, 3), '--dec', formatDec(2.2, 2), '--tags', 'var,monitor');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^target 1 "V1" at .* on 3 image\(s\)/);
    // the points are not there until the queued photometry runs: the command says how
    expect(r.stdout).toMatch(/^its photometry is queued \(1 task\(s\)\): `nightshift tasks run` measures it now/m);
  });

  it('adds a target in degrees and lists both, as a table and as JSON', async () => {
    expect((await cli('targets', 'add', '--data', lib, '--name', 'Far', '--ra', '10.5', '--dec', '-30.25')).stdout).toContain('on 0 image(s)');
    const table = await cli('targets', 'list', '--data', lib);
    expect(table.stdout.split('\n')[0]).toMatch(/ID\s+NAME\s+RA\s+DEC\s+IMAGES\s+TAGS/);
    expect(table.stdout).toMatch(/V1 .* 3 {2}var,monitor/);
    const json = JSON.parse((await cli('targets', 'list', '--data', lib, '--json')).stdout) as Array<{ name: string; ra: number; dec: number }>;
    expect(json.map((t) => t.name)).toEqual(['Far', 'V1']);
    expect(json[0]).toMatchObject({ ra: 10.5, dec: -30.25 });
    expect(json[1]!.ra).toBeCloseTo(150.1, 5);
  });

  it('refuses a bad position or a duplicate name with one line and exit 2', async () => {
    const bad = await cli('targets', 'add', '--data', lib, '--name', 'X', '--ra', '25:00:00', '--dec', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^nightshift: /);
    const dup = await cli('targets', 'add', '--data', lib, '--name', 'v1', '--ra', '1', '--dec', '1');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/already a name/);
  });

  it('exports TOM Toolkit CSV and imports it into another library', async () => {
    const out = join(tmp.dir, 'targets.csv');
    const r = await cli('targets', 'export', '--data', lib, '--out', out);
    expect(r.code).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[0]!.slice(0, 6)).toEqual(['name', 'type', 'created', 'modified', 'ra', 'dec']);
    expect(rows.slice(1).map((x) => x[0])).toEqual(['Far', 'V1']);
    const stdout = await cli('targets', 'export', '--data', lib);
    expect(stdout.stdout).toBe(readFileSync(out, 'utf8'));

    const other = join(tmp.dir, 'other');
    const imp = await cli('targets', 'import', '--data', other, out);
    expect(imp.stdout).toBe('2 created, 0 updated, 0 rejected\n');
    const again = await cli('targets', 'import', '--data', other, out);
    expect(again.stdout).toBe('0 created, 0 updated, 2 rejected\n');
    expect(again.stderr).toMatch(/line 2: .*already exists/);
    const listed = JSON.parse((await cli('targets', 'list', '--data', other, '--json')).stdout) as Array<{ name: string; tags: string[] }>;
    expect(listed.find((t) => t.name === 'V1')!.tags).toEqual(['var', 'monitor']);
    expect((await cli('targets', 'import', '--data', other, join(tmp.dir, 'missing.csv'))).code).toBe(2);
  });
});

describe('nightshift lightcurve', () => {
  it('prints the light curve with its columns once the queued photometry has run', async () => {
    const empty = await cli('lightcurve', 'V1', '--data', lib);
    expect(empty.stdout.split('\n')[0]).toMatch(/^mjd,mag,mag_err,flux,flux_err,filter,product/);
    expect(empty.stderr).toContain('no light-curve points yet');
    await runQueued();
    const r = await cli('lightcurve', 'V1', '--data', lib);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    const head = rows[0]!;
    expect(head.slice(0, 7)).toEqual(['mjd', 'mag', 'mag_err', 'flux', 'flux_err', 'filter', 'product']);
    expect(rows).toHaveLength(1 + FACTORS.length);
    const col = (name: string) => rows.slice(1).map((x) => x[head.indexOf(name)]!);
    expect(col('product')).toEqual(['n0.fits', 'n1.fits', 'n2.fits']);
    expect(col('filter')).toEqual(['R', 'R', 'R']);
    const flux = col('flux').map(Number);
    expect(flux[1]! / flux[0]!).toBeCloseTo(FACTORS[1]!, 1);
    expect(flux[2]! / flux[0]!).toBeCloseTo(FACTORS[2]!, 1);
    expect(col('mag_err').every((v) => Number(v) > 0)).toBe(true);
  });

  it('prints JSON records and TOM photometry; an unknown target is one line, exit 2', async () => {
    const json = JSON.parse((await cli('lightcurve', 'v1', '--data', lib, '--format', 'json')).stdout) as Array<Record<string, unknown>>;
    expect(json).toHaveLength(FACTORS.length);
    expect(Object.keys(json[0]!).slice(0, 7)).toEqual(['mjd', 'mag', 'mag_err', 'flux', 'flux_err', 'filter', 'product']);
    const tom = parseCsv((await cli('lightcurve', '1', '--data', lib, '--format', 'tom')).stdout);
    expect(tom[0]).toEqual(['time', 'filter', 'magnitude', 'error', 'limit']);
    expect(tom).toHaveLength(1 + FACTORS.length);
    const missing = await cli('lightcurve', 'Nope', '--data', lib);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('nightshift: no target "Nope"\n');
    expect((await cli('lightcurve', 'V1', '--data', lib, '--format', 'xml')).code).not.toBe(0);
  });

  it('ends its lines with LF but keeps a CR LF inside a quoted cell (a file name, a filter)', async () => {
    const db = openDb(dataPaths(lib).db);
    try {
      db.prepare("UPDATE data_products SET name = 'n\r\n1.fits' WHERE name = 'n1.fits'").run();
      db.prepare("UPDATE photometry SET filter = 'R\r\nwide' WHERE product_id = (SELECT id FROM data_products WHERE name = 'n\r\n1.fits')").run();
    } finally {
      db.close();
    }
    try {
      const csv = (await cli('lightcurve', 'V1', '--data', lib)).stdout;
      const rows = parseCsv(csv);
      const col = (name: string) => rows.slice(1).map((x) => x[rows[0]!.indexOf(name)]!);
      expect(col('product')).toEqual(['n0.fits', 'n\r\n1.fits', 'n2.fits']);
      expect(col('filter')).toEqual(['R', 'R\r\nwide', 'R']);
      // Every other line end is a bare LF: the two CRs are the two in the cells.
      expect(csv.match(/\r/g)).toHaveLength(2);
      expect(csv.endsWith('\n') && !csv.endsWith('\r\n')).toBe(true);
      const tom = (await cli('lightcurve', 'V1', '--data', lib, '--format', 'tom')).stdout;
      expect(parseCsv(tom).map((r) => r[1])).toEqual(['filter', 'R', 'R\r\nwide', 'R']);
      expect(tom.match(/\r/g)).toHaveLength(1);
    } finally {
      const undo = openDb(dataPaths(lib).db);
      undo.prepare("UPDATE data_products SET name = 'n1.fits' WHERE name = 'n\r\n1.fits'").run();
      undo.prepare("UPDATE photometry SET filter = 'R' WHERE filter = 'R\r\nwide'").run();
      undo.close();
    }
  });
});
