import { TaskError } from '../../../../../shared/task-error.js';
import { calibRow, derivedFile, stagingArea, calibratedOf, setCalibWait, storeDerivedProduct, storedFileRef } from '../../../library/calib-products.js';
import type { FileRef } from '../../file-ref.js';
import type { KindContext, PoolHooks } from '../types.js';
import type { CalibImageOutput, CalibrateInput, CalibratePayload } from './schema.js';

function fileOf(ctx: KindContext, id: number, what: string): FileRef {
  const ref = storedFileRef(ctx.db, ctx.paths, id);
  if (!ref) throw new TaskError('not_found', `${what}: data product ${id} does not exist`);
  return ref;
}

/** `light-1.fits` → `light-1.cal.fits`. */
function calibratedName(name: string): string {
  const m = /^(.*?)(\.(?:fits?|fts|fz)(?:\.(?:gz|fz))?)?$/i.exec(name);
  return `${m?.[1] ?? name}.cal.fits`;
}

/**
 * The main-side hooks of `calibrate`: the light's and masters' files for the worker, and the
 * calibrated frame (staged by the worker in the library's tmp folder, or its bytes) stored as a product (kind `calibrated`, linked to its raw frame and masters)
 * when it comes back; the raw light no longer waits. Then the calibration planner looks again
 * (it queues the calibrated frame's extraction).
 */
export const calibrateHooks: PoolHooks<CalibratePayload, CalibrateInput, CalibImageOutput> = {
  prepare(ctx, p) {
    return { light: fileOf(ctx, p.productId, 'light'), bias: fileOf(ctx, p.biasId, 'master bias'), dark: fileOf(ctx, p.darkId, 'master dark'), flat: fileOf(ctx, p.flatId, 'master flat'), stage: stagingArea(ctx.paths) };
  },
  files: (input) => [input.light, input.bias, input.dark, input.flat],
  ingest(ctx, _task, p, output) {
    const raw = calibRow(ctx.db, p.productId);
    if (!raw) throw new TaskError('not_found', `light: data product ${p.productId} does not exist`);
    const existing = calibratedOf(ctx.db, p.productId);
    const id = storeDerivedProduct(ctx, {
      name: calibratedName(raw.name),
      ...derivedFile(output),
      kind: 'calibrated',
      frameType: 'light',
      rawId: p.productId,
      calib: { biasId: p.biasId, darkId: p.darkId, flatId: p.flatId, ...(p.why ? { why: p.why } : {}), ...(existing !== undefined && existing !== p.productId ? { replaces: existing } : {}) },
    });
    setCalibWait(ctx, p.productId, null);
    return `calibrated:${id}`;
  },
  followUps: { calibrationChanged: () => true },
  // A light whose calibration failed says so in the library (the task keeps the details); one
  // calibrated already says its recalibration failed and that its calibrated frame is kept (the
  // planner leaves this reason while the rule still wants those masters).
  onEnded(ctx, task, p, status) {
    if (calibRow(ctx.db, p.productId) === undefined) return;
    if (status !== 'failed') return setCalibWait(ctx, p.productId, null);
    const error = task.error_message ?? task.error_code ?? 'unknown error';
    const kept = calibratedOf(ctx.db, p.productId);
    setCalibWait(ctx, p.productId, kept !== undefined ? `recalibration failed: ${error}; calibrated frame #${kept} kept` : `calibration failed: ${error}`);
  },
};
