import { readFileSync, statSync } from 'node:fs';
import { writeFits } from '../../../../../core/fits/index.js';
import { extract } from '../../../../../core/extract/index.js';
import { imageMeta, imageOptions, pixelsOfFits } from '../../../extract/load.js';
import { headerWithWcs } from '../../../solve/wcs-header.js';
import { TaskError } from '../../../../../shared/task-error.js';
import { crowdedField } from '../../../../../core/synth/index.js';
import { defineWorkerKind, type WarmUpLevel, type WorkerContext } from '../worker-types.js';
import { type ExtractInputOptions, type ExtractOutput, extractInputSchema } from './schema.js';
import { toColumns } from './source-columns.js';
import { fitsTaskError } from '../../../extract/fits-task-error.js';

/** The synthetic fields of the warm-ups: side (pixels), stars, and how many fields are extracted. */
const WARM_UPS: Record<WarmUpLevel, { size: number; stars: number; runs: number }> = {
  quick: { size: 128, stars: 300, runs: 1 },
  thorough: { size: 256, stars: 600, runs: 8 },
};

/** Stage → [start, end] of the overall fraction. */
const STAGES: Record<string, [number, number]> = {
  background: [0.1, 0.3],
  detect: [0.3, 0.5],
  deblend: [0.5, 0.7],
  clean: [0.7, 0.75],
  measure: [0.75, 1],
  done: [1, 1],
};

/** `extract`: a FITS image file → its source catalog (with RA/Dec when the header has a WCS). */
export const extractWorker = defineWorkerKind({
  name: 'extract',
  input: extractInputSchema,
  run(input, ctx): ExtractOutput {
    ctx.progress(0, 'reading');
    // the library's path, or where a broker worker put the bytes it fetched
    const path = ctx.file(input.file);
    let bytes: Uint8Array;
    try {
      const size = statSync(path).size;
      if (size !== input.file.size) throw new TaskError('integrity', `${path} has ${size} bytes, expected ${input.file.size}`);
      bytes = readFileSync(path);
    } catch (err) {
      if (err instanceof TaskError) throw err;
      throw new TaskError('not_found', `cannot read ${path}: ${(err as Error).message}`);
    }
    return catalogOfFits(bytes, input.hdu, input.options, ctx, path, input.maxImageMb, input.wcs);
  },
  warmUp(level): void {
    // crowded fields (many blended stars, some on the edges) in FITS files with a TAN WCS, as
    // real images exercise the stages; a thorough warm-up runs enough of them for V8 to
    // optimise the functions called once per image too
    const { size, stars, runs } = WARM_UPS[level];
    for (let k = 1; k <= runs; k++) {
      const bytes = writeFits([{ header: warmUpHeader(size), data: crowdedField(size, stars, k), shape: [size, size] }]);
      catalogOfFits(bytes, null, {}, { progress: () => {}, file: (ref) => ref.path });
    }
  },
});

/** A TAN WCS (0.36″ pixels, north up) and the keywords the extractor reads, for a warm-up field. */
function warmUpHeader(size: number): Record<string, string | number> {
  const s = 1e-4;
  return { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRVAL1: 150.1, CRVAL2: 2.2, CRPIX1: size / 2 + 0.5, CRPIX2: size / 2 + 0.5, CD1_1: -s, CD1_2: 0, CD2_1: 0, CD2_2: s, SATURATE: 60000, GAIN: 1.5 };
}

/**
 * The catalog of image HDU `hduIndex` (null: the first) of the FITS file in `bytes` (decoded in
 * place), with `wcs` (a plate solution's cards) in place of the file's WCS when given, read as
 * `nightshift extract` reads it (load.ts: the same pixels, the header's
 * SATURATE and GAIN, the same WCS), so the stored catalog is the one the command line prints.
 */
function catalogOfFits(
  bytes: Uint8Array,
  hduIndex: number | null,
  options: ExtractInputOptions,
  ctx: WorkerContext,
  path = 'image',
  maxImageMb?: number,
  wcs?: Record<string, string | number>,
): ExtractOutput {
  try {
    const image = pixelsOfFits(bytes, hduIndex ?? undefined, path, { maxDataBytes: maxImageMb === undefined ? undefined : maxImageMb * 2 ** 20 });
    // a plate solution's WCS replaces the file's (the file is not rewritten)
    const meta = imageMeta(path, wcs ? headerWithWcs(image.header, wcs) : image.header);
    ctx.progress(0.1, 'background');
    const catalog = extract(image.image, image.width, image.height, imageOptions(options, meta), {
      onProgress: (stage, fraction) => {
        const span = STAGES[stage];
        if (span) ctx.progress(span[0] + (span[1] - span[0]) * fraction, stage);
      },
      // an unusable WCS leaves RA/Dec empty (meta.wcsError), the catalog is still useful
      pixToSky: meta.pixToSky,
      pixToSkyMany: meta.pixToSkyMany,
    });
    return {
      hdu: image.hdu,
      width: catalog.width,
      height: catalog.height,
      globalBackground: catalog.globalBackground,
      globalRms: catalog.globalRms,
      options: { ...catalog.options, inPlace: undefined } as Record<string, unknown>,
      sources: toColumns(catalog.sources),
    };
  } catch (err) {
    if (err instanceof TaskError) throw err;
    // the task names its product: the message need not name the library's file
    throw fitsTaskError(err, `${path}: `) ?? err;
  }
}
