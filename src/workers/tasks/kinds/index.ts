import { debugKind, noopKind } from './debug.js';
import { extractKind } from './extract.js';
import { photometryKind } from './photometry.js';
import { thumbnailKind } from './thumbnail.js';
import type { WorkerKind } from './types.js';

/** Every kind a pool thread can run. Add a compute kind by adding its module here. */
export const workerKinds: ReadonlyMap<string, WorkerKind> = new Map(
  ([extractKind, noopKind, debugKind, photometryKind, thumbnailKind] as WorkerKind[]).map((k) => [k.name, k]),
);
