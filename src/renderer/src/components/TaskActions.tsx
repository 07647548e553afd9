import { useState } from 'react';
import type { TaskView } from '../../../shared/domain.js';
import { call, raw } from '../api/client.js';
import { retryCannotHelp } from '../../../shared/task-error.js';

const CANCELLABLE = new Set(['queued', 'waiting', 'running']);
const RETRYABLE = new Set(['failed', 'cancelled']);

/** Cancel for unfinished tasks, retry for failed or cancelled ones (not when the file itself failed: then why); errors shown in place. */
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
  const hopeless = task.status === 'failed' ? retryCannotHelp(task.error) : null;
  return (
    <span className="task-actions">
      {CANCELLABLE.has(task.status) && (
        <button type="button" disabled={busy} onClick={() => void act('cancel')} data-testid="task-cancel">
          Cancel
        </button>
      )}
      {hopeless && (
        <span className="muted small" data-testid="task-no-retry" title={hopeless}>
          no retry: the file itself
        </span>
      )}
      {RETRYABLE.has(task.status) && !hopeless && (
        <button type="button" disabled={busy} onClick={() => void act('retry')} data-testid="task-retry">
          Retry
        </button>
      )}
      {error && <span className="error small">{error}</span>}
    </span>
  );
}
