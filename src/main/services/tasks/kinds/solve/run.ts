import { readFileSync, statSync } from 'node:fs';
import { TaskError } from '../../../../../shared/task-error.js';
import { IndexFilesError, type IndexOnDisk } from '../../../solve/index-files.js';
import { solveImage } from '../../../solve/solve-image.js';
import type { FileRef } from '../../file-ref.js';
import { defineWorkerKind, type WorkerContext } from '../worker-types.js';
import { fitsTaskError } from '../../../extract/fits-task-error.js';
import { type SolveOutput, solveInputSchema } from './schema.js';

/** Where a declared input file is readable here, its size checked against the reference. */
function readable(ctx: WorkerContext, ref: FileRef): string {
  const path = ctx.file(ref);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new TaskError('not_found', `cannot read ${path}: ${(err as Error).message}`);
  }
  if (size !== ref.size) throw new TaskError('integrity', `${path} has ${size} bytes, expected ${ref.size}`);
  return path;
}

/**
 * `solve`: a FITS image and astrometry.net index files → the image's WCS (services/solve's
 * `solveImage`: our extractor's sources, the header's hints, core/solve's search within the time
 * limit), or why there is none (`solved: false`: no sources, no index for this scale, no match
 * within the time limit). Unreadable images and index files are errors (TaskError). A cancelled
 * task's thread is terminated by the pool (the search is synchronous).
 */
export const solveWorker = defineWorkerKind({
  name: 'solve',
  input: solveInputSchema,
  run(input, ctx): SolveOutput {
    ctx.progress(0, 'reading');
    const path = readable(ctx, input.image);
    const where = new Map<string, string>();
    for (const ix of input.indexes) where.set(ix.file.path, readable(ctx, ix.file));
    const indexes: IndexOnDisk[] = input.indexes.map((ix) => ({ path: ix.file.path, id: ix.id, dimquads: ix.dimquads, scaleLow: ix.scaleLow, scaleHigh: ix.scaleHigh }));
    try {
      const { result } = solveImage(new Uint8Array(readFileSync(path)), {
        indexes,
        indexesFound: input.indexesFound,
        indexDirs: input.indexDirs,
        indexPath: (ix) => where.get(ix.path) ?? ix.path,
        hints: input.hints,
        timeLimitMs: input.timeLimitMs,
        hdu: input.hdu,
        maxDataBytes: input.maxImageMb === undefined ? undefined : input.maxImageMb * 2 ** 20,
        onProgress: (fraction, stage) => ctx.progress(fraction, stage),
      });
      return result;
    } catch (err) {
      if (err instanceof IndexFilesError) throw new TaskError('bad_index', err.message);
      throw fitsTaskError(err, 'image: ') ?? err;
    }
  },
});
