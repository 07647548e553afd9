import { useEffect, useState } from 'react';
import type { TaskStatus, TaskView } from '../../../shared/domain.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { TaskActions } from '../components/TaskActions.js';
import { rowKeys } from '../keys/row-keys.js';
import { linkProps, navigate } from '../router/use-route.js';
import type { Route } from '../router/routes.js';
import { taskOutcomeText } from './task-outcome-text.js';
import { formatDuration, formatElapsed, runningBatch, stageLabel, taskElapsed } from './task-summary.js';

const FILTERS: Array<{ id: string; label: string; status?: TaskStatus[] }> = [
  { id: 'all', label: 'All' },
  { id: 'active', label: 'Active', status: ['queued', 'waiting', 'running'] },
  { id: 'failed', label: 'Failed', status: ['failed'] },
  { id: 'succeeded', label: 'Done', status: ['succeeded'] },
  { id: 'cancelled', label: 'Cancelled', status: ['cancelled'] },
];

/** Where a task row leads: its image, else its target. */
function taskRoute(t: TaskView): Route | null {
  if (t.productId !== null) return { page: 'product', id: t.productId };
  if (t.targetId !== null) return { page: 'target', id: t.targetId };
  return null;
}

function elapsed(t: TaskView, now: number): string {
  const seconds = taskElapsed(t, Math.max(now, Date.now()));
  return seconds === null ? '' : formatElapsed(seconds, t.finishedAt !== null);
}

/** Every task with its state, progress and stage, elapsed time, cancel and retry; a filter by state. */
export function TasksPage() {
  const [filter, setFilter] = useState('all');
  const [now, setNow] = useState(Date.now());
  const status = FILTERS.find((f) => f.id === filter)?.status;
  const tasks = useQuery(() => raw.tasks.list(status ? { status } : undefined), ['tasks:changed']);
  const all = useQuery(() => raw.tasks.list({ limit: 5000 }), ['tasks:changed'], 500);
  const batch = all.data ? runningBatch(all.data) : null;
  const info = useQuery(() => raw.app.info(), ['queue:changed']);
  const products = useQuery(() => raw.products.list(), ['products:changed'], 1000);
  const names = new Map((products.data ?? []).map((p) => [p.id, p.name]));
  const targets = useQuery(() => raw.targets.list(), ['targets:changed']);
  const targetNames = new Map((targets.data ?? []).map((t) => [t.id, t.name]));
  const paused = info.data?.queuePaused ?? false;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => tasks.reload(), [filter]);

  return (
    <section>
      <div className="page-head">
        <h1>Tasks</h1>
        <button type="button" className="chip" data-testid="pause-queue" onClick={() => void call(raw.tasks.pause({ paused: !paused }))}>
          {paused ? 'Resume queue' : 'Pause queue'}
        </button>
        {paused && <span className="muted">Paused: running tasks finish, nothing new starts.</span>}
      </div>
      {batch && (
        <div className="batch" data-testid="batch-summary">
          <progress max={batch.total} value={batch.done} />
          <span>
            {batch.done} of {batch.total} done{batch.failed > 0 ? `, ${batch.failed} failed` : ''}
          </span>
          <span className="muted">{batch.secondsLeft === null ? 'estimating time left…' : `about ${formatDuration(batch.secondsLeft)} left`}</span>
        </div>
      )}
      <div className="chips" role="group" aria-label="Filter by state">
        {FILTERS.map((f) => (
          <button key={f.id} type="button" className={f.id === filter ? 'chip active' : 'chip'} onClick={() => setFilter(f.id)} data-testid={`filter-${f.id}`}>
            {f.label}
          </button>
        ))}
      </div>
      {tasks.error && <p className="error">{tasks.error.message}</p>}
      {tasks.data && tasks.data.length === 0 && <p className="muted">No tasks.</p>}
      {tasks.data && tasks.data.length > 0 && (
        <table className="grid tasks">
          <thead>
            <tr>
              <th>#</th>
              <th>Kind</th>
              <th>Image or target</th>
              <th>State</th>
              <th>Progress</th>
              <th>Elapsed</th>
              <th>Ran on</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tasks.data.map((t) => {
              const to = taskRoute(t);
              const outcome = taskOutcomeText(t);
              const subject =
                t.productId !== null ? (names.get(t.productId) ?? `#${t.productId}`) : t.targetId !== null ? `target ${targetNames.get(t.targetId) ?? `#${t.targetId}`}` : '';
              return (
              <tr key={t.id} data-testid="task-row" data-status={t.status} {...(to ? rowKeys(() => navigate(to)) : {})}>
                <td>{t.id}</td>
                <td>{t.kind}</td>
                <td data-testid="task-subject">
                  {to ? (
                    <a {...linkProps(to)} className="row-link" tabIndex={-1}>
                      {subject}
                    </a>
                  ) : (
                    subject
                  )}
                </td>
                <td>
                  <span className={`badge ${t.status}`}>{t.status}</span>
                  {t.attempts > 1 && <span className="muted"> (attempt {t.attempts})</span>}
                  {outcome && (
                    <div className="muted small" data-testid="task-outcome">
                      {outcome}
                    </div>
                  )}
                  {t.error && <div className="error small">{t.error.message}</div>}
                </td>
                <td className="progress-cell">
                  <progress max={1} value={t.status === 'succeeded' ? 1 : t.progress} />
                  <span className="muted small">{stageLabel(t)}</span>
                </td>
                <td>{elapsed(t, now)}</td>
                <td>{t.ranOn ?? ''}</td>
                <td>
                  <TaskActions task={t} />
                </td>
              </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
