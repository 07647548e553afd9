import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFits } from '../../../../../src/core/fits/index.js';
import { extractWorker } from '../../../../../src/main/services/tasks/kinds/extract/run.js';
import { extractInputSchema } from '../../../../../src/main/services/tasks/kinds/extract/schema.js';
import { TaskError } from '../../../../../src/shared/task-error.js';
import { starFits } from '../../../../helpers/star-fits.js';
import { tempDir } from '../../../../helpers/tmp.js';

/**
 * An extraction that fails because of the stored file itself (a 1×1 image, a truncated file)
 * fails with `bad_image`, which running it again cannot change; a limit the settings set
 * (Largest image) stays `fits_error`, which a changed setting and a retry can get past.
 */
const { dir, cleanup } = tempDir();
afterAll(cleanup);

function failure(name: string, bytes: Uint8Array, maxImageMb?: number): TaskError {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const input = extractInputSchema.parse({ file: { path, size: bytes.length, sha256: '0'.repeat(64) }, maxImageMb });
  try {
    extractWorker.run(input, { progress: () => {}, file: (ref) => ref.path });
  } catch (err) {
    if (err instanceof TaskError) return err;
    throw err;
  }
  throw new Error(`${name} was extracted`);
}

describe('an extraction that cannot succeed however often it is run', () => {
  it('fails with bad_image for a 1×1 image, saying it is too small', () => {
    const err = failure('blank.fits', writeFits([{ data: new Float32Array([0]), shape: [1, 1] }]));
    expect(err.code).toBe('bad_image');
    expect(err.message).toBe('HDU 0 is 1×1 px, too small to extract sources from (at least 2×2)');
    expect(err.retryable).toBe(false);
  });

  it('fails with bad_image for a truncated file', () => {
    const whole = starFits({ seed: 1 });
    const err = failure('cut.fits', whole.subarray(0, whole.length - 5000));
    expect(err.code).toBe('bad_image');
    expect(err.message).toMatch(/^truncated: /);
  });

  it('stays fits_error when the image is over the Largest image setting (a retry after raising it works)', () => {
    const err = failure('big.fits', starFits({ seed: 1 }), 0.01);
    expect(err.code).toBe('fits_error');
    expect(err.message).toMatch(/too_large/);
  });
});
