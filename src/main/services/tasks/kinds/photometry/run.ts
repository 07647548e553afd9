import { readFileSync, statSync } from 'node:fs';
import { runTargetPhotometry, type TargetPhotometryInput, type TargetPhotometryOutput } from '../../../../../core/photometry/index.js';
import { TaskError } from '../../../../../shared/task-error.js';
import { defineWorkerKind } from '../worker-types.js';
import { imageFile, photometryInputSchema } from './schema.js';

/**
 * `photometry`: forced and differential photometry of one target on all its images (each read
 * where this machine has it: the library's path, or where a broker worker put the bytes it
 * fetched). A file that is missing fails the whole task rather than dropping that image's point.
 */
export const photometryWorker = defineWorkerKind({
  name: 'photometry',
  input: photometryInputSchema,
  run(input, ctx): TargetPhotometryOutput {
    ctx.progress(0, 'reading');
    /** The library's path of each image → where it is read here. */
    const local = new Map<string, string>();
    for (const im of input.images) {
      const ref = imageFile(im);
      const path = ref ? ctx.file(ref) : im.path;
      try {
        const st = statSync(path);
        if (!st.isFile()) throw new Error('not a file');
        if (ref && st.size !== ref.size) throw new TaskError('integrity', `${path} has ${st.size} bytes, expected ${ref.size}`);
      } catch (err) {
        if (err instanceof TaskError) throw err;
        throw new TaskError('not_found', `cannot read ${path} (image of product ${im.productId}): ${(err as Error).message}`);
      }
      local.set(im.path, path);
    }
    let done = 0;
    const n = Math.max(1, input.images.length);
    const out = runTargetPhotometry(input as TargetPhotometryInput, (path) => {
      ctx.progress(Math.min(0.9, (0.9 * done++) / n), 'measuring');
      return new Uint8Array(readFileSync(local.get(path) ?? path));
    });
    ctx.progress(1, 'done');
    return out;
  },
});
