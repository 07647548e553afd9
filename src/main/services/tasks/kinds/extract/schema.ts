/**
 * The `extract` kind's data, as both halves see it: the payload stored in the task row, the
 * worker's input and its output (a catalog with its sources as columns, source-columns.ts).
 * Worker-safe: no database, no service.
 */
import { z } from 'zod';
import { extractionOverridesSchema } from '../../../../../shared/domain.js';
import { issueText } from '../../../../../shared/errors.js';
import { TaskError } from '../../../../../shared/task-error.js';
import { fileRefSchema } from '../../file-ref.js';
import { SOURCE_FIELDS, type SourceColumns } from './source-columns.js';

export const extractPayloadSchema = z
  .object({
    productId: z.number().int().positive(),
    /** Overrides of the extraction settings; the rest comes from the settings when the task runs. */
    options: extractionOverridesSchema.optional(),
  })
  .strict();
export type ExtractPayload = z.infer<typeof extractPayloadSchema>;

/** The worker's input: the image (by file reference: see WorkerContext.file), its HDU and the extraction options. */
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
    /** WCS cards of the image's plate solution, laid over its header (the file is not rewritten); absent: the file's WCS. */
    wcs: z.record(z.string().max(8), z.union([z.string().max(68), z.number()])).optional(),
    /** The largest image read, in MiB (2**20 bytes): *Settings → Largest image*; default: what `openFits` reads. */
    maxImageMb: z.number().positive().max(4000).optional(),
  })
  .strict();
export type ExtractInput = z.input<typeof extractInputSchema>;
/** The input as the worker half receives it (defaults applied). */
export type ExtractInputValue = z.output<typeof extractInputSchema>;
export type ExtractInputOptions = z.output<typeof extractInputSchema>['options'];

/**
 * The worker's output. Its check is {@link checkedOutput}, by hand rather than by a zod schema of
 * the columns (see there).
 */
export interface ExtractOutput {
  hdu: number;
  width: number;
  height: number;
  globalBackground: number;
  globalRms: number;
  options: Record<string, unknown>;
  /** The sources, as columns (see source-columns.ts). */
  sources: SourceColumns;
}

/** The catalog's summary and the shape of its columns (their values are checked by {@link checkedOutput}). */
const summarySchema = z.object({
  hdu: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  globalBackground: z.number(),
  globalRms: z.number(),
  options: z.record(z.string(), z.unknown()),
  sources: z.object({ count: z.number().int().min(0), apertures: z.number().int().min(0).max(64) }).passthrough(),
});

/** A column value: a number, or null where JSON (the broker) carried a NaN. */
const isValue = (v: unknown): boolean => typeof v === 'number' || v === null;

/**
 * The catalog a worker returned, checked, as it may come from another machine through the
 * broker: the summary by schema, then every column (see source-columns.ts) an array of
 * `count` numbers or nulls (`fluxAper`, `fluxAperErr`: count × apertures), ids integers and x, y
 * finite. The columns are checked in place, not parsed into copies: this runs on the app's
 * main thread, and a zod schema of the columns would parse (and copy) every value of thousands
 * of sources (see source-columns.ts for what that cost). Throws TaskError `internal` naming
 * what is wrong.
 */
export function checkedOutput(result: unknown): ExtractOutput {
  const bad = (what: string): TaskError => new TaskError('internal', `extract returned a malformed catalog: ${what}`);
  const parsed = summarySchema.safeParse(result);
  if (!parsed.success) {
    throw bad(issueText(parsed.error));
  }
  const columns = parsed.data.sources as Record<string, unknown> & { count: number; apertures: number };
  const { count, apertures } = columns;
  const column = (name: string, length: number): unknown[] => {
    const c = columns[name];
    if (!Array.isArray(c) || c.length !== length) throw bad(`sources.${name} must be an array of ${length} numbers`);
    return c as unknown[];
  };
  for (const field of SOURCE_FIELDS) {
    const c = column(field, count);
    const ok = field === 'id' ? Number.isInteger : field === 'x' || field === 'y' ? Number.isFinite : isValue;
    for (let i = 0; i < count; i++) if (!ok(c[i])) throw bad(`sources.${field}[${i}] is ${String(c[i])}`);
  }
  for (const field of ['fluxAper', 'fluxAperErr']) {
    const c = column(field, count * apertures);
    for (let i = 0; i < c.length; i++) if (!isValue(c[i])) throw bad(`sources.${field}[${i}] is ${String(c[i])}`);
  }
  return parsed.data as unknown as ExtractOutput;
}
