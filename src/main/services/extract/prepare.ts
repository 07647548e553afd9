/**
 * The preparing worker's half of a batch (see batch.ts): for each image the calling thread
 * hands over, the background model, detection and deblending. A module of its own, so that
 * the worker loads none of the file-reading code (FITS, WCS) the calling thread needs.
 */
import type { MessagePort } from 'node:worker_threads';
import {
  type BackgroundModel,
  deblendDetections,
  detectImage,
  packObjects,
  type PackedObjects,
  type ResolvedOptions,
  resolveOptions,
} from '../../../core/extract/index.js';
import { SharedMesh } from './shared-mesh.js';
import { warmUp } from './warm-up.js';

/**
 * Words of the shared control array: the next file to claim (every thread), the images the
 * preparing worker has posted back, and the catalogs written (every thread).
 */
export const BATCH_NEXT = 0;
export const BATCH_POSTED = 1;
export const BATCH_WRITTEN = 2;
export const BATCH_WORDS = 3;

/** An image the calling thread hands to the preparing worker (`null`: no more). */
export interface ImageJob {
  index: number;
  /** Raw pixels, in a SharedArrayBuffer when the file's type allowed in-place decoding (else a copy). */
  image: Float32Array;
  width: number;
  height: number;
  mesh: SharedMesh;
  /**
   * The calling thread computes the mesh statistics (the pixels are shared; the worker computes
   * the rows it has not claimed yet when it gets to the image). Otherwise (the worker has a
   * copy of the pixels) the worker computes them all.
   */
  meshByCaller: boolean;
  /** This image's options (its header's SATURATE and GAIN), `inPlace` set. */
  options: ResolvedOptions;
}

/** The objects of one image, as the preparing worker posts them back. */
export type PreparedImage =
  | {
      ok: true;
      index: number;
      /** The background-subtracted image (the job's pixels, overwritten in place). */
      sub: Float32Array;
      model: BackgroundModel;
      /** The deblended objects, analysed, packed for the way back. */
      objects: PackedObjects;
    }
  | { ok: false; index: number; message: string };

/**
 * On the preparing worker: for each {@link ImageJob} arriving on `port`, the background model,
 * detection (in place) and deblending, posted back as a {@link PreparedImage}; each post
 * counted in `ctl[BATCH_POSTED]`. Resolves with the number of images when a `null` job arrives.
 */
export function serveImages(port: MessagePort, ctl: Int32Array): Promise<number> {
  return new Promise((resolve) => {
    let done = 0;
    port.on('message', (job: ImageJob | null) => {
      if (job === null) {
        port.close();
        resolve(done);
        return;
      }
      let msg: PreparedImage;
      try {
        const { image, width, height } = job;
        // a fresh literal from the same site for every image (see background.ts on maps)
        const o = resolveOptions(job.options);
        const mesh = SharedMesh.from(job.mesh);
        // The first image's background statistics are not ready yet (the calling thread is
        // computing them): rather than wait, run the stages once on a small synthetic field,
        // so that V8 compiles them while the thread would be idle, not during the first image.
        if (job.meshByCaller && done === 0 && !mesh.ready()) warmUp(o);
        // rows the calling thread has not got to (all of them when the pixels are this
        // thread's copy): computed here rather than waited for
        while (mesh.work(image, width, height, o));
        const d = detectImage(image, width, height, o, undefined, mesh.rows());
        const objects = packObjects(deblendDetections(d, width, height, o));
        msg = { ok: true, index: job.index, sub: d.sub, model: d.model, objects };
      } catch (e) {
        msg = { ok: false, index: job.index, message: (e as Error).message };
      }
      // Copied, never transferred: a transfer detaches the buffer, and the first detached
      // buffer of an isolate makes V8 throw away all the optimised code that reads typed
      // arrays (it assumed none ever is) and compile it again with a check on every access.
      port.postMessage(msg);
      done++;
      Atomics.add(ctl, BATCH_POSTED, 1);
      Atomics.notify(ctl, BATCH_POSTED);
    });
  });
}

