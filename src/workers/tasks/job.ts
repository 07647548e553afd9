import { z } from 'zod';
import { fileRefSchema } from './file-ref.js';

/** The BullMQ queue every Nightshift process uses. */
export const QUEUE_NAME = 'nightshift-tasks';

/** What a broker job carries: the task id, the worker kind and its input, a file reference (never pixels). */
export const jobDataSchema = z
  .object({
    taskId: z.number().int().positive(),
    attempt: z.number().int().positive(),
    kind: z.string().min(1).max(64),
    input: z.unknown(),
    file: fileRefSchema.nullable(),
    /** True when the file's bytes were stored in Redis under its hash. */
    uploaded: z.boolean(),
    timeLimitMs: z.number().int().positive().nullable(),
  })
  .strict();
export type JobData = z.infer<typeof jobDataSchema>;

/** The job id of one attempt of a task (`t12-a1`); a job added twice with one id is stored once. */
export function jobIdFor(taskId: number, attempt: number): string {
  return `t${taskId}-a${attempt}`;
}

export function taskIdOfJob(jobId: string | undefined): number | null {
  const m = /^t(\d+)-a\d+$/.exec(jobId ?? '');
  return m ? Number(m[1]) : null;
}

/** A job's progress payload: where it runs, how far it is. */
export interface JobProgress {
  fraction: number;
  stage: string;
  host: string;
  workerId: string;
}

/** A job's return value: task failures are results too (only crashes and stalls fail a job). */
export type JobResult =
  | { ok: true; value: unknown; host: string; workerId: string }
  | { ok: false; error: { code: string; message: string; retryable: boolean }; host: string; workerId: string };

/** Redis key asking the worker running a job to stop it. */
export function cancelKey(prefix: string, jobId: string): string {
  return `${prefix}:cancel:${jobId}`;
}
