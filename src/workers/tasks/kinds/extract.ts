import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { FitsError, firstImageHdu, openFits, readImage } from '../../../core/fits/index.js';
import { ExtractError, extract, type Source } from '../../../core/extract/index.js';
import { parseWcs } from '../../../core/wcs/index.js';
import { TaskError } from '../errors.js';
import { fileRefSchema } from '../file-ref.js';
import { starField } from '../../extract/warm-up.js';
import { defineWorkerKind } from './types.js';

/** Side of the synthetic star field of the warm-up (pixels). */
const WARM_UP_SIZE = 128;

export const extractInputSchema = z
  .object({
    file: fileRefSchema,
    /** HDU to extract; null = the first image HDU. */
    hdu: z.number().int().min(0).max(999).nullable().default(null),
    options: z
      .object({
        thresh: z.number().positive().max(1000).optional(),
        minarea: z.number().int().min(1).max(10000).optional(),
        apertures: z.array(z.number().positive().max(1000)).min(1).max(16).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type ExtractInput = z.input<typeof extractInputSchema>;

/** One source as stored: the extractor's fields, positions 0-based pixels, RA/Dec degrees. */
export type SourceRecord = Source;

export interface ExtractOutput {
  hdu: number;
  width: number;
  height: number;
  globalBackground: number;
  globalRms: number;
  options: Record<string, unknown>;
  sources: SourceRecord[];
}

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
export const extractKind = defineWorkerKind({
  name: 'extract',
  input: extractInputSchema,
  run(input, ctx): ExtractOutput {
    ctx.progress(0, 'reading');
    let bytes: Uint8Array;
    try {
      const size = statSync(input.file.path).size;
      if (size !== input.file.size) throw new TaskError('integrity', `${input.file.path} has ${size} bytes, expected ${input.file.size}`);
      bytes = readFileSync(input.file.path);
    } catch (err) {
      if (err instanceof TaskError) throw err;
      throw new TaskError('not_found', `cannot read ${input.file.path}: ${(err as Error).message}`);
    }
    try {
      const fits = openFits(bytes);
      const hdu = input.hdu ?? firstImageHdu(fits);
      const image = readImage(fits, hdu, { type: 'float32', inPlace: true });
      if (image.shape.length < 2) throw new TaskError('fits_error', `HDU ${hdu} is not a two-dimensional image`);
      let pixToSky: ((x: number, y: number) => [number, number]) | undefined;
      try {
        const wcs = parseWcs(fits.hdus[hdu]!.header);
        if (wcs) pixToSky = (x, y) => wcs.pixToSky(x, y);
      } catch {
        pixToSky = undefined; // an unreadable WCS leaves RA/Dec empty, the catalog is still useful
      }
      ctx.progress(0.1, 'background');
      const catalog = extract(image.data as Float32Array, image.width, image.height, { ...input.options, inPlace: true }, {
        onProgress: (stage, fraction) => {
          const span = STAGES[stage];
          if (span) ctx.progress(span[0] + (span[1] - span[0]) * fraction, stage);
        },
        pixToSky,
      });
      return {
        hdu,
        width: catalog.width,
        height: catalog.height,
        globalBackground: catalog.globalBackground,
        globalRms: catalog.globalRms,
        options: { ...catalog.options, inPlace: undefined } as Record<string, unknown>,
        sources: catalog.sources,
      };
    } catch (err) {
      if (err instanceof TaskError) throw err;
      if (err instanceof FitsError) throw new TaskError('fits_error', `${err.code}: ${err.message}`);
      if (err instanceof ExtractError) throw new TaskError('extract_error', `${err.code}: ${err.message}`);
      throw err;
    }
  },
  warmUp(): void {
    // a crowded field (many blended stars), with a sky transform, as a real image exercises the stages
    extract(starField(WARM_UP_SIZE, 300), WARM_UP_SIZE, WARM_UP_SIZE, { inPlace: true }, { pixToSky: (x, y) => [x / 3600, y / 3600] });
  },
});
