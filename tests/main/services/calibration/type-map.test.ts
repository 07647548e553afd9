/**
 * *Settings → Calibration → Frame type words* (`calibration.typeMap`, issue 17): further
 * IMAGETYP/FRAME words name a frame type, any case; the setting is validated; the library reads
 * frame types through it at import, and changing it re-types the products not typed by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { frameTypeOf } from '../../../../src/core/calib/index.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import type { Services } from '../../../../src/main/services/services.js';
import { sectionSchema } from '../../../../src/shared/settings.js';
import { testServices } from '../../../helpers/services.js';
import { tempDir } from '../../../helpers/tmp.js';

const fx = (name: string): string => new URL(`../../../fixtures/calib/${name}`, import.meta.url).pathname;

/** A copy of a fixture flat whose IMAGETYP card says `word` instead (same card length). */
function flatSaying(dir: string, fixture: string, word: string): string {
  const bytes = readFileSync(fx(fixture));
  const card = "IMAGETYP= 'FLAT    '".padEnd(80, ' ');
  const at = bytes.indexOf(card, 0, 'latin1');
  expect(at).toBeGreaterThanOrEqual(0);
  bytes.write(`IMAGETYP= '${word.padEnd(8, ' ')}'`.padEnd(80, ' '), at, 'latin1');
  const path = join(dir, `${fixture.replace('.fits', '')}-${word.replace(/\W/g, '')}.fits`);
  writeFileSync(path, bytes);
  return path;
}

describe('calibration.typeMap, the setting', () => {
  const schema = sectionSchema('calibration');

  it('is none by default, and takes words with a frame type each, any case of type words', () => {
    expect(schema.parse({}).typeMap).toEqual({});
    expect(schema.parse({ typeMap: { Tungsten: 'flat', 'Sky Exposure': 'light' } }).typeMap).toEqual({ Tungsten: 'flat', 'Sky Exposure': 'light' });
  });

  it('refuses a type that is not bias, dark, flat or light, an empty word, and a word twice', () => {
    const bad = (typeMap: unknown): string => {
      const r = schema.safeParse({ typeMap });
      expect(r.success).toBe(false);
      return r.error!.issues[0]!.message;
    };
    expect(bad({ Tungsten: 'lamp' })).toBe('a frame type must be bias, dark, flat or light');
    expect(bad({ '  ': 'flat' })).toBe('a word must not be empty');
    expect(bad({ ['x'.repeat(69)]: 'flat' })).toBe('a word must have at most 68 characters');
    expect(bad({ Sky_Exposure: 'light', 'sky exposure': 'flat' })).toBe('has a word twice (case, spaces, _ and - do not count)');
  });
});

describe('the library reads frame types through calibration.typeMap', () => {
  let services: Services;
  let done: () => Promise<void>;
  const tmp = tempDir();

  beforeAll(() => {
    const t = testServices();
    services = t.services;
    done = t.done;
  });
  afterAll(async () => {
    await done();
    tmp.cleanup();
  });

  it('knows no "Tungsten" of itself', () => {
    expect(frameTypeOf('Tungsten')).toBeNull();
    expect(frameTypeOf('TUNGSTEN', { tungsten: 'flat' })).toBe('flat');
  });

  it('re-types the products not typed by hand when the words change, and types new imports with them', async () => {
    const { imported } = await importPaths(services, [flatSaying(tmp.dir, 'flatR-1.fits', 'Tungsten'), flatSaying(tmp.dir, 'flatR-2.fits', 'Tungsten')], {
      batchId: 'before',
    });
    const [a, b] = imported.map((i) => i.productId) as [number, number];
    expect(services.library.get(a)).toMatchObject({ frameType: null, kind: 'raw' });
    services.calibration.setFrameType(b, 'dark');

    services.settings.set({ calibration: { typeMap: { tungsten: 'flat' } } });
    expect(services.library.get(a)).toMatchObject({ frameType: 'flat', kind: 'raw' });
    expect(services.calibration.holdsBack(a)).toBe(true);
    // a type set by hand is kept
    expect(services.library.get(b)).toMatchObject({ frameType: 'dark' });

    const later = await importPaths(services, [flatSaying(tmp.dir, 'flatR-3.fits', 'TUNGSTEN')], { batchId: 'after' });
    expect(services.library.get(later.imported[0]!.productId)).toMatchObject({ frameType: 'flat' });

    services.settings.set({ calibration: { typeMap: {} } });
    expect(services.library.get(a)).toMatchObject({ frameType: null });
    expect(services.library.get(b)).toMatchObject({ frameType: 'dark' });
  });

  it('plans calibration again when a tolerance or dark scaling changes, and not for other settings', () => {
    const plan = vi.spyOn(services.calibration, 'plan');
    services.settings.set({ calibration: { temperatureTolerance: 4 } });
    expect(plan).toHaveBeenCalledTimes(1);
    services.settings.set({ calibration: { darkScaling: true } });
    expect(plan).toHaveBeenCalledTimes(2);
    services.settings.set({ extraction: { thresh: 3 } });
    services.settings.set({ calibration: { darkScaling: true } });
    expect(plan).toHaveBeenCalledTimes(2);
    plan.mockRestore();
  });
});
