import type { TaskView } from '../../../shared/domain.js';

export interface BatchSummary {
  batchId: string;
  done: number;
  total: number;
  failed: number;
  /** Seconds left, from the mean duration of the finished tasks and how many run at once; null until one finished. */
  secondsLeft: number | null;
}

const OPEN = new Set(['queued', 'waiting', 'running']);

/** The newest batch that still has work, with "n of N" and an estimate of the time left. */
export function runningBatch(tasks: readonly TaskView[]): BatchSummary | null {
  const open = tasks.find((t) => t.batchId !== null && OPEN.has(t.status));
  if (!open || open.batchId === null) return null;
  const batch = tasks.filter((t) => t.batchId === open.batchId);
  const finished = batch.filter((t) => !OPEN.has(t.status));
  const durations = finished
    .filter((t) => t.startedAt && t.finishedAt)
    .map((t) => (Date.parse(t.finishedAt!) - Date.parse(t.startedAt!)) / 1000);
  const running = batch.filter((t) => t.status === 'running');
  const remaining = batch.length - finished.length;
  let secondsLeft: number | null = null;
  if (durations.length > 0) {
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    const parallel = Math.max(1, running.length);
    const runningLeft = running.reduce((acc, t) => acc + mean * (1 - t.progress), 0);
    secondsLeft = Math.max(0, (runningLeft + (remaining - running.length) * mean) / parallel);
  }
  return { batchId: open.batchId, done: finished.length, total: batch.length, failed: finished.filter((t) => t.status === 'failed').length, secondsLeft };
}

/**
 * Seconds a task has run: from its start to its end, or to `now` (ms since the epoch) while it
 * runs; null before it started. Never negative: the page's clock ticks once a second and the
 * host's clock may be ahead of the browser's, so a task that started after the last tick would
 * otherwise read "-1 s".
 */
export function taskElapsed(t: Pick<TaskView, 'startedAt' | 'finishedAt'>, now: number): number | null {
  if (!t.startedAt) return null;
  const start = Date.parse(t.startedAt);
  const end = t.finishedAt ? Date.parse(t.finishedAt) : now;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  return Math.max(0, (end - start) / 1000);
}

/**
 * An elapsed time: a finished task's below 0.1 s in milliseconds ("34 ms", "under 1 ms": a 34 ms
 * extraction is not "0.0 s"), tenths of a second below 10 s ("0.4 s", "9.9 s"; a running task's
 * always, the page ticking once a second), else as {@link formatDuration}.
 */
export function formatElapsed(seconds: number, finished = false): string {
  if (finished && seconds < 0.1) return seconds < 0.0005 ? 'under 1 ms' : `${Math.round(seconds * 1000)} ms`;
  return seconds < 9.95 ? `${(Math.floor(seconds * 10) / 10).toFixed(1)} s` : formatDuration(seconds);
}

/**
 * What the progress column says under the bar: the stage a queued or running task is at (or
 * `done`); for a task that failed or was cancelled, where it stopped ("stopped at: started"), so
 * that the last stage reached does not read as the task's state.
 */
export function stageLabel(t: Pick<TaskView, 'status' | 'stage'>): string {
  if (!t.stage) return '';
  return t.status === 'failed' || t.status === 'cancelled' ? `stopped at: ${t.stage}` : t.stage;
}

/** "12 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
