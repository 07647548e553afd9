import { z } from 'zod';

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
  batchId: z.string().nullable(),
  /** ISO 8601 UTC timestamps. */
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskViewSchema>;

export const PRODUCT_STATUSES = ['imported', 'queued', 'extracting', 'extracted', 'failed'] as const;
export const productStatusSchema = z.enum(PRODUCT_STATUSES);
export type ProductStatus = z.infer<typeof productStatusSchema>;

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
});
export type ProductView = z.infer<typeof productViewSchema>;

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
});
export type AppInfo = z.infer<typeof appInfoSchema>;
