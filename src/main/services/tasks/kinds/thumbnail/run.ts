import { fitsTaskError } from '../../../extract/fits-task-error.js';
import { renderThumbnail } from './render.js';
import { TaskError } from '../../../../../shared/task-error.js';
import { defineWorkerKind } from '../worker-types.js';
import { thumbnailInputSchema } from './schema.js';

/**
 * `thumbnail`: renders a product's PNG thumbnail on a pool thread (the app and host ask for it
 * through their thumbnail pool, so that decoding, and inflating a `.fits.gz`, never runs on
 * their main thread). Not a task of the task table: nothing is recorded, and it never goes
 * through the broker, so its file is always a path on this machine.
 */
export const thumbnailWorker = defineWorkerKind({
  name: 'thumbnail',
  input: thumbnailInputSchema,
  run(input): { out: string } {
    try {
      renderThumbnail(input.path, input.out, { maxDataBytes: input.maxImageMb === undefined ? undefined : input.maxImageMb * 2 ** 20 });
    } catch (err) {
      // as extract and solve: `bad_image` for the stored file itself, `fits_error` for the Largest image setting
      const failure = fitsTaskError(err, `${input.path}: `);
      if (failure) throw new TaskError(failure.code, `${input.path}: ${failure.message}`);
      throw err;
    }
    return { out: input.out };
  },
});
