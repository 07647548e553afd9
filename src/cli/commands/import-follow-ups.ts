/**
 * What `nightshift import` waits for beyond its first tasks: the extraction that follows a plate
 * solve, the tasks extractions cause (the photometry of the targets on the new images, which the
 * target automation queues once an extraction succeeds), and the calibration of raw frames
 * (masters, calibrated lights and their extraction, which the calibration planner queues), so
 * that a light curve is complete when the command returns.
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
  // a calibrated light without a WCS is solved first: its extraction follows the solve
  const solves = new Map<number, { productId: number; batchId: string | null } | null>();
  const afterSolves = (): number[] => {
    const out: number[] = [];
    for (const id of ids) {
      if (!solves.has(id)) {
        let t: TaskView | undefined;
        try {
          t = services.tasks.get(id);
        } catch {
          t = undefined; // pruned meanwhile
        }
        solves.set(id, t?.kind === 'solve' && t.productId !== null ? { productId: t.productId, batchId: t.batchId } : null);
      }
      const solve = solves.get(id);
      if (!solve) continue;
      for (const e of services.tasks.list({ productId: solve.productId, kind: 'extract' })) if (e.batchId === solve.batchId) out.push(e.id);
    }
    return out;
  };
  return {
    ids: () => [...new Set([...ids, ...afterSolves()])],
    stop: () => {
      off();
      offCalibration();
    },
  };
}

/**
 * The `extract` tasks of the batch queued for these products once their `solve` task ended (the
 * solve kind's declared follow-up), by id.
 */
export function extractionsAfterSolve(services: Services, productIds: readonly number[], batchId: string): number[] {
  return productIds.flatMap((productId) => services.tasks.list({ productId, kind: 'extract' }).filter((t) => t.batchId === batchId).map((t) => t.id));
}

/**
 * Resolves when the import's tasks (`solve` or `extract` for each image, and the extractions
 * `later()` names: those that follow a solve), and every follow-up they cause are finished (run
 * by this process or another); `onChange` hears all of them as they change. Returns the
 * import's tasks and the follow-ups (photometry) apart.
 */
export async function waitForImport(
  services: Services,
  taskIds: readonly number[],
  followUps: FollowUps,
  onChange?: (views: TaskView[]) => void,
  later: () => readonly number[] = () => [],
): Promise<{ tasks: TaskView[]; followUps: TaskView[] }> {
  const own = new Set(taskIds);
  const views = await waitForWork(services.tasks, taskIds, () => {
    for (const id of later()) own.add(id);
    return [...own, ...followUps.ids()];
  }, onChange);
  return { tasks: views.filter((t) => own.has(t.id)), followUps: views.filter((t) => !own.has(t.id)) };
}
