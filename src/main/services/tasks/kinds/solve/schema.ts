/**
 * The `solve` kind's data, as both halves see it: the payload stored in the task row (a data
 * product), the worker's input (the image and the index files it may read, by file reference,
 * with the hints and the time limit) and its output (the solution, or why there is none).
 * Worker-safe: no database, no service.
 */
import { z } from 'zod';
import { fileRefSchema } from '../../file-ref.js';

export const solvePayloadSchema = z.object({ productId: z.number().int().positive() }).strict();
export type SolvePayload = z.infer<typeof solvePayloadSchema>;

/** An index file the worker may read: its reference and what its primary header says (radians). */
export const indexInputSchema = z
  .object({
    file: fileRefSchema,
    id: z.number().int(),
    dimquads: z.number().int().min(3).max(5),
    scaleLow: z.number().positive(),
    scaleHigh: z.number().positive(),
  })
  .strict();

export const solveInputSchema = z
  .object({
    image: fileRefSchema,
    /** Image HDU; null = the first image HDU. */
    hdu: z.number().int().min(0).max(999).nullable().default(null),
    /**
     * The index files whose quads can fit the image at the hinted scales (chosen by the main
     * side from the image's size and header; empty: none fits, the answer is `no_index`).
     */
    indexes: z.array(indexInputSchema).max(1000),
    /** How many index files the folders hold and where the main side looked, for the `no_index` message. */
    indexesFound: z.number().int().min(0),
    indexDirs: z.array(z.string().max(4096)).max(64).default([]),
    /** Hints beyond the header's (the header's are read by the worker). Degrees, arcsec/pixel. */
    hints: z
      .object({
        ra: z.number().min(0).lt(360).optional(),
        dec: z.number().min(-90).max(90).optional(),
        radius: z.number().positive().max(180).optional(),
        scaleLow: z.number().positive().optional(),
        scaleHigh: z.number().positive().optional(),
      })
      .strict()
      .default({}),
    /** The solver's time limit, milliseconds (*Settings → Plate solving*). */
    timeLimitMs: z.number().int().positive().max(3_600_000),
    /** The largest image read, MiB. */
    maxImageMb: z.number().positive().max(4000).optional(),
  })
  .strict();
export type SolveInput = z.input<typeof solveInputSchema>;
export type SolveInputValue = z.output<typeof solveInputSchema>;

const common = {
  /** Sources the extractor found (3σ) and the solver could use. */
  sources: z.number().int().min(0),
  indexesRead: z.number().int().min(0),
  seconds: z.number().min(0),
};

/** The worker's output: a solution (degrees, arcsec, WCS cards) or why there is none. */
export const solveOutputSchema = z.discriminatedUnion('solved', [
  z
    .object({
      solved: z.literal(true),
      ra: z.number().min(0).lt(360),
      dec: z.number().min(-90).max(90),
      scaleArcsec: z.number().positive(),
      rotationDeg: z.number().min(-180).max(180),
      parity: z.enum(['normal', 'flipped']),
      matched: z.number().int().min(0),
      rmsArcsec: z.number().min(0),
      indexId: z.number().int(),
      header: z.record(z.string().regex(/^[A-Z0-9_-]{1,8}$/), z.union([z.string().max(68), z.number()])),
      ...common,
    })
    .strict(),
  z
    .object({
      solved: z.literal(false),
      reason: z.enum(['no_sources', 'no_index', 'time_limit', 'no_match']),
      message: z.string().max(1000),
      ...common,
    })
    .strict(),
]);
export type SolveOutput = z.infer<typeof solveOutputSchema>;
