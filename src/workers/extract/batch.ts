/**
 * Batch extraction (`nightshift extract` with several files, `--out DIR`) on the calling
 * thread and worker threads that split the work by stage rather than by image.
 *
 * One image per thread makes every thread warm up the whole extractor: each worker's V8
 * interprets, then compiles, every stage on its first images, and on a two-core machine that
 * compilation competes with the extraction itself. Here a "preparing" worker runs only the
 * pixel-bound stages (read, background, detection: about two thirds of the work) of the
 * images it claims and hands the detections over (typed arrays, the pixels in a
 * SharedArrayBuffer); the calling thread deblends, cleans, measures and writes those, and
 * whenever none is waiting extracts a whole image itself. Every thread claims images from one
 * shared counter, so the threads stay busy to the end, and a preparing worker stays at most
 * a few images ahead of the calling thread (memory stays bounded). The catalogs are
 * identical to those of `extract` on each file alone.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { BackgroundModel } from '../../core/extract/background.js';
import { Detections, PixelRecords } from '../../core/extract/detect.js';
import { type Catalog, detectImage, ExtractError, type ExtractOptions, kernelOf, measureDetections, type ResolvedOptions, resolveOptions } from '../../core/extract/extract.js';
import { type Card, Header } from '../../core/fits/index.js';
import { imageMeta, LoadError, readPixels } from './load.js';
import { StripPool } from './parallel.js';
import { outputName, renderCatalog } from './render.js';

/** Words of the shared control array. */
export const BATCH_NEXT = 0;
/** Results posted by the preparing workers. */
export const BATCH_POSTED = 1;
/** Results taken by the calling thread. */
export const BATCH_CONSUMED = 2;
export const BATCH_WORDS = 3;

/** At most this many preparing workers (the calling thread measures for all of them). */
const MAX_PREPARERS = 2;
/** Bytes of prepared images a worker may hold waiting for the calling thread. */
const AHEAD_BYTES = 128 * 1024 * 1024;

/** The detections of one image, as a preparing worker posts them. */
export type PreparedImage =
  | {
      ok: true;
      index: number;
      hdu: number;
      cards: readonly Card[];
      width: number;
      height: number;
      /** The background-subtracted image (in a SharedArrayBuffer when the file's type allowed in-place decoding). */
      sub: Float32Array;
      model: BackgroundModel;
      pixels: PixelRecords;
      start: Int32Array;
      ncomp: number;
    }
  | { ok: false; index: number; message: string };

type WaitAsync = (a: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: Promise<string> | string };
/** `Atomics.waitAsync` (Node ≥ 16; not yet in TypeScript's lib for our target). */
const atomicsWaitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** Resolves when `a[index]` is no longer `value` (or after `timeoutMs`), without blocking the event loop. */
async function waitForChange(a: Int32Array, index: number, value: number, timeoutMs: number): Promise<void> {
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

/**
 * On a preparing worker: claim images from `ctl[BATCH_NEXT]`, run their pixel-bound stages
 * and post each result on `port`, never more than `ahead` results ahead of the calling
 * thread. Returns how many it prepared. `o` must have `inPlace` set.
 */
export function prepareFiles(paths: readonly string[], ctl: Int32Array, port: MessagePort, hdu: number | undefined, o: ResolvedOptions, ahead: number): number {
  let done = 0;
  for (;;) {
    for (;;) {
      const consumed = Atomics.load(ctl, BATCH_CONSUMED);
      if (Atomics.load(ctl, BATCH_POSTED) - consumed < ahead) break;
      Atomics.wait(ctl, BATCH_CONSUMED, consumed, 1000);
    }
    const i = Atomics.add(ctl, BATCH_NEXT, 1);
    if (i >= paths.length) return done;
    let msg: PreparedImage;
    const transfer: ArrayBuffer[] = [];
    try {
      const px = readPixels(paths[i], hdu, { shared: true });
      const d = detectImage(px.image, px.width, px.height, o);
      const p = d.det.pixels;
      msg = { ok: true, index: i, hdu: px.hdu, cards: px.header.cards, width: px.width, height: px.height, sub: d.sub, model: d.model, pixels: p, start: d.det.start, ncomp: d.det.ncomp };
      for (const a of [p.idx, p.value, p.cd, p.raw, d.det.start]) transfer.push(a.buffer as ArrayBuffer);
      if (!(d.sub.buffer instanceof SharedArrayBuffer)) transfer.push(d.sub.buffer);
    } catch (e) {
      msg = { ok: false, index: i, message: fileError(paths[i], e).message };
    }
    port.postMessage(msg, transfer);
    done++;
    Atomics.add(ctl, BATCH_POSTED, 1);
    Atomics.notify(ctl, BATCH_POSTED);
  }
}

/** Per-image options: the header's SATURATE and GAIN unless the caller set them. */
function imageOptions(options: ExtractOptions, meta: { saturate?: number; gain?: number }): ResolvedOptions {
  return resolveOptions({ ...options, saturate: options.saturate ?? meta.saturate, gain: options.gain ?? meta.gain, inPlace: true });
}

/** The calling thread's half of a prepared image: deblending, CLEAN, photometry, RA/Dec. */
function finishPrepared(path: string, p: Extract<PreparedImage, { ok: true }>, options: ExtractOptions): Catalog {
  const meta = imageMeta(path, new Header(p.cards));
  const o = imageOptions(options, meta);
  // Rebuilt as instances of the classes the stages were optimised for (messages arrive as plain objects).
  const m = p.model;
  const model = new BackgroundModel(m.width, m.height, m.bw, m.bh, m.nx, m.ny, m.back, m.sigma, m.dback, m.dsigma, m.globalBack, m.globalRms);
  const px = p.pixels;
  const det = new Detections(new PixelRecords(px.idx, px.value, px.cd, px.raw, px.count), p.start, p.ncomp);
  try {
    return measureDetections({ sub: p.sub, model, det }, p.width, p.height, o, { pixToSky: meta.pixToSky });
  } catch (e) {
    throw fileError(path, e);
  }
}

/** A whole image on the calling thread. */
function extractWhole(path: string, hdu: number | undefined, options: ExtractOptions): Catalog {
  const px = readPixels(path, hdu);
  const meta = imageMeta(path, px.header);
  const o = imageOptions(options, meta);
  try {
    return measureDetections(detectImage(px.image, px.width, px.height, o), px.width, px.height, o, { pixToSky: meta.pixToSky });
  } catch (e) {
    throw fileError(path, e);
  }
}

/** Scheduling knobs of {@link extractBatch} (tests). */
export interface BatchTuning {
  /** The calling thread extracts whole images when no prepared one waits [true]; false: it only measures prepared images. */
  wholeOnCaller?: boolean;
}

/**
 * Extract every file into `outDir/<stem>.<format>` with up to `threads` threads (the calling
 * thread included). The first failure stops the batch and is thrown (a {@link LoadError}
 * naming the file); catalogs already written stay.
 */
export async function extractBatch(
  paths: readonly string[],
  hdu: number | undefined,
  options: ExtractOptions,
  format: 'csv' | 'json',
  outDir: string,
  threads: number,
  tuning: BatchTuning = {},
): Promise<void> {
  const n = paths.length;
  const base = resolveOptions({ ...options, inPlace: true });
  try {
    kernelOf(base);
  } catch (e) {
    throw new LoadError((e as ExtractError).message);
  }
  mkdirSync(outDir, { recursive: true });
  const write = (i: number, cat: Catalog): void => writeFileSync(outputName(outDir, paths[i], format), renderCatalog(cat, format, paths[i]));
  const nworkers = Math.min(threads, n) - 1;
  if (nworkers <= 0) {
    for (let i = 0; i < n; i++) write(i, extractWhole(paths[i], hdu, options));
    return;
  }
  const ctl = new Int32Array(new SharedArrayBuffer(4 * BATCH_WORDS));
  const npre = Math.min(nworkers, MAX_PREPARERS);
  let largest = 0;
  for (const p of paths) {
    try {
      largest = Math.max(largest, statSync(p).size);
    } catch {
      // reported when the file is read
    }
  }
  // per preparing worker; at least one, so that it can always work while this thread measures
  const ahead = Math.max(1, Math.min(3, Math.floor(AHEAD_BYTES / Math.max(1, largest))));
  const pool = new StripPool(nworkers);
  const channels = Array.from({ length: npre }, () => new MessageChannel());
  let failure: unknown = null;
  const stop = (e: unknown): void => {
    failure ??= e;
    Atomics.store(ctl, BATCH_NEXT, n);
    Atomics.store(ctl, BATCH_CONSUMED, 1 << 30); // releases preparers waiting for room
    Atomics.notify(ctl, BATCH_CONSUMED);
  };
  let preparersLeft = npre;
  const jobs = [
    ...channels.map((c, k) =>
      pool.run(k, { op: 'prepare', paths: [...paths], ctl, port: c.port2, hdu, options: base, ahead }, [c.port2]).finally(() => {
        preparersLeft--;
      }),
    ),
    // beyond two preparers the calling thread could not keep up: the other workers take whole images
    ...Array.from({ length: nworkers - npre }, (_, k) => pool.run(npre + k, { op: 'files', paths: [...paths], counter: ctl, hdu, options, format, outDir })),
  ];
  const settled = Promise.all(jobs).catch(stop);
  try {
    let consumed = 0;
    for (;;) {
      if (failure) throw failure;
      let got = false;
      for (const c of channels) {
        const m = receiveMessageOnPort(c.port1);
        if (!m) continue;
        got = true;
        const r = m.message as PreparedImage;
        consumed++;
        Atomics.add(ctl, BATCH_CONSUMED, 1);
        Atomics.notify(ctl, BATCH_CONSUMED);
        if (!r.ok) throw new LoadError(r.message);
        write(r.index, finishPrepared(paths[r.index], r, options));
      }
      if (got) continue;
      if (tuning.wholeOnCaller !== false && Atomics.load(ctl, BATCH_NEXT) < n) {
        const i = Atomics.add(ctl, BATCH_NEXT, 1);
        if (i < n) {
          write(i, extractWhole(paths[i], hdu, options));
          continue;
        }
      }
      const posted = Atomics.load(ctl, BATCH_POSTED);
      if (preparersLeft === 0 && consumed >= posted) break;
      // wait for a result (or a worker's end), letting the event loop run
      if (consumed >= posted) await waitForChange(ctl, BATCH_POSTED, posted, 100);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await settled;
    if (failure) throw failure;
  } catch (e) {
    stop(e);
    await settled;
    throw e instanceof ExtractError ? new LoadError(e.message) : e;
  } finally {
    for (const c of channels) c.port1.close();
    await pool.close();
  }
}
