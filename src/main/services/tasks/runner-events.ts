/**
 * What a runner (the local pool or the broker) reports about the tasks it was given, turned into
 * the task service's records: starts, progress, results through the result inbox (batched into
 * one transaction), failures, the broker going down, lost and recalled jobs.
 */
import { type Clock, isoNow } from '../clock.js';
import type { Dispatcher } from './dispatcher.js';
import type { ResultInbox } from './result-inbox.js';
import type { RunnerEvents } from './runner.js';
import type { TaskChanges } from './task-changes.js';
import type { TaskOutcomes } from './task-outcomes.js';
import type { TaskStore } from './task-store.js';

export interface RunnerEventDeps {
  inbox: ResultInbox;
  outcomes: TaskOutcomes;
  dispatcher: Dispatcher;
  store: TaskStore;
  changes: TaskChanges;
  clock: Clock;
  /** True once the service is closing. */
  closed: () => boolean;
}

/** The events a runner calls, bound to the task service's parts. */
export function runnerEvents(d: RunnerEventDeps): RunnerEvents {
  // After close() the rows of this process's unfinished attempts are already requeued:
  // what the stopping runner reports about them no longer counts.
  return {
    started: (id, ranOn) =>
      d.inbox.deliver(() => {
        // Its result is recorded in this same transaction: the running state would never be
        // seen, so a kind with no hooks skips it (the result's update sets started_at and ran_on).
        const known = d.dispatcher.inFlight.get(id);
        if (d.inbox.resultPending(id) && known && !known.onStarted && !known.ingest) return;
        d.outcomes.started(id, ranOn);
      }),
    progress: (id, fraction, stage) => {
      if (!d.closed()) d.outcomes.progress(id, fraction, stage);
    },
    succeeded: (id, result, ranOn) => d.inbox.deliverResult(id, result, ranOn),
    failed: (id, error) => d.inbox.deliver(() => d.outcomes.failed(id, error)),
    brokerDown: (down) => d.outcomes.brokerChanged(down),
    lost: (id) => d.outcomes.lost(id),
    recalled: (id) =>
      d.inbox.deliver(() => {
        d.dispatcher.inFlight.delete(id);
        d.dispatcher.poolMaybe();
        d.store.recall(id, isoNow(d.clock));
        d.changes.changed(id);
      }),
    pending: () => d.store.brokerJobs(false).map((r) => ({ taskId: r.id, jobId: r.job_id })),
  };
}
