import { raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';

/**
 * What "Measure again" started: the photometry task's progress and stage while it is queued or
 * running, then how it ended (done, failed with its reason, or cancelled). Mount it with
 * `key={taskId}` so a new task starts a new query.
 */
export function MeasureStatus({ taskId }: { taskId: number }) {
  const task = useQuery(() => raw.tasks.get({ id: taskId }), ['tasks:changed']);
  const t = task.data;
  if (task.error) return <span className="error small">{task.error.message}</span>;
  if (!t) return <span className="muted small">Measuring…</span>;
  const open = t.status === 'queued' || t.status === 'waiting' || t.status === 'running';
  return (
    <span className="measure-status small" data-testid="measure-status" data-status={t.status}>
      {open ? (
        <>
          <progress max={1} value={t.progress} /> {t.status === 'running' ? `Measuring: ${t.stage ?? ''} ${Math.round(t.progress * 100)} %` : 'Measurement queued'}
        </>
      ) : t.status === 'succeeded' ? (
        'Measured.'
      ) : t.status === 'failed' ? (
        <span className="error">Measurement failed: {t.error?.message ?? 'unknown error'}</span>
      ) : (
        'Measurement cancelled.'
      )}
    </span>
  );
}
