/**
 * Batch extraction (`nightshift extract` with several files, `--out DIR`) on the calling
 * thread and worker threads that split the work by stage rather than by image.
 *
 * One image per thread makes every thread warm up the whole extractor: each worker's V8
 * interprets, then compiles, every stage on its first images, and on a two-core machine that
 * compilation competes with the extraction itself. Here the stages are divided so that no
 * code runs on both threads: the calling thread reads each image (into a SharedArrayBuffer)
 * and computes its background mesh statistics (see {@link SharedMesh}), then hands it to a
 * "preparing" worker, which builds the background model, detects and deblends the sources
 * (the pixel loops and the deblending tree) and hands the objects back; the calling thread
 * then CLEANs and measures them and writes the catalog. The halves cost about the same. It
 * keeps the worker a few images ahead (bounded memory), computing the mesh statistics of the
 * worker's next image before measuring the last. With more threads, the other workers
 * extract whole files, claiming them from the same shared counter. The catalogs are identical
 * to those of `extract` on each file alone.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import {
  BackgroundModel,
  type Catalog,
  detectImage,
  ExtractError,
  type ExtractOptions,
  kernelOf,
  measureDetections,
  measureRawObjects,
  type ResolvedOptions,
  resolveOptions,
  unpackObjects,
} from '../../../core/extract/index.js';
import { BufferPool, type ImageMeta, imageMeta, imageOptions as headerOptions, LoadError, readPixels, warnWcs } from './load.js';
import { StripPool } from './parallel.js';
import { outputName, renderCatalog } from './render.js';
import { BATCH_NEXT, BATCH_POSTED, BATCH_WORDS, BATCH_WRITTEN, type ImageJob, type PreparedImage } from './prepare.js';
import { SharedMesh } from './shared-mesh.js';

/** Bytes of images handed to the preparing worker and not yet measured. */
const AHEAD_BYTES = 128 * 1024 * 1024;

type WaitAsync = (a: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: Promise<string> | string };
/** Resolves when `a[index]` is no longer `value` (or after `timeoutMs`), without blocking the event loop. */
async function waitForChange(a: Int32Array, index: number, value: number, timeoutMs: number): Promise<void> {
  // `Atomics.waitAsync` (Node ≥ 16; not yet in TypeScript's lib for our target), looked up here rather
  // than when the module loads: the extract command's startup snapshot loads it where there is no Atomics
  const atomicsWaitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  if (!atomicsWaitAsync) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return;
  }
  const w = atomicsWaitAsync(a, index, value, timeoutMs);
  if (w.async) await w.value;
}

function fileError(path: string, e: unknown): Error {
  if (e instanceof LoadError) return e;
  return new LoadError(`${path}: ${(e as Error).message}`);
}

/** Per-image options: the header's SATURATE and GAIN unless the caller set them (load.ts). */
function imageOptions(options: ExtractOptions, meta: ImageMeta): ResolvedOptions {
  return resolveOptions(headerOptions(options, meta));
}

/** The calling thread's half of a prepared image: CLEAN, photometry, RA/Dec. */
function finishPrepared(path: string, meta: ImageMeta, p: Extract<PreparedImage, { ok: true }>, width: number, height: number, options: ExtractOptions): Catalog {
  const o = imageOptions(options, meta);
  // Rebuilt as an instance of the class the stages were optimised for (messages arrive as plain objects).
  const m = p.model;
  const model = new BackgroundModel(m.width, m.height, m.bw, m.bh, m.nx, m.ny, m.back, m.sigma, m.dback, m.dsigma, m.globalBack, m.globalRms);
  try {
    return measureRawObjects(unpackObjects(p.objects), p.sub, model, width, height, o, { pixToSky: meta.pixToSky, pixToSkyMany: meta.pixToSkyMany });
  } catch (e) {
    throw fileError(path, e);
  }
}

/** A whole image on the calling thread. */
function extractWhole(path: string, hdu: number | undefined, options: ExtractOptions): Catalog {
  const px = readPixels(path, hdu);
  const meta = warnWcs(imageMeta(path, px.header));
  const o = imageOptions(options, meta);
  try {
    return measureDetections(detectImage(px.image, px.width, px.height, o), px.width, px.height, o, { pixToSky: meta.pixToSky, pixToSkyMany: meta.pixToSkyMany });
  } catch (e) {
    throw fileError(path, e);
  }
}

/** Writes a file's catalog into `outDir` and counts it in `ctl[BATCH_WRITTEN]`. */
function writeCatalog(ctl: Int32Array, outDir: string, path: string, format: 'csv' | 'json', cat: Catalog): void {
  writeFileSync(outputName(outDir, path, format), renderCatalog(cat, format, path));
  Atomics.add(ctl, BATCH_WRITTEN, 1);
}

/**
 * Whole files, one after the other, claimed from `ctl[BATCH_NEXT]` (shared with every other
 * thread of the batch) until none is left. Returns how many this thread did.
 */
export function extractFiles(paths: readonly string[], ctl: Int32Array, hdu: number | undefined, options: ExtractOptions, format: 'csv' | 'json', outDir: string, onWritten?: () => void): number {
  let done = 0;
  for (;;) {
    const i = Atomics.add(ctl, BATCH_NEXT, 1);
    if (i >= paths.length) return done;
    writeCatalog(ctl, outDir, paths[i], format, extractWhole(paths[i], hdu, options));
    onWritten?.();
    done++;
  }
}

/**
 * Extract every file into `outDir/<stem>.<format>` with up to `threads` threads (the calling
 * thread included). The first failure stops the batch and is thrown (a {@link LoadError}
 * naming the file); catalogs already written stay. `onProgress` hears the number of catalogs
 * written so far, on this thread, whenever it has changed (at most every 100 ms, and at the end).
 */
export async function extractBatch(
  paths: readonly string[],
  hdu: number | undefined,
  options: ExtractOptions,
  format: 'csv' | 'json',
  outDir: string,
  threads: number,
  onProgress?: (written: number, total: number) => void,
): Promise<void> {
  const n = paths.length;
  const base = resolveOptions({ ...options, inPlace: true });
  try {
    kernelOf(base);
  } catch (e) {
    throw new LoadError((e as ExtractError).message);
  }
  mkdirSync(outDir, { recursive: true });
  const ctl = new Int32Array(new SharedArrayBuffer(4 * BATCH_WORDS));
  let reported = -1;
  let reportedAt = 0;
  const report = (force = false): void => {
    const written = Atomics.load(ctl, BATCH_WRITTEN);
    if (!onProgress || written === reported || (!force && performance.now() - reportedAt < 100)) return;
    reported = written;
    reportedAt = performance.now();
    onProgress(written, n);
  };
  const nworkers = Math.min(threads, n) - 1;
  if (nworkers <= 0) {
    extractFiles(paths, ctl, hdu, options, format, outDir, report);
    report(true);
    return;
  }
  let largest = 0;
  for (const p of paths) {
    try {
      largest = Math.max(largest, statSync(p).size);
    } catch {
      // reported when the file is read
    }
  }
  // images handed over and not yet measured: at least 2, so the worker always has the next one
  const ahead = Math.max(2, Math.min(4, Math.floor(AHEAD_BYTES / Math.max(1, largest))));
  const pool = new StripPool(nworkers);
  const { port1, port2 } = new MessageChannel();
  let failure: unknown = null;
  const stop = (e: unknown): void => {
    failure ??= e;
    Atomics.store(ctl, BATCH_NEXT, n);
  };
  const jobs = [
    pool.run(0, { op: 'prepare', ctl, port: port2 }, [port2]),
    // with more threads the others take whole images (this thread could not measure for more preparers)
    ...Array.from({ length: nworkers - 1 }, (_, k) => pool.run(1 + k, { op: 'files', paths: [...paths], counter: ctl, hdu, options, format, outDir })),
  ];
  const settled = Promise.all(jobs).catch(stop);
  const metas = new Map<number, { meta: ImageMeta; width: number; height: number }>();
  /** Buffers of images whose catalogs are written, for the next reads. */
  const buffers = new BufferPool();
  /** The background meshes of the images handed to the worker and not back yet. */
  const handed = new Map<number, SharedMesh>();
  try {
    let inFlight = 0;
    let received = 0;
    /** Images handed over so far: the worker takes them in this order. */
    let handedCount = 0;
    let reading = true;
    /** Handed images whose mesh rows this thread has not all claimed yet, oldest first, with their place in the worker's queue. */
    const open: { job: ImageJob; seq: number }[] = [];
    const meshRow = (): void => {
      const { job } = open[0];
      if (!job.mesh.work(job.image, job.width, job.height, base)) open.shift();
    };
    for (;;) {
      if (failure) throw failure;
      // the mesh rows of the worker's current and next images come first: it waits for them
      const posted = Atomics.load(ctl, BATCH_POSTED);
      if (open.length > 0 && open[0].seq <= posted + 1) {
        meshRow();
        continue;
      }
      // keep the worker supplied: read (and decode) the next image before measuring
      if (reading && inFlight < ahead) {
        const i = Atomics.add(ctl, BATCH_NEXT, 1);
        if (i < n) {
          const px = readPixels(paths[i], hdu, { shared: true, pool: buffers });
          const meta = warnWcs(imageMeta(paths[i], px.header));
          metas.set(i, { meta, width: px.width, height: px.height });
          // pixels that are not shared are copied to the worker, which computes their mesh rows
          const shared = px.image.buffer instanceof SharedArrayBuffer;
          const job: ImageJob = {
            index: i,
            image: px.image,
            width: px.width,
            height: px.height,
            mesh: SharedMesh.create(px.width, px.height, base),
            meshByCaller: shared,
            options: imageOptions(options, meta),
          };
          // never a transfer (see serveImages): pixels that are not shared are copied
          port1.postMessage(job);
          handed.set(i, job.mesh);
          if (shared) open.push({ job, seq: handedCount });
          handedCount++;
          inFlight++;
          continue;
        }
        reading = false;
      }
      const m = receiveMessageOnPort(port1);
      if (m) {
        const r = m.message as PreparedImage;
        inFlight--;
        received++;
        const h = metas.get(r.index)!;
        metas.delete(r.index);
        handed.delete(r.index);
        if (!r.ok) throw new LoadError(`${paths[r.index]}: ${r.message}`);
        writeCatalog(ctl, outDir, paths[r.index], format, finishPrepared(paths[r.index], h.meta, r, h.width, h.height, options));
        // nothing refers to the image any more (the worker posted it back and forgot it)
        if (r.sub.buffer instanceof SharedArrayBuffer) buffers.give(r.sub.buffer);
        report();
        continue;
      }
      if (!reading && inFlight === 0) break;
      report();
      if (open.length > 0) {
        meshRow();
        continue;
      }
      if (posted <= received) await waitForChange(ctl, BATCH_POSTED, posted, 100);
      else await new Promise((resolve) => setImmediate(resolve));
    }
    port1.postMessage(null);
    await settled;
    if (failure) throw failure;
    report(true);
  } catch (e) {
    stop(e);
    // a row this thread claimed may never be done: release the worker if it waits for one
    for (const mesh of handed.values()) mesh.abandon();
    port1.postMessage(null);
    // the worker finishes the image in hand; a dead or stuck one is terminated below
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    throw e instanceof ExtractError ? new LoadError(e.message) : e;
  } finally {
    port1.close();
    await pool.close();
  }
}
