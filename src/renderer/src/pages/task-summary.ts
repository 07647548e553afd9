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

/** "12 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
