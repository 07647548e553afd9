import { z } from 'zod';
import { installedIndexesSchema } from './solve.js';
import { extractionOverridesSchema, frameTypeSchema } from './domain.js';
import { appInfoSchema, catalogViewSchema, importSummarySchema, libraryColumnsSchema, noticeViewSchema, productDetailSchema, productViewSchema, removalSchema, taskStatusSchema, taskViewSchema } from './domain.js';
import { settingsPatchSchema, settingsSchema } from './settings.js';
import { calibChooseInputSchema, lightMastersSchema } from './calib.js';
import {
  comparisonStarSchema,
  lightCurvePointSchema,
  targetImageSchema,
  targetImportReportSchema,
  targetInputSchema,
  targetPatchSchema,
  targetSummarySchema,
  targetViewSchema,
  visibilitySchema,
} from './targets.js';

const targetId = z.object({ id: z.number().int().positive() }).strict();
const targetProduct = z.object({ targetId: z.number().int().positive(), productId: z.number().int().positive() }).strict();

/**
 * The IPC contract: every `domain:verb` channel with the schema of its one argument and of its
 * result. The main process registers a handler for each entry; the preload exposes one method
 * per entry (`window.nightshift.settings.get()` for `settings:get`) and nothing else.
 */
export const contract = {
  'app:info': { input: z.void(), output: appInfoSchema },
  'settings:get': { input: z.void(), output: settingsSchema },
  'settings:set': { input: settingsPatchSchema, output: settingsSchema },
  'tasks:list': {
    input: z
      .object({
        status: z.array(taskStatusSchema).max(6).optional(),
        kind: z.string().max(64).optional(),
        productId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
      })
      .strict()
      .optional(),
    output: z.array(taskViewSchema),
  },
  /**
   * The library's images, newest first, or (`order: 'date'`) latest DATE-OBS first with
   * undated images last: the library asks for its first screenful that way while the whole
   * list comes.
   */
  'products:list': {
    input: z.object({ limit: z.number().int().min(1).max(100_000).optional(), order: z.enum(['id', 'date']).optional() }).strict().optional(),
    output: z.array(productViewSchema),
  },
  /**
   * The library's whole list in its default order (latest DATE-OBS first, undated images last,
   * then newest first), with only what the list shows and filters by, by columns
   * (shared/library-list.ts): a tenth of `products:list`'s bytes for a season of images.
   */
  'library:list': {
    input: z.object({ limit: z.number().int().min(1).max(100_000).optional() }).strict().optional(),
    output: libraryColumnsSchema,
  },
  'products:get': {
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: productDetailSchema,
  },
  /**
   * The images of the same field: those whose footprint overlaps the image's (itself included),
   * by DATE-OBS, undated last; null when the image has no WCS footprint.
   */
  'products:overlapping': {
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.array(z.object({ id: z.number().int(), name: z.string(), dateObs: z.string().nullable() })).nullable(),
  },
  'broker:test': {
    input: z.object({ url: settingsSchema.shape.broker.unwrap().shape.url.unwrap().unwrap() }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'secrets:set': {
    input: z.object({ name: z.enum(['smtp.password']), value: z.string().min(1).max(1024).nullable() }).strict(),
    output: z.object({ stored: z.boolean() }),
  },
  'secrets:status': { input: z.void(), output: z.object({ 'smtp.password': z.boolean() }) },
  /** The index files of *Settings → Plate solving → Index folders* and the field sizes they cover. */
  'solve:indexes': { input: z.void(), output: installedIndexesSchema },
  /** Pauses (nothing new starts, running tasks finish) or resumes the task queue. */
  'tasks:pause': { input: z.object({ paused: z.boolean() }).strict(), output: z.object({ paused: z.boolean() }) },
  'notices:list': { input: z.void(), output: z.array(noticeViewSchema) },
  'sources:list': {
    input: z.object({ productId: z.number().int().positive() }).strict(),
    /** null before the product's extraction has finished. */
    output: catalogViewSchema.nullable(),
  },
  'tasks:get': { input: z.object({ id: z.number().int().positive() }).strict(), output: taskViewSchema },
  /** Cancels a queued, waiting or running task (a running one is stopped). */
  'tasks:cancel': { input: z.object({ id: z.number().int().positive() }).strict(), output: taskViewSchema },
  /** Queues a failed or cancelled task again. */
  'tasks:retry': { input: z.object({ id: z.number().int().positive() }).strict(), output: taskViewSchema },
  /** Imports files and folders (paths on the machine running the main process); extraction follows the settings. */
  'products:import': {
    input: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }).strict(),
    output: importSummarySchema,
  },
  /** Extracts a product again (with the current settings, or these overrides), as work the user asked for now. */
  'products:extract': {
    input: z
      .object({
        id: z.number().int().positive(),
        options: extractionOverridesSchema.optional(),
      })
      .strict(),
    output: taskViewSchema,
  },
  /**
   * Removes images from the library with their catalogs, photometry points and stored files,
   * cancelling their unfinished tasks; `dryRun` only counts what would go (for a confirmation).
   */
  'library:remove': {
    input: z.object({ ids: z.array(z.number().int().positive()).min(1).max(100_000), dryRun: z.boolean().optional() }).strict(),
    output: removalSchema,
  },
  /**
   * Corrects a product's frame type by hand (null: none, an image calibrated elsewhere); the
   * library's calibration then looks again (a light may be calibrated, a frame left out of extraction).
   */
  'products:setFrameType': {
    input: z.object({ id: z.number().int().positive(), frameType: frameTypeSchema.nullable() }).strict(),
    output: productViewSchema,
  },
  /**
   * A raw light's masters (issue 17): for bias, dark and flat, the masters of its camera, whether
   * each fits the matching rule and why, the rule's choice, the one used and the one chosen by hand.
   */
  'calib:masters': { input: z.object({ id: z.number().int().positive() }).strict(), output: lightMastersSchema },
  /**
   * Chooses a raw light's masters by hand (a master id per type; null: back to the rule; absent:
   * unchanged); the light is calibrated again when its masters differ from those used.
   */
  'calib:choose': { input: calibChooseInputSchema, output: lightMastersSchema },
  /** Targets (issue 7): list with image and point counts, one by id, create/update/delete. */
  'targets:list': { input: z.void(), output: z.array(targetSummarySchema) },
  'targets:get': { input: targetId, output: targetViewSchema },
  /** RA/Dec as sexagesimal text or degrees; matches the target to the images and queues its photometry. */
  'targets:create': { input: targetInputSchema, output: targetViewSchema },
  'targets:update': { input: targetPatchSchema, output: targetViewSchema },
  'targets:delete': { input: targetId, output: z.object({ deleted: z.boolean() }) },
  /** TOM Toolkit target CSV in, CSV text out. */
  'targets:importCsv': {
    input: z.object({ text: z.string().min(1).max(32 * 1024 * 1024), update: z.boolean().optional() }).strict(),
    output: targetImportReportSchema,
  },
  'targets:exportCsv': {
    input: z.object({ ids: z.array(z.number().int().positive()).max(100_000).optional() }).strict().optional(),
    output: z.object({ csv: z.string() }),
  },
  /** The target's images with its 0-based pixel position on each. */
  'targets:images': { input: targetId, output: z.array(targetImageSchema) },
  'targets:link': { input: targetProduct, output: z.array(targetImageSchema) },
  'targets:unlink': { input: targetProduct, output: z.array(targetImageSchema) },
  'targets:lightcurve': {
    input: z.object({ id: z.number().int().positive(), filter: z.string().max(100).optional() }).strict(),
    output: z.array(lightCurvePointSchema),
  },
  /** The light curve as CSV: `tom` = TOM Toolkit photometry (time, filter, magnitude, error), `table` = every column. */
  'targets:exportPhotometry': {
    input: z.object({ id: z.number().int().positive(), layout: z.enum(['tom', 'table']) }).strict(),
    output: z.object({ csv: z.string(), fileName: z.string() }),
  },
  /** Altitude, airmass, twilight and Moon for tonight and the next nights at the configured site. */
  'targets:visibility': {
    input: z.object({ id: z.number().int().positive(), nights: z.number().int().min(1).max(14).optional() }).strict(),
    output: visibilitySchema,
  },
  'targets:comparisons': { input: targetId, output: z.array(comparisonStarSchema) },
  /** Include/exclude/release a comparison star (degrees); measures the target again. */
  'targets:setComparison': {
    input: z
      .object({
        id: z.number().int().positive(),
        ra: z.number().min(0).max(360),
        dec: z.number().min(-90).max(90),
        choice: z.enum(['auto', 'include', 'exclude']),
      })
      .strict(),
    output: z.array(comparisonStarSchema),
  },
  /** The targets on an image (with their pixel positions) and those its OBJECT names (hints for linking by hand). */
  'targets:ofProduct': {
    input: z.object({ productId: z.number().int().positive() }).strict(),
    output: z.object({
      linked: z.array(z.object({ id: z.number().int(), name: z.string(), x: z.number().nullable(), y: z.number().nullable() })),
      hints: z.array(z.object({ id: z.number().int(), name: z.string() })),
    }),
  },
  /** Measures a target again on all its images (a photometry task). */
  'targets:measure': { input: targetId, output: taskViewSchema.nullable() },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** Typed push events from the main process to the renderer. */
export const events = {
  'tasks:changed': z.object({ ids: z.array(z.number().int()) }),
  'products:changed': z.object({ ids: z.array(z.number().int()) }),
  'settings:changed': settingsSchema,
  'runner:changed': appInfoSchema.shape.runner,
  notice: noticeViewSchema,
  'queue:changed': z.object({ paused: z.boolean() }),
  /** Targets, their image links or their photometry changed. */
  'targets:changed': z.object({ ids: z.array(z.number().int()) }),
  /** The desktop asks the window to show something (a clicked native notification). */
  open: noticeViewSchema.shape.target,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
