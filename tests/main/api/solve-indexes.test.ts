/** `solve:indexes`: the index files of the settings' folders and the field sizes they cover, for the Settings page. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../src/main/api/dispatch.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import type { Services } from '../../../src/main/services/services.js';
import { testServices } from '../../helpers/services.js';
import { indexFolder } from '../../helpers/unsolved-field.js';

let dispatch: Dispatch;
let services: Services;
let dir: string;
let done: () => Promise<void>;

beforeAll(() => {
  const t = testServices();
  ({ services, dir, done } = t);
  dispatch = createDispatch({ services, shell: 'host' }, silentLogger);
});
afterAll(async () => done());

describe('solve:indexes', () => {
  it('lists the index files, the folders that do not exist, and the field widths the set covers', async () => {
    const index = indexFolder(join(dir, 'index'));
    services.settings.set({ solve: { indexDirs: [index, join(dir, 'nowhere')] } });
    const r = await dispatch('solve:indexes', undefined);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.data as { folders: unknown[]; indexes: Array<{ quadLowArcmin: number; quadHighArcmin: number }>; fields: { lowArcmin: number; highArcmin: number }; errors: string[] };
    expect(d.folders).toEqual([{ dir: index, exists: true }, { dir: join(dir, 'nowhere'), exists: false }]);
    expect(d.indexes).toHaveLength(1);
    // the fixture's quads are 4′–5.6′ (scripts/fixtures/solve-make.py): fields of about 4′ to 56′
    expect(d.indexes[0]!.quadLowArcmin).toBeCloseTo(4, 0);
    expect(d.indexes[0]!.quadHighArcmin).toBeCloseTo(5.6, 0);
    expect(d.fields.lowArcmin).toBeCloseTo(d.indexes[0]!.quadLowArcmin, 6);
    expect(d.fields.highArcmin).toBeCloseTo(10 * d.indexes[0]!.quadHighArcmin, 6);
    expect(d.errors).toEqual([]);
  });

  it('names a file that is not an index, and says there is nothing when no folder has one', async () => {
    const bad = join(dir, 'bad');
    indexFolder(bad);
    writeFileSync(join(bad, 'index-zz.fits'), 'SIMPLE  =                    T'.padEnd(2880, ' '));
    services.settings.set({ solve: { indexDirs: [bad] } });
    const r = await dispatch('solve:indexes', undefined);
    expect(r.ok && (r.data as { errors: string[] }).errors[0]).toMatch(/index-zz\.fits: .*\((bad_index|not_index)\)$/);
    services.settings.set({ solve: { indexDirs: [join(dir, 'nowhere')] } });
    const none = await dispatch('solve:indexes', undefined);
    expect(none.ok && none.data).toMatchObject({ indexes: [], fields: null });
  });
});
