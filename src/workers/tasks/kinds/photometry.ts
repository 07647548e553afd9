import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { runTargetPhotometry, type TargetPhotometryInput, type TargetPhotometryOutput } from '../../../core/photometry/index.js';
import { TaskError } from '../errors.js';
import { defineWorkerKind } from './types.js';

const deg = z.number();
const pair = z.tuple([z.number().positive(), z.number().positive()]);

/** The job input: the target, its images (paths on this machine), the reference catalogue, choices, settings. */
export const photometryInputSchema = z
  .object({
    target: z
      .object({ ra: deg, dec: deg, epoch: z.number(), pmRa: z.number().nullable(), pmDec: z.number().nullable() })
      .strict(),
    images: z
      .array(
        z
          .object({
            productId: z.number().int().positive(),
            path: z.string().min(1).max(4096),
            hdu: z.number().int().min(0).max(999).nullable(),
            fwhm: z.number().positive().nullable(),
            detected: z.boolean().nullable().optional(),
          })
          .strict(),
      )
      .max(100_000),
    reference: z
      .object({
        stars: z.array(
          z
            .object({
              x: z.number(),
              y: z.number(),
              ra: deg,
              dec: deg,
              flux: z.number(),
              peak: z.number().nullable(),
              background: z.number().nullable(),
              flags: z.number().int(),
            })
            .strict(),
        ),
        width: z.number().int().min(0),
        height: z.number().int().min(0),
      })
      .strict(),
    choices: z.array(z.object({ ra: deg, dec: deg, choice: z.enum(['include', 'exclude']) }).strict()).optional(),
    settings: z
      .object({
        apertureFwhm: z.number().positive().optional(),
        annulusFwhm: pair.optional(),
        aperturePx: z.number().positive().nullable().optional(),
        annulusPx: pair.nullable().optional(),
        defaultFwhm: z.number().positive().optional(),
        maxComparisons: z.number().int().positive().optional(),
        minSnr: z.number().positive().optional(),
        maxReducedChi2: z.number().positive().optional(),
        site: z.object({ latitude: z.number(), longitude: z.number(), height: z.number() }).strict().nullable().optional(),
        saturate: z.number().nullable().optional(),
        gain: z.number().positive().optional(),
        gains: z.record(z.string(), z.number().positive()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * `photometry`: forced and differential photometry of one target on all its images (files
 * read from this machine's disk: a remote broker worker needs a shared filesystem). A file that
 * is missing fails the whole task rather than dropping that image's point.
 */
export const photometryKind = defineWorkerKind({
  name: 'photometry',
  input: photometryInputSchema,
  run(input, ctx): TargetPhotometryOutput {
    ctx.progress(0, 'reading');
    for (const im of input.images) {
      try {
        if (!statSync(im.path).isFile()) throw new Error('not a file');
      } catch (err) {
        throw new TaskError('not_found', `cannot read ${im.path} (photometry reads the library's files; a remote worker needs a shared filesystem): ${(err as Error).message}`);
      }
    }
    let done = 0;
    const n = Math.max(1, input.images.length);
    const out = runTargetPhotometry(input as TargetPhotometryInput, (path) => {
      ctx.progress(Math.min(0.9, (0.9 * done++) / n), 'measuring');
      return new Uint8Array(readFileSync(path));
    });
    ctx.progress(1, 'done');
    return out;
  },
});
