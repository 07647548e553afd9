import { useState } from 'react';
import type { TaskView } from '../../../shared/domain.js';
import { call, raw } from '../api/client.js';

const CANCELLABLE = new Set(['queued', 'waiting', 'running']);
const RETRYABLE = new Set(['failed', 'cancelled']);

/** Cancel for unfinished tasks, retry for failed or cancelled ones; errors shown in place. */
export function TaskActions({ task }: { task: TaskView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: 'cancel' | 'retry') => {
    setBusy(true);
    setError(null);
    try {
      await call(what === 'cancel' ? raw.tasks.cancel({ id: task.id }) : raw.tasks.retry({ id: task.id }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="task-actions">
      {CANCELLABLE.has(task.status) && (
        <button type="button" disabled={busy} onClick={() => void act('cancel')} data-testid="task-cancel">
          Cancel
        </button>
      )}
      {RETRYABLE.has(task.status) && (
        <button type="button" disabled={busy} onClick={() => void act('retry')} data-testid="task-retry">
          Retry
        </button>
      )}
      {error && <span className="error small">{error}</span>}
    </span>
  );
}
