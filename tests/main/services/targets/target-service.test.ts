import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors.js';
import type { TargetService } from '../../../../src/main/services/targets/index.js';
import { parseCsv } from '../../../../src/main/services/targets/index.js';
import { testServices } from '../../../helpers/services.js';
import type { Services } from '../../../../src/main/services/services.js';
import { targetService } from './helpers.js';

let services: Services;
let done: () => Promise<void>;
let targets: TargetService;

beforeAll(() => {
  ({ services, done } = testServices());
  targets = targetService(services);
});
afterAll(async () => {
  await done();
});

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
  return undefined;
};

describe('TargetService: create, edit, delete', () => {
  it('creates from sexagesimal or decimal coordinates with aliases and tags', () => {
    const t = targets.create({ name: 'COSMOS-1', ra: '10:00:28.0', dec: '+02:12:21', aliases: ['C1', 'cosmos one'], tags: ['lc', 'priority'] });
    expect(t.ra).toBeCloseTo(150.11666667, 7);
    expect(t.dec).toBeCloseTo(2.20583333, 7);
    expect(t).toMatchObject({ name: 'COSMOS-1', aliases: ['C1', 'cosmos one'], tags: ['lc', 'priority'], epoch: 2000, type: 'sidereal' });
    const d = targets.create({ name: 'Decimal', ra: 150.2, dec: -2.5, pmRa: 10, pmDec: -5, epoch: 2016 });
    expect(d).toMatchObject({ ra: 150.2, dec: -2.5, pmRa: 10, pmDec: -5, epoch: 2016 });
    expect(targets.get('c1').id).toBe(t.id);
    expect(targets.get('COSMOS ONE').id).toBe(t.id);
    expect(targets.withTag('LC').map((x) => x.name)).toEqual(['COSMOS-1']);
  });
  it('keeps names and aliases unique across targets, case-insensitively', () => {
    expect(code(() => targets.create({ name: 'cosmos-1', ra: 1, dec: 1 }))).toBe('conflict');
    expect(code(() => targets.create({ name: 'Other', ra: 1, dec: 1, aliases: ['c1'] }))).toBe('conflict');
    expect(code(() => targets.create({ name: 'C1', ra: 1, dec: 1 }))).toBe('conflict');
    expect(code(() => targets.create({ name: 'Self', ra: 1, dec: 1, aliases: ['self'] }))).toBe('conflict');
    expect(code(() => targets.create({ name: ' ', ra: 1, dec: 1 }))).toBe('invalid_argument');
    expect(code(() => targets.create({ name: 'Bad', ra: '25:00:00', dec: 1 }))).toBe('invalid_argument');
    expect(code(() => targets.create({ name: 'Bad', ra: 1, dec: '+95' }))).toBe('invalid_argument');
  });
  it('edits and deletes', () => {
    const t = targets.get('Decimal');
    const u = targets.update(t.id, { name: 'Renamed', dec: '-02:30:00', notes: 'hello', tags: ['x'] });
    expect(u).toMatchObject({ name: 'Renamed', dec: -2.5, notes: 'hello', tags: ['x'], pmRa: 10 });
    expect(code(() => targets.update(t.id, { name: 'C1' }))).toBe('conflict');
    targets.delete(t.id);
    expect(code(() => targets.get(t.id))).toBe('not_found');
    expect(code(() => targets.delete(t.id))).toBe('not_found');
  });
});

describe('TOM Toolkit target CSV', () => {
  it('exports the TOM layout and imports it back', () => {
    const csv = targets.exportCsv();
    const rows = parseCsv(csv);
    expect(rows[0]!.slice(0, 10)).toEqual(['name', 'type', 'created', 'modified', 'ra', 'dec', 'epoch', 'parallax', 'pm_ra', 'pm_dec']);
    expect(rows[0]).toContain('name2');
    expect(rows[0]).toContain('name3');
    const row = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
    expect(row).toMatchObject({ name: 'COSMOS-1', type: 'SIDEREAL', name2: 'C1', name3: 'cosmos one', tags: 'lc,priority' });
    expect(Number(row.ra)).toBeCloseTo(150.11666667, 7);

    const again = testServices();
    try {
      const other = targetService(again.services);
      const report = other.importCsv(csv);
      expect(report).toMatchObject({ errors: [], updated: [] });
      expect(report.created).toHaveLength(1);
      const t = other.get('COSMOS-1');
      expect(t.aliases).toEqual(['C1', 'cosmos one']);
      expect(t.tags).toEqual(['lc', 'priority']);
      expect(t.ra).toBe(targets.get("COSMOS-1").ra);
      // Same file again: reported as existing, or updated when asked.
      expect(other.importCsv(csv).errors[0]).toMatch(/line 2: .*already exists/);
      expect(other.importCsv(csv, { update: true }).updated).toEqual([t.id]);
    } finally {
      void again.done();
    }
  });
  it('imports a hand-made TOM CSV with sexagesimal positions and reports bad lines', () => {
    const csv = [
      'name,type,ra,dec,epoch,pm_ra,pm_dec,groups,name2,name3',
      'SN 2026abc,SIDEREAL,13:29:52.7,+47:11:43,2000,,,"g1,g2",ZTF26aaaaaa,',
      'Barnard,SIDEREAL,269.44850252,4.73942005,2016,-801.551,10362.394,,,',
      'Broken,SIDEREAL,xx,1,,,,,,',
      'Comet,NON_SIDEREAL,,,,,,,,',
    ].join('\n');
    const r = targets.importCsv(csv);
    expect(r.created).toHaveLength(2);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatch(/^line 4:/);
    expect(r.errors[1]).toMatch(/^line 5: non-sidereal/);
    expect(targets.get('ZTF26aaaaaa').name).toBe('SN 2026abc');
    expect(targets.get('Barnard')).toMatchObject({ epoch: 2016, pmRa: -801.551, pmDec: 10362.394 });
    expect(code(() => targets.importCsv('foo,bar\n1,2'))).toBe('invalid_argument');
  });
});
