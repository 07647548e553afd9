import { TaskError } from '../../../../../shared/task-error.js';
import { calibRow, derivedFile, stagingArea, storeDerivedProduct, storedFileRef } from '../../../library/calib-products.js';
import { frameOf, groupText } from '../../../calibration/frames.js';
import type { FileRef } from '../../file-ref.js';
import type { KindContext, PoolHooks } from '../types.js';
import type { CalibImageOutput, CalibMasterInput, CalibMasterPayload } from './schema.js';

/** The stored file of a library product, as a job's file reference. Throws `not_found`. */
function productFile(ctx: KindContext, id: number, what: string): FileRef {
  const ref = storedFileRef(ctx.db, ctx.paths, id);
  if (!ref) throw new TaskError('not_found', `${what}: data product ${id} does not exist`);
  return ref;
}

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * What a master records of its inputs (calib_json): its group and night, camera, exposure and
 * temperature (means), filter, time (the middle of the inputs'), date range, inputs and the
 * masters that prepared them.
 */
function masterCalib(ctx: KindContext, p: CalibMasterPayload): Record<string, unknown> {
  const frames = p.frameIds.map((id) => calibRow(ctx.db, id)).filter((r) => r !== undefined).map((r) => frameOf(r));
  const first = frames[0];
  const times = frames.map((f) => f.time).filter((t): t is number => t !== null);
  return {
    type: p.type,
    group: p.group,
    night: p.night ?? null,
    title: first ? groupText({ ...first, night: p.night ?? null }) : p.group,
    camera: first?.camera ?? null,
    cameraText: first?.cameraText ?? null,
    exposure: mean(frames.map((f) => f.exposure).filter((t): t is number => t !== null)),
    temperature: mean(frames.map((f) => f.temperature).filter((t): t is number => t !== null)),
    filter: first?.filter ?? null,
    time: times.length > 0 ? (Math.min(...times) + Math.max(...times)) / 2 : null,
    dateMin: times.length > 0 ? new Date(Math.min(...times)).toISOString() : null,
    dateMax: times.length > 0 ? new Date(Math.max(...times)).toISOString() : null,
    inputs: [...p.frameIds].sort((a, b) => a - b),
    biasId: p.biasId ?? null,
    darkId: p.darkId ?? null,
  };
}

/** The header cards saying a master's night and its inputs' date range (first and last DATE-OBS, ISO 8601 UTC). */
function nightCards(calib: Record<string, unknown>): NonNullable<CalibMasterInput['cards']> {
  const cards: NonNullable<CalibMasterInput['cards']> = [];
  if (typeof calib.night === 'string') cards.push({ keyword: 'DAY-OBS', value: calib.night, comment: 'observing night of the inputs (its evening)' });
  const iso = (v: unknown): string | null => (typeof v === 'string' ? v.replace(/Z$/, '') : null);
  const begin = iso(calib.dateMin);
  const end = iso(calib.dateMax);
  if (begin !== null) cards.push({ keyword: 'DATE-BEG', value: begin, comment: 'UTC start of the first input' });
  if (end !== null) cards.push({ keyword: 'DATE-END', value: end, comment: 'UTC start of the last input' });
  return cards;
}

/**
 * The main-side hooks of `calib-master`: the frames' and masters' files for the worker (and the
 * cards naming the master's night and date range), and the master (staged by the worker in the
 * library's tmp folder, or its bytes) stored as a product of the library (kind `master`) when it
 * comes back; then the calibration planner looks again (follow-up `calibrationChanged`).
 */
export const calibMasterHooks: PoolHooks<CalibMasterPayload, CalibMasterInput, CalibImageOutput> = {
  prepare(ctx, p) {
    const cards = nightCards(masterCalib(ctx, p));
    return {
      ...(cards.length > 0 ? { cards } : {}),
      type: p.type,
      frames: p.frameIds.map((id) => productFile(ctx, id, `${p.type} frame`)),
      ...(p.biasId !== undefined ? { bias: productFile(ctx, p.biasId, 'master bias') } : {}),
      ...(p.darkId !== undefined ? { dark: productFile(ctx, p.darkId, 'master dark') } : {}),
      method: 'median',
      stage: stagingArea(ctx.paths),
    };
  },
  files: (input) => [...input.frames, ...(input.bias ? [input.bias] : []), ...(input.dark ? [input.dark] : [])],
  ingest(ctx, _task, p, output) {
    const calib = masterCalib(ctx, p);
    const name = `${String(calib.title).replace(/[\\/:*?"<>|]/g, '_')}.fits`;
    const id = storeDerivedProduct(ctx, { name, ...derivedFile(output), kind: 'master', frameType: p.type, rawId: null, calib });
    return `master:${id}`;
  },
  followUps: { calibrationChanged: () => true },
};
