import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFits } from '../../../../../src/core/fits/index.js';
import { thumbnailWorker } from '../../../../../src/main/services/tasks/kinds/thumbnail/run.js';
import { thumbnailInputSchema } from '../../../../../src/main/services/tasks/kinds/thumbnail/schema.js';
import { TaskError, retryCannotHelp } from '../../../../../src/shared/task-error.js';
import { starFits } from '../../../../helpers/star-fits.js';
import { tempDir } from '../../../../helpers/tmp.js';

/**
 * The thumbnail task maps FITS failures as the extract and solve tasks do: `bad_image` for the
 * stored file itself (no Retry can help), `fits_error` for the Largest image setting.
 */
const { dir, cleanup } = tempDir();
afterAll(cleanup);

function failure(name: string, bytes: Uint8Array, maxImageMb?: number): TaskError {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const input = thumbnailInputSchema.parse({ path, out: join(dir, `${name}.png`), maxImageMb });
  try {
    thumbnailWorker.run(input, { progress: () => {}, file: (ref) => ref.path });
  } catch (err) {
    if (err instanceof TaskError) return err;
    throw err;
  }
  throw new Error(`${name} was drawn`);
}

describe('a thumbnail that cannot be drawn', () => {
  it('fails with bad_image for a truncated file, naming the file and the reason', () => {
    const whole = starFits({ seed: 1 });
    const err = failure('cut.fits', whole.subarray(0, whole.length - 5000));
    expect(err.code).toBe('bad_image');
    expect(err.message).toMatch(/cut\.fits: truncated: /);
    expect(retryCannotHelp(err)).not.toBeNull();
  });

  it('fails with bad_image for a file that is not FITS', () => {
    const err = failure('notes.fits', new TextEncoder().encode('not a FITS file at all'.repeat(200)));
    expect(err.code).toBe('bad_image');
    expect(err.message).toMatch(/not_fits: /);
  });

  it('stays fits_error when the image is over the Largest image setting', () => {
    const err = failure('big.fits', starFits({ seed: 1 }), 0.01);
    expect(err.code).toBe('fits_error');
    expect(err.message).toMatch(/too_large/);
    expect(retryCannotHelp(err)).toBeNull();
  });

  it('draws a good file', () => {
    const path = join(dir, 'ok.fits');
    writeFileSync(path, writeFits([{ data: new Float32Array(64).fill(1), shape: [8, 8] }]));
    expect(thumbnailWorker.run(thumbnailInputSchema.parse({ path, out: join(dir, 'ok.png') }), { progress: () => {}, file: (ref) => ref.path })).toEqual({ out: join(dir, 'ok.png') });
  });
});
