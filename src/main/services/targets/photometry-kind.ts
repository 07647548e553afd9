/**
 * The `photometry` task kind, service half: for one target, build the job input from the
 * library (photometryInput), let a worker run `runTargetPhotometry` (core, pure), and store
 * the result idempotently (storePhotometry). To register: add `photometryKind` to
 * src/main/services/tasks/kinds/index.ts and the worker half (`photometryWorkerKind` below, a
 * thin wrapper of core code) to src/workers/tasks/kinds/index.ts. Local pool only: the job
 * reads several files by path, which the broker's single FileRef does not carry yet.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { runTargetPhotometry, type TargetPhotometryInput, type TargetPhotometryOutput } from '../../../core/photometry/index.js';
import { TaskError } from '../../../workers/tasks/errors.js';
import { defineWorkerKind } from '../../../workers/tasks/kinds/types.js';
import { isoNow } from '../clock.js';
import { defineKind } from '../tasks/kinds/types.js';
import { photometryInput, storePhotometry } from './photometry-store.js';
import { targetRow } from './target-rows.js';

export const photometryPayloadSchema = z
  .object({
    targetId: z.number().int().positive(),
    /** Overrides of the photometry settings (radii in pixels or FWHM multiples). */
    options: z
      .object({
        apertureFwhm: z.number().positive().max(50).optional(),
        annulusFwhm: z.tuple([z.number().positive(), z.number().positive()]).optional(),
        aperturePx: z.number().positive().max(1000).nullable().optional(),
        annulusPx: z.tuple([z.number().positive(), z.number().positive()]).nullable().optional(),
        maxComparisons: z.number().int().min(1).max(100).optional(),
        minSnr: z.number().min(0).max(1e6).optional(),
        maxReducedChi2: z.number().positive().max(1e6).optional(),
        site: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(360), height: z.number() }).nullable().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PhotometryPayload = z.infer<typeof photometryPayloadSchema>;

const num = z.number().nullable();
const rowSchema = z
  .object({
    productId: z.number().int(),
    mjd: z.number(),
    bjdTdb: z.number(),
    exptime: z.number(),
    filter: z.string().nullable(),
    airmass: num,
    x: z.number(),
    y: z.number(),
    flux: z.number(),
    fluxErr: z.number(),
    instMag: num,
    instMagErr: num,
    relFlux: num,
    relFluxErr: num,
    mag: num,
    magErr: num,
    sky: z.number(),
    fwhm: z.number(),
    aperture: z.number(),
    annulus: z.tuple([z.number(), z.number()]),
    nComparisons: z.number().int(),
    flags: z.number().int(),
  })
  .strict();
/** The worker's result as it crosses back (validated before storing). */
export const photometryOutputSchema = z
  .object({
    rows: z.array(rowSchema),
    comparisons: z.array(
      z
        .object({
          ra: z.number(),
          dec: z.number(),
          flux: z.number().nullable(),
          verdict: z.enum(['selected', 'missing', 'faint', 'variable', 'surplus', 'candidate']),
          reducedChi2: num,
          choice: z.enum(['auto', 'include', 'exclude']),
        })
        .strict(),
    ),
    failures: z.array(z.object({ productId: z.number().int(), code: z.string(), message: z.string() }).strict()),
  })
  .strict();

/** `photometry`: forced + differential photometry of one target on all its linked images. */
export const photometryKind = defineKind<PhotometryPayload>({
  name: 'photometry',
  execution: 'pool',
  payload: photometryPayloadSchema,
  defaults: { priority: -1, maxAttempts: 2, timeLimitMs: 60 * 60_000 },
  prepare(ctx, p) {
    if (!targetRow(ctx.db, p.targetId)) throw new TaskError('not_found', `target ${p.targetId} does not exist`);
    const input = photometryInput(ctx.db, ctx.paths.root, p.targetId, p.options ?? {});
    return { workerKind: 'photometry', input };
  },
  ingest(ctx, task, p, result) {
    const parsed = photometryOutputSchema.safeParse(result);
    if (!parsed.success) throw new TaskError('internal', `photometry returned a malformed result: ${parsed.error.issues[0]?.message}`);
    if (!targetRow(ctx.db, p.targetId)) return null; // deleted meanwhile
    // JSON turns NaN into null: restore the numbers storePhotometry expects.
    const out = parsed.data as unknown as TargetPhotometryOutput;
    storePhotometry(ctx.db, isoNow(ctx.clock), p.targetId, task.id, out);
    return `photometry:${p.targetId}`;
  },
});

/** The worker half: reads the images by path and runs the core job. */
export const photometryWorkerKind = defineWorkerKind<TargetPhotometryInput, TargetPhotometryOutput>({
  name: 'photometry',
  // The input is built by the service half from the database; the worker trusts its shape.
  input: z.custom<TargetPhotometryInput>((v) => typeof v === 'object' && v !== null && Array.isArray((v as { images?: unknown }).images)),
  run(input, ctx) {
    ctx.progress(0, 'photometry');
    const out = runTargetPhotometry(input, (path) => {
      try {
        return new Uint8Array(readFileSync(path));
      } catch (err) {
        throw new TaskError('not_found', `cannot read ${path}: ${(err as Error).message}`);
      }
    });
    ctx.progress(1, 'done');
    // NaN does not survive JSON: send null (storePhotometry treats both as missing).
    return JSON.parse(JSON.stringify(out, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as TargetPhotometryOutput;
  },
});
