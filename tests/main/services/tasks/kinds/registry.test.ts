/**
 * The two registries agree: every pool kind the service accepts runs a worker half that the
 * pool threads have (the same module, not a namesake), and the threads run nothing else but
 * the thumbnail renderer (the thumbnail service's, which is not a task of the task table).
 */
import { describe, expect, it } from 'vitest';
import { taskKinds } from '../../../../../src/main/services/tasks/kinds/index.js';
import { thumbnailWorker } from '../../../../../src/main/services/tasks/kinds/thumbnail/run.js';
import { workerKinds } from '../../../../../src/main/services/tasks/kinds/worker-registry.js';

describe('task kind registries', () => {
  it('pair each pool kind with the worker half the threads load, by import', () => {
    const kinds = [...taskKinds({ NIGHTSHIFT_DEBUG_TASKS: '1' }).values()];
    const pool = kinds.flatMap((k) => (k.execution === 'pool' ? [k] : []));
    expect(pool.map((k) => k.name).sort()).toEqual(['calib-master', 'calibrate', 'debug', 'extract', 'noop', 'photometry', 'solve']);
    for (const kind of pool) expect(workerKinds.get(kind.worker.name), kind.name).toBe(kind.worker);
    const used = new Set([...pool.map((k) => k.worker.name), thumbnailWorker.name]);
    expect([...workerKinds.keys()].sort()).toEqual([...used].sort());
    expect(workerKinds.get('thumbnail')).toBe(thumbnailWorker);
  });

  it('leave the debug kind out unless NIGHTSHIFT_DEBUG_TASKS=1', () => {
    expect(taskKinds({}).has('debug')).toBe(false);
    expect(taskKinds({ NIGHTSHIFT_DEBUG_TASKS: '1' }).has('debug')).toBe(true);
  });
});
