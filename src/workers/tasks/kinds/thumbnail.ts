import { z } from 'zod';
import { FitsError } from '../../../core/fits/index.js';
import { renderThumbnail } from '../../thumbnail/render.js';
import { TaskError } from '../errors.js';
import { defineWorkerKind } from './types.js';

/**
 * `thumbnail`: renders a product's PNG thumbnail on a pool thread (the app and host ask for it
 * through their thumbnail pool, so that decoding, and inflating a `.fits.gz`, never runs on
 * their main thread). Not a task of the task table: nothing is recorded.
 */
export const thumbnailKind = defineWorkerKind({
  name: 'thumbnail',
  input: z
    .object({
      path: z.string().min(1),
      out: z.string().min(1),
      /** The largest image read, in MiB (2**20 bytes); default: what `openFits` reads. */
      maxImageMb: z.number().positive().max(4000).optional(),
    })
    .strict(),
  run(input): { out: string } {
    try {
      renderThumbnail(input.path, input.out, { maxDataBytes: input.maxImageMb === undefined ? undefined : input.maxImageMb * 2 ** 20 });
    } catch (err) {
      if (err instanceof FitsError) throw new TaskError('fits_error', `${input.path}: ${err.message} [${err.code}]`);
      throw err;
    }
    return { out: input.out };
  },
});
