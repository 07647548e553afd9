import { z } from 'zod';
import { FRAME_TYPES, PRODUCT_STATUSES, type ProductStatus } from './words.js';

/** Task lifecycle. `waiting` = queued for a configured broker that is unreachable. */
export const TASK_STATUSES = ['queued', 'waiting', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const taskViewSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: taskStatusSchema,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  priority: z.number().int(),
  /** Fraction done, 0..1. */
  progress: z.number(),
  stage: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** `local`, or the worker's host name for broker tasks; null before it ran. */
  ranOn: z.string().nullable(),
  productId: z.number().int().nullable(),
  /** The target a `photometry` task measures; null for other kinds. */
  targetId: z.number().int().nullable(),
  batchId: z.string().nullable(),
  /** ISO 8601 UTC timestamps. */
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /**
   * What a succeeded task answered, when its kind says more than "done": a `solve` task's
   * `solved`, or the reason it was not (one of UNSOLVED_REASONS). Null: nothing more to say.
   */
  outcome: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskViewSchema>;

export { PRODUCT_STATUSES, FRAME_TYPES } from './words.js';
/** A product's status ({@link PRODUCT_STATUSES}). */
export const productStatusSchema = z.enum(PRODUCT_STATUSES);
export type { ProductStatus } from './words.js';
/** The statuses `data_products.status` holds (all but the derived `solving`). */
export type StoredProductStatus = Exclude<ProductStatus, 'solving'>;

export const PRODUCT_KINDS = ['raw', 'master', 'calibrated'] as const;
export const productKindSchema = z.enum(PRODUCT_KINDS);
export type ProductKind = z.infer<typeof productKindSchema>;
export const frameTypeSchema = z.enum(FRAME_TYPES);

/** Why an image has no plate solution (see the `solve` task kind). */
export const UNSOLVED_REASONS = ['no_sources', 'no_index', 'time_limit', 'no_match'] as const;

/**
 * A product's plate solution (an image imported without a celestial WCS is solved before its
 * extraction): the centre (degrees, ICRS), pixel scale (arcsec/pixel), rotation (position angle
 * of the image's +y axis, degrees east of north), parity, stars matched, RMS (arcsec) and solver
 * time (seconds); or, unsolved, the reason and a one-line message.
 */
export const solutionViewSchema = z.discriminatedUnion('solved', [
  z.object({
    solved: z.literal(true),
    ra: z.number(),
    dec: z.number(),
    scaleArcsec: z.number(),
    rotationDeg: z.number(),
    parity: z.enum(['normal', 'flipped']),
    matched: z.number().int(),
    rmsArcsec: z.number(),
    indexId: z.number().int().nullable(),
    seconds: z.number(),
  }),
  z.object({
    solved: z.literal(false),
    reason: z.enum(UNSOLVED_REASONS),
    message: z.string(),
    seconds: z.number(),
  }),
]);
export type SolutionView = z.infer<typeof solutionViewSchema>;

export const productViewSchema = z.object({
  id: z.number().int(),
  /** The original file name. */
  name: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  status: productStatusSchema,
  /** Catalog row count; null before extraction. */
  sources: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  object: z.string().nullable(),
  dateObs: z.string().nullable(),
  filter: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  hasWcs: z.boolean(),
  createdAt: z.string(),
  /** `raw` (imported), `master` (a master bias/dark/flat) or `calibrated` (a light calibrated here). */
  kind: productKindSchema,
  /** From IMAGETYP/FRAME (or set by hand); null when the header names none (calibrated elsewhere). */
  frameType: frameTypeSchema.nullable(),
  /** A calibrated product's raw frame. */
  rawId: z.number().int().nullable(),
  /** The masters a calibrated product was made with (product ids; null where none was used). */
  masters: z.object({ bias: z.number().int().nullable(), dark: z.number().int().nullable(), flat: z.number().int().nullable() }).nullable(),
  /** Why a raw light is not calibrated yet ("no flat for filter R, 2×2 binning"); null when it is not waiting. */
  calibWait: z.string().nullable(),
  /** The plate solution, or null when the image was not solved (it had a WCS, or no solve ran yet). */
  solution: solutionViewSchema.nullable(),
});
export type ProductView = z.infer<typeof productViewSchema>;

const wordCode = z.number().int().min(-1);
/**
 * The library's whole list by columns (`library:list`; shared/library-list.ts says how it is
 * coded and decodes it): one array per field, of equal lengths; coded fields index `words`
 * (-1: null).
 */
export const libraryColumnsSchema = z.object({
  words: z.array(z.string()),
  id: z.array(z.number().int()),
  name: z.array(z.string()),
  dateObs: z.array(z.string().nullable()),
  object: z.array(wordCode),
  filter: z.array(wordCode),
  status: z.array(wordCode),
  kind: z.array(wordCode),
  frameType: z.array(wordCode),
  sources: z.array(z.number().int().nullable()),
  width: z.array(z.number().int().nullable()),
  error: z.array(z.tuple([z.number().int(), z.string(), z.string()])),
  calibWait: z.array(z.tuple([z.number().int(), z.string()])),
});

export const runnerInfoSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), threads: z.number().int() }),
  z.object({
    kind: z.literal('broker'),
    /** The broker URL with any password replaced by `***`. */
    url: z.string(),
    connected: z.boolean(),
  }),
]);
export type RunnerInfo = z.infer<typeof runnerInfoSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  /** `electron` in the desktop app, `host` when served to a browser. */
  shell: z.enum(['electron', 'host']),
  runner: runnerInfoSchema,
  /** The task queue is paused: nothing new starts. */
  queuePaused: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** One product with the header summary the library keeps. */
export const productDetailSchema = productViewSchema.extend({
  hdu: z.number().int().nullable(),
  mjdObs: z.number().nullable(),
  exptime: z.number().nullable(),
  telescope: z.string().nullable(),
  instrument: z.string().nullable(),
  /** Sky polygon of the image, [RA, Dec] ICRS degrees; null without a celestial WCS. */
  footprint: z.array(z.tuple([z.number(), z.number()])).nullable(),
  /** The frame the header's coordinates were converted to ICRS from, e.g. `ICRS (from FK4 B1950.0, epoch = equinox)`; null without a WCS. */
  wcsFrame: z.string().nullable(),
  /** Why the header's declared celestial WCS cannot be used (code, one-line message, keyword); null when it can or there is none. */
  wcsError: z.object({ code: z.string(), message: z.string(), keyword: z.string().nullable() }).nullable(),
  /** Why a calibrated frame's masters were chosen, in words (the matching rule applied); null otherwise. */
  calibWhy: z.string().nullable(),
  /** The WCS cards of the image's plate solution (the file has no celestial WCS; the viewer uses these); null when not solved. */
  solvedWcs: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
});
export type ProductDetail = z.infer<typeof productDetailSchema>;

/**
 * One detected source. x, y are 0-based pixels (centre of the first pixel is 0,0); a, b in
 * pixels; theta in degrees counter-clockwise from +x in (−90, 90]; fluxes in ADU; RA/Dec degrees.
 */
export const sourceViewSchema = z.object({
  id: z.number().int(),
  x: z.number(),
  y: z.number(),
  ra: z.number().nullable(),
  dec: z.number().nullable(),
  a: z.number().nullable(),
  b: z.number().nullable(),
  theta: z.number().nullable(),
  npix: z.number().int().nullable(),
  peak: z.number().nullable(),
  fluxIso: z.number().nullable(),
  fluxIsoErr: z.number().nullable(),
  /** One per aperture radius, in the order of the catalog's `apertures`. */
  fluxAper: z.array(z.number().nullable()),
  fluxAperErr: z.array(z.number().nullable()),
  fluxAuto: z.number().nullable(),
  fluxAutoErr: z.number().nullable(),
  /** Kron radius, in units of a and b. */
  kronRadius: z.number().nullable(),
  fwhm: z.number().nullable(),
  background: z.number().nullable(),
  flags: z.number().int(),
});
export type SourceView = z.infer<typeof sourceViewSchema>;

export const catalogViewSchema = z.object({
  productId: z.number().int(),
  /** Aperture radii in pixels, in the order of each source's `fluxAper`. */
  apertures: z.array(z.number()),
  globalBackground: z.number().nullable(),
  globalRms: z.number().nullable(),
  sources: z.array(sourceViewSchema),
});
export type CatalogView = z.infer<typeof catalogViewSchema>;

/** A notification the app showed (or would show) to the user, and what clicking it opens. */
export const noticeViewSchema = z.object({
  title: z.string(),
  body: z.string(),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('product'), id: z.number().int() }),
    z.object({ kind: z.literal('task'), id: z.number().int() }),
    z.object({ kind: z.literal('tasks') }),
  ]),
  /** ISO 8601 UTC. */
  at: z.string(),
});
export type NoticeView = z.infer<typeof noticeViewSchema>;

/** What `products:import` did: one entry per file found, and the files it could not import. */
export const importSummarySchema = z.object({
  imported: z.array(
    z.object({
      path: z.string(),
      productId: z.number().int(),
      /** False when the library already had these bytes. */
      created: z.boolean(),
      /** The image's name in the library: for bytes it already had, the name they were first imported under. */
      name: z.string(),
      /** The extract task producing its catalog; null when it has one or extraction is off. */
      taskId: z.number().int().nullable(),
    }),
  ),
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })),
  /** The calibration tasks the batch caused (masters, calibrated lights, their extraction). */
  calibrationTasks: z.array(z.number().int()).optional(),
});
export type ImportSummaryView = z.infer<typeof importSummarySchema>;

/**
 * What removing images takes (issue 15), counted before (a dry run, for the confirmation) or
 * after the removal: the images, their catalogs and catalogued sources, their photometry points
 * (and the targets those were in), their unfinished tasks, and the stored files that go with
 * them (`bytes`: their size on disk, without thumbnails).
 */
export const removalSchema = z.object({
  images: z.number().int(),
  names: z.array(z.string()),
  catalogs: z.number().int(),
  sources: z.number().int(),
  photometryPoints: z.number().int(),
  targets: z.number().int(),
  tasks: z.number().int(),
  files: z.number().int(),
  bytes: z.number().int(),
});
export type RemovalView = z.infer<typeof removalSchema>;

/** Per-run overrides of the extraction settings (same bounds as the settings); the rest comes from the settings. */
export const extractionOverridesSchema = z
  .object({
    thresh: z.number().positive().max(1000).optional(),
    minarea: z.number().int().min(1).max(10000).optional(),
    apertures: z.array(z.number().positive().max(1000)).min(1).max(16).optional(),
  })
  .strict();
