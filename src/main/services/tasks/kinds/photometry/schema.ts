/**
 * The `photometry` kind's data, as both halves see it: the payload stored in the task row, the
 * worker's input (the target, its images, the reference catalogue) and its output (the light
 * curve and the comparison stars). Worker-safe: no database, no service.
 */
import { z } from 'zod';
import type { FileRef } from '../../file-ref.js';

export const photometryPayloadSchema = z.object({ targetId: z.number().int().positive() }).strict();
export type PhotometryPayload = z.infer<typeof photometryPayloadSchema>;

const deg = z.number();
const pair = z.tuple([z.number().positive(), z.number().positive()]);

/**
 * The job input: the target, its images (paths in the library, with their size and hash when
 * the app sends them, so that a worker without the library's disk can be sent their bytes), the
 * reference catalogue, choices, settings.
 */
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
            /** Bytes and SHA-256 (hex) of the file: with `path`, the image's file reference. */
            size: z.number().int().min(0).optional(),
            sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
            hdu: z.number().int().min(0).max(999).nullable(),
            fwhm: z.number().positive().nullable(),
            detected: z.boolean().nullable().optional(),
            /** WCS cards of the image's plate solution, laid over its header (the file is not rewritten). */
            wcs: z.record(z.string().max(8), z.union([z.string().max(68), z.number()])).optional(),
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

/** The input as the worker half receives it. */
export type PhotometryInput = z.output<typeof photometryInputSchema>;


/** An image's file reference, when the input carries its size and hash (the app sends them; older inputs name the path only). */
export function imageFile(im: PhotometryInput['images'][number]): FileRef | null {
  return im.size === undefined || im.sha256 === undefined ? null : { path: im.path, size: im.size, sha256: im.sha256 };
}

const n = z.number().nullable();
/** The result the `photometry` task accepts from a worker: every number finite (z.number() refuses NaN and ±Infinity) or null. */
export const photometryOutputSchema = z.object({
  rows: z.array(
    z
      .object({
        productId: z.number().int(),
        mjd: z.number(),
        bjdTdb: n,
        exptime: n,
        filter: z.string().nullable(),
        airmass: n,
        x: z.number(),
        y: z.number(),
        flux: n,
        fluxErr: n,
        instMag: n,
        instMagErr: n,
        relFlux: n,
        relFluxErr: n,
        mag: n,
        magErr: n,
        // Absent from workers older than migration 0005.
        magLimit: n.optional(),
        sky: n,
        fwhm: n,
        aperture: z.number(),
        annulus: z.tuple([z.number(), z.number()]),
        nComparisons: z.number().int(),
        flags: z.number().int(),
      })
      .passthrough(),
  ),
  comparisons: z.array(
    z
      .object({
        ra: z.number(),
        dec: z.number(),
        flux: n,
        verdict: z.enum(['selected', 'missing', 'faint', 'variable', 'surplus', 'candidate']),
        reducedChi2: n,
        imagesUsed: n.optional(),
        choice: z.enum(['auto', 'include', 'exclude']),
      })
      .passthrough(),
  ),
  failures: z.array(z.object({ productId: z.number().int(), code: z.string(), message: z.string() }).passthrough()),
});
