import { z } from 'zod';
import { issueText } from '../../../../shared/errors.js';
import { fileRefSchema } from '../file-ref.js';

/** The BullMQ queue every Nightshift process uses. */
export const QUEUE_NAME = 'nightshift-tasks';

/** What a broker job carries: the task id, the worker kind and its input, its input files' references (never pixels). */
export const jobDataSchema = z
  .object({
    taskId: z.number().int().positive(),
    attempt: z.number().int().positive(),
    kind: z.string().min(1).max(64),
    input: z.unknown(),
    /** The input files (see PoolWork.files), by path, size and hash. */
    files: z.array(fileRefSchema).max(100_000),
    /** True when the files' bytes were stored in Redis under their hashes. */
    uploaded: z.boolean(),
    timeLimitMs: z.number().int().positive().nullable(),
  })
  .strict();
export type JobData = z.infer<typeof jobDataSchema>;

const JOB_KEYS = ['taskId', 'attempt', 'kind', 'input', 'files', 'uploaded', 'timeLimitMs'] as const;
const positiveInt = (x: unknown) => Number.isSafeInteger(x) && (x as number) > 0;

/**
 * Validates a job's data against {@link jobDataSchema}. The usual job (no file) is checked by
 * hand, field by field, no less strictly than the schema; anything else (file references, or
 * data the quick check refuses) goes through the schema, which also words the error.
 */
export function parseJobData(data: unknown): { ok: true; data: JobData } | { ok: false; message: string } {
  if (typeof data === 'object' && data !== null && Object.getPrototypeOf(data) === Object.prototype) {
    const d = data as Record<string, unknown>;
    if (
      Object.keys(d).length === JOB_KEYS.length &&
      JOB_KEYS.every((k) => Object.hasOwn(d, k)) &&
      positiveInt(d.taskId) &&
      positiveInt(d.attempt) &&
      typeof d.kind === 'string' &&
      d.kind.length >= 1 &&
      d.kind.length <= 64 &&
      Array.isArray(d.files) &&
      d.files.length === 0 &&
      typeof d.uploaded === 'boolean' &&
      (d.timeLimitMs === null || positiveInt(d.timeLimitMs))
    ) {
      return { ok: true, data: d as JobData };
    }
  }
  const parsed = jobDataSchema.safeParse(data);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, message: `malformed job: ${issueText(parsed.error)}` };
}

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
