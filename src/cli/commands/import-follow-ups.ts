/**
 * What `nightshift import` waits for beyond its extractions: the tasks they cause (the
 * photometry of the targets on the new images, which the target automation queues once an
 * extraction succeeds; the calibration of raw frames — masters, calibrated lights and their
 * extraction — which the calibration planner queues), so that a light curve is complete when
 * the command returns.
 */
import type { Services } from '../../main/services/services.js';
import { waitForWork } from '../../main/services/tasks/settle.js';
import type { TaskView } from '../../shared/domain.js';

/** Follow-up tasks collected while an import runs. */
export interface FollowUps {
  /** The ids of the follow-up tasks queued (or found queued) so far. */
  ids(): number[];
  /** Stops collecting. */
  stop(): void;
}

/** Starts collecting the follow-up tasks this process's services queue (call before importing). */
export function collectFollowUps(services: Services): FollowUps {
  const ids = new Set<number>();
  const off = services.targetAutomation.onMeasured((tasks) => {
    for (const t of tasks) ids.add(t.id);
  });
  // calibration: the masters, calibrated lights and their extraction a batch of raw frames causes
  const offCalibration = services.calibration.onQueued((taskIds) => {
    for (const id of taskIds) ids.add(id);
  });
  return {
    ids: () => [...ids],
    stop: () => {
      off();
      offCalibration();
    },
  };
}

/**
 * Resolves when the import's extraction tasks and every follow-up they cause are finished
 * (run by this process or another); `onChange` hears all of them as they change. Returns the
 * extraction tasks and the follow-ups apart.
 */
export async function waitForImport(
  services: Services,
  extractIds: readonly number[],
  followUps: FollowUps,
  onChange?: (views: TaskView[]) => void,
): Promise<{ tasks: TaskView[]; followUps: TaskView[] }> {
  const views = await waitForWork(services.tasks, extractIds, () => followUps.ids(), onChange);
  const extracts = new Set(extractIds);
  return { tasks: views.filter((t) => extracts.has(t.id)), followUps: views.filter((t) => !extracts.has(t.id)) };
}
