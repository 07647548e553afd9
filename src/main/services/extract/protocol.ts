/**
 * Messages between `parallel.ts` and `strip-worker.ts`. Typed arrays travel by transfer
 * or, for the image, as views of one SharedArrayBuffer.
 */
import type {
  BackgroundModel,
  ExtractOptions,
  MeshRow,
  RawObject,
  ResolvedOptions,
  Source,
  StripDetections,
} from '../../../core/extract/index.js';
import type { MessagePort } from 'node:worker_threads';

export interface MeshRequest {
  op: 'mesh';
  id: number;
  image: Float32Array;
  width: number;
  height: number;
  j0: number;
  j1: number;
  options: ResolvedOptions;
}

export interface DetectRequest {
  op: 'detect';
  id: number;
  image: Float32Array;
  sub: Float32Array;
  width: number;
  height: number;
  y0: number;
  y1: number;
  model: BackgroundModel;
  options: ResolvedOptions;
  /** Raw rows just outside the strip, copied before any strip was overwritten. */
  halo: [number, Float32Array][];
}

/**
 * Batch mode with more than two threads: whole files from `paths`, claiming the next index
 * with `Atomics.add(counter, BATCH_NEXT, 1)` like every thread of the batch, each catalog
 * written to `outDir/<stem>.<format>` and counted in `counter[BATCH_WRITTEN]` (see `batch.ts`, `prepare.ts`).
 */
export interface FilesRequest {
  op: 'files';
  id: number;
  paths: string[];
  counter: Int32Array;
  hdu?: number;
  options: ExtractOptions;
  format: 'csv' | 'json';
  outDir: string;
}

/**
 * Batch mode, preparing worker: run the background model, detection and deblending of the
 * images that arrive on `port` and post the objects back, until a `null` arrives (see `batch.ts`).
 */
export interface PrepareRequest {
  op: 'prepare';
  id: number;
  /** Word `BATCH_POSTED` counts the results posted. */
  ctl: Int32Array;
  port: MessagePort;
}

/** Photometry of a slice of the objects (ids start after `idOffset`). */
export interface MeasureRequest {
  op: 'measure';
  id: number;
  objs: RawObject[];
  fluxIso: Float64Array;
  sub: Float32Array;
  width: number;
  height: number;
  model: BackgroundModel;
  options: ResolvedOptions;
  seg: Int32Array | null;
  idOffset: number;
}

export type WorkerRequest = MeshRequest | DetectRequest | FilesRequest | MeasureRequest | PrepareRequest;

export type WorkerReply =
  | { op: 'mesh'; id: number; rows: MeshRow[] }
  | { op: 'detect'; id: number; strip: StripDetections }
  | { op: 'files'; id: number; done: number }
  | { op: 'prepare'; id: number; done: number }
  | { op: 'measure'; id: number; sources: Source[] }
  | { op: 'error'; id: number; message: string; code?: string };
