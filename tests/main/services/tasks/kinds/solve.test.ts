/**
 * The `solve` kind's worker half on its own: a synthetic image of the fixture catalogue with
 * only OBJCTRA/OBJCTDEC and FOCALLEN/XPIXSZ in its header is solved against the fixture index
 * (the solution agrees with the WCS the image was made with), with progress reported; pure
 * noise and an image no index fits give no solution and a clear reason, never a false one.
 */
import { statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWcs, headerFromRecord } from '../../../../../src/core/wcs/index.js';
import { listIndexes } from '../../../../../src/main/services/solve/index-files.js';
import { solveWorker } from '../../../../../src/main/services/tasks/kinds/solve/run.js';
import { solveOutputSchema, type SolveInput, type SolveOutput } from '../../../../../src/main/services/tasks/kinds/solve/schema.js';
import { truePixel } from '../../../../core/solve/synth-field.js';
import { tempDir } from '../../../../helpers/tmp.js';
import { FIELD, indexFolder, writeNoise, writeUnsolvedField } from '../../../../helpers/unsolved-field.js';

const tmp = tempDir('ns-solve-kind-');
afterAll(() => tmp.cleanup());
const indexDir = indexFolder(join(tmp.dir, 'index'));

const ref = (path: string) => ({ path, size: statSync(path).size, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') });

function input(image: string, dirs = [indexDir]): SolveInput {
  const all = listIndexes(dirs, { missing: 'skip' });
  return {
    image: ref(image),
    indexes: all.map((ix) => ({ file: ref(ix.path), id: ix.id, dimquads: ix.dimquads, scaleLow: ix.scaleLow, scaleHigh: ix.scaleHigh })),
    indexesFound: all.length,
    indexDirs: dirs,
    timeLimitMs: 30_000,
  };
}

async function run(i: SolveInput, stages: string[] = []): Promise<SolveOutput> {
  const parsed = solveWorker.input.parse(i);
  const out = await solveWorker.run(parsed, { progress: (_f, stage) => stages.push(stage), file: (r) => r.path });
  // what the main side checks before storing it
  return solveOutputSchema.parse(out);
}

describe('solve worker', () => {
  it('solves an image whose header has only the pointing and the optics, and the WCS places the stars where they were drawn', async () => {
    const { path } = writeUnsolvedField(join(tmp.dir, 'field.fits'));
    const stages: string[] = [];
    const out = await run(input(path), stages);
    expect(out.solved).toBe(true);
    if (!out.solved) return;
    expect(out.scaleArcsec).toBeCloseTo(FIELD.scale, 2);
    expect(out.parity).toBe('normal');
    expect(out.matched).toBeGreaterThanOrEqual(10);
    expect(out.rmsArcsec).toBeLessThan(1);
    expect(out.header.CTYPE1).toMatch(/^RA---TAN/);
    expect(stages).toEqual(expect.arrayContaining(['reading', 'sources', 'solving', 'done']));
    const wcs = parseWcs(headerFromRecord(out.header))!;
    for (const [x, y] of [[10, 10], [590, 20], [300, 250], [20, 480]] as const) {
      const [ra, dec] = wcs.pixToSky(x, y);
      const [px, py] = truePixel(FIELD, ra, dec);
      expect(Math.hypot(px - x, py - y)).toBeLessThan(0.5);
    }
  });

  it('answers pure noise with no solution and says why in one line', async () => {
    const out = await run(input(writeNoise(join(tmp.dir, 'noise.fits'))));
    expect(out).toMatchObject({ solved: false });
    if (out.solved) return;
    expect(['no_sources', 'no_match']).toContain(out.reason);
    expect(out.message).toMatch(/^not solved \(/);
    expect(out.message).not.toContain('\n');
  });

  it('says no index fits when the folders hold none for this scale, and where it looked when they hold none at all', async () => {
    const { path } = writeUnsolvedField(join(tmp.dir, 'field2.fits'));
    const none = await run({ ...input(path), indexes: [] });
    expect(none).toMatchObject({ solved: false, reason: 'no_index' });
    expect(!none.solved && none.message).toMatch(/none of the 1 index files has quads that fit a 600×500 image/);
    const empty = await run(input(path, [join(tmp.dir, 'nowhere')]));
    expect(empty).toMatchObject({ solved: false, reason: 'no_index' });
    expect(!empty.solved && empty.message).toContain(`no index-*.fits files in ${join(tmp.dir, 'nowhere')}`);
  });

  it('refuses an index file whose size is not what the main side saw', async () => {
    const { path } = writeUnsolvedField(join(tmp.dir, 'field3.fits'));
    const i = input(path);
    i.indexes[0]!.file.size += 1;
    await expect(run(i)).rejects.toMatchObject({ code: 'integrity' });
  });
});
