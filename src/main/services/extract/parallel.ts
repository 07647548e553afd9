/**
 * Extraction of one image on worker threads. The core exposes every stage over ranges
 * (mesh rows, image strips, components, objects); this module splits the two pixel-bound
 * stages — background mesh statistics and detection (background subtraction, filtering,
 * thresholding, Lutz labelling) — over horizontal strips on worker threads sharing the
 * image through a SharedArrayBuffer, then merges the strips and runs deblending (which
 * must consume the C `rand()` sequence in SExtractor's order), CLEAN and photometry on
 * the calling thread. The calling thread takes the first, shorter strip and deblends the
 * components it closes while the workers still detect (see {@link detectAndDeblend}); the
 * workers can be closed once detection is done. Objects crossing strip boundaries
 * are re-listed in whole-image Lutz order, so the catalog is identical to the single-threaded
 * core `extract` (checked on the 4096² and 3000² synthetic fields).
 */
import { extname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type TransferListItem, Worker } from 'node:worker_threads';
import {
  analyseComponents,
  type BackgroundModel,
  backgroundMeshRows,
  backgroundModel,
  type Catalog,
  checkImage,
  cleanStage,
  CRand,
  detectRows,
  extract,
  ExtractError,
  type ExtractHooks,
  type ExtractOptions,
  kernelOf,
  measureObjects,
  SKY_MANY_MIN,
  meshCount,
  type MeshRow,
  type RawObject,
  type ResolvedOptions,
  resolveOptions,
  segmentationMap,
  type Source,
  type StripDetections,
  StripGroups,
} from '../../../core/extract/index.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * Images whose detection found fewer components than this are measured on the calling thread
 * only (and their workers closed as soon as detection is merged).
 */
export const PARALLEL_MEASURE_MIN_OBJECTS = 50_000;

/**
 * Minimum number of pixels per thread before splitting pays off: 16 Mpixel, so an image gets two
 * threads from 32 Mpixel on. A strip worker starts cold (its own isolate, its code compiled
 * anew), and on the 2-core VM one thread now beats two below that: on 2026-12-07 (quiet, 7
 * alternating runs, catalogs identical) a 4096² image took 0.88 s and 141 MB on one thread
 * against 0.95 s and 147 MB on two; 6144² took 1.79 s on two against 1.95 s on one, 8192² 2.25
 * against 2.47 s. (It was 4 Mpixel while the calling thread's own passes were slower.)
 */
export const MIN_PIXELS_PER_THREAD = 1 << 24;

/**
 * The worker entry: src/workers/strip-worker.ts under tsx; when built, `strip-worker.js` beside
 * the bundle this module ended up in (scripts/build.mjs emits one beside each). A bundler that
 * moves this module must emit `strip-worker` beside it, or pass its URL to {@link StripPool}.
 */
export const defaultWorkerUrl =
  extname(fileURLToPath(import.meta.url)) === '.ts' ? new URL('../../../workers/strip-worker.ts', import.meta.url) : new URL('./strip-worker.js', import.meta.url);

/**
 * Under tsx (tests, `node --import tsx`), a `.ts` worker needs tsx's loader registered in
 * the worker before its module is imported (Node 20 does not apply `--import` there).
 */
function tsWorker(url: URL): Worker {
  const api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true });
}

/** A small set of strip workers; create early (start-up overlaps file reading), close when done. */
export class StripPool {
  readonly workers: Worker[];
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();

  constructor(
    readonly size: number,
    workerUrl: URL = defaultWorkerUrl,
  ) {
    this.workers = [];
    for (let i = 0; i < size; i++) {
      const w = workerUrl.pathname.endsWith('.ts') ? tsWorker(workerUrl) : new Worker(workerUrl);
      w.on('message', (r: WorkerReply) => {
        const p = this.pending.get(r.id);
        if (!p) return;
        this.pending.delete(r.id);
        if (r.op === 'error') p.reject(r.code ? new ExtractError(r.code as ExtractError['code'], r.message) : new Error(r.message));
        else p.resolve(r);
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  run(worker: number, msg: WithoutId<WorkerRequest>, transfer: TransferListItem[] = []): Promise<WorkerReply> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[worker].postMessage({ ...msg, id } as WorkerRequest, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function split(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < parts; k++) {
    const a = Math.round((k * n) / parts);
    const b = Math.round(((k + 1) * n) / parts);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** Background mesh statistics of the mesh rows split over the calling thread (the first part) and the pool's workers; the model. */
async function backgroundParallel(p: StripPool, shared: Float32Array, width: number, height: number, o: ResolvedOptions, nthreads: number): Promise<BackgroundModel> {
  const ny = meshCount(height, o.backSize);
  const meshParts = split(ny, nthreads);
  const meshPending = meshParts.slice(1).map(([j0, j1], k) => p.run(k, { op: 'mesh', image: shared, width, height, j0, j1, options: o }));
  const rows: MeshRow[] = backgroundMeshRows(shared, width, height, meshParts[0][0], meshParts[0][1], o);
  for (const r of await Promise.all(meshPending)) if (r.op === 'mesh') rows.push(...r.rows);
  return backgroundModel(rows, width, height, o);
}

/**
 * The calling thread's strip of rows, as a fraction of a worker's: it deblends the components
 * its strip closes while the workers still detect theirs (see {@link detectAndDeblend}), so it
 * takes fewer rows. 2/3: on two threads, 40 % of the rows.
 */
const CALLER_STRIP_WEIGHT = 2 / 3;

/** Rows [0, n) in `parts` strips, the first `firstWeight` times as tall as each other. */
function splitWeighted(n: number, parts: number, firstWeight: number): [number, number][] {
  const total = firstWeight + parts - 1;
  const out: [number, number][] = [];
  for (let k = 0; k < parts; k++) {
    const a = k === 0 ? 0 : Math.round(((firstWeight + k - 1) * n) / total);
    const b = Math.round(((firstWeight + k) * n) / total);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** How many of strip `s`'s components end above its last row and have at least `minarea` pixels. */
function closedComponents(s: StripDetections, minarea: number): number {
  let n = 0;
  for (let c = 0; c < s.ncomp; c++) if (!(s.compOpen[c] & 2) && s.compStart[c + 1] - s.compStart[c] >= minarea) n++;
  return n;
}

/**
 * Detection on strips of rows (the calling thread takes the first, the workers the others),
 * merged into whole-image components, and their deblending and analysis (in component order:
 * it draws from one C `rand()` sequence). While the workers still detect, the calling thread
 * deblends the components its strip closed: those end above the strip's last row, so their
 * Lutz completion comes before every other component's (the whole-image order is that of
 * completion), and each is one strip's component whose pixels the merge lists in the same
 * order; the objects, and the `rand()` draws, are those of the deblending after the merge.
 * A function of its own so that the strips' and the merge's records are garbage when it returns.
 */
async function detectAndDeblend(
  p: StripPool,
  shared: Float32Array,
  sub: Float32Array,
  width: number,
  height: number,
  model: BackgroundModel,
  o: ResolvedOptions,
  nthreads: number,
  progress: (stage: string, fraction: number) => void,
  /** Called with the number of components once the workers' detections are in and merged. */
  detected: (ncomp: number) => void,
): Promise<RawObject[]> {
  const kh2 = (kernelOf(o)?.height ?? 1) >> 1;
  const strips = splitWeighted(height, nthreads, CALLER_STRIP_WEIGHT);
  const halos = strips.map(([y0, y1]) => {
    const rowsOut: [number, Float32Array][] = [];
    for (let y = y0 - kh2; y < y1 + kh2; y++) {
      if (y < 0 || y >= height || (y >= y0 && y < y1)) continue;
      rowsOut.push([y, shared.slice(y * width, (y + 1) * width)]);
    }
    return rowsOut;
  });
  const detPending = strips.slice(1).map(([y0, y1], k) =>
    p.run(k, { op: 'detect', image: shared, sub, width, height, y0, y1, model, options: o, halo: halos[k + 1] }, halos[k + 1].map(([, r]) => r.buffer as ArrayBuffer)),
  );
  const first = detectRows(shared, width, height, strips[0][0], strips[0][1], model, o, sub, new Map(halos[0]), (f) => progress('detect', f * 0.9));
  const analysisThresh = o.thresh * model.globalRms;
  const keepPixels = o.maskType === 'correct';
  const rand = new CRand();
  const early = strips.length > 1 ? closedComponents(first, o.minarea) : 0;
  const raw = early > 0 ? analyseComponents(new StripGroups([first], width, o.minarea), 0, early, width, height, analysisThresh, o, keepPixels, rand, model) : [];
  const stripDets: StripDetections[] = [first];
  for (const r of await Promise.all(detPending)) if (r.op === 'detect') stripDets.push(r.strip);
  const det = new StripGroups(stripDets, width, o.minarea);
  detected(det.ncomp);
  progress('detect', 1);
  progress('deblend', 0);
  const rest = analyseComponents(det, early, det.ncomp, width, height, analysisThresh, o, keepPixels, rand, model, (f) => progress('deblend', f));
  for (const r of rest) raw.push(r);
  progress('deblend', 1);
  return raw;
}

/**
 * Extract `image` (row-major, NaN = masked) with up to `threads` threads. Small images,
 * or `threads` ≤ 1, run on the calling thread. An existing `pool` is used, and left open unless
 * `closePool` is set: then, like a pool of its own, it is closed as soon as the extraction needs
 * its workers no more (after detection, unless photometry is split too), so that their memory
 * (about 7 MB of the peak for a 4096² image) is given back before the objects are measured.
 * `minPixelsPerThread` (default {@link MIN_PIXELS_PER_THREAD}) lets tests split smaller images.
 */
export async function extractParallel(
  image: Float32Array,
  width: number,
  height: number,
  options: ExtractOptions,
  hooks: ExtractHooks,
  threads: number,
  pool?: StripPool,
  { closePool = false, minPixelsPerThread = MIN_PIXELS_PER_THREAD }: { closePool?: boolean; minPixelsPerThread?: number } = {},
): Promise<Catalog> {
  // the calling thread takes the first part itself: `threads` parts need threads − 1 workers
  const nthreads = Math.min(threads, pool ? pool.size + 1 : threads, Math.floor((width * height) / minPixelsPerThread));
  if (nthreads <= 1) return extract(image, width, height, options, hooks);
  const o = resolveOptions(options);
  checkImage(image, width, height);
  kernelOf(o);
  const own = pool ? null : new StripPool(nthreads - 1);
  const p = pool ?? own!;
  const progress = hooks.onProgress ?? (() => {});
  try {
    let shared = image;
    if (!(image.buffer instanceof SharedArrayBuffer)) {
      shared = new Float32Array(new SharedArrayBuffer(width * height * 4));
      shared.set(image.subarray(0, width * height));
    }
    progress('background', 0);
    const model = await backgroundParallel(p, shared, width, height, o, nthreads);
    progress('background', 1);
    progress('detect', 0);
    const inPlace = o.inPlace || shared !== image;
    const sub = inPlace ? shared : new Float32Array(new SharedArrayBuffer(width * height * 4));
    // photometry is split over the threads for crowded images only; otherwise the workers go as
    // soon as their detections are in, before deblending makes the objects (their memory is not
    // part of the peak, which comes with the objects: ~7 MB of a 4096² image's)
    let splitMeasure = false;
    const detected = (ncomp: number): void => {
      splitMeasure = ncomp >= PARALLEL_MEASURE_MIN_OBJECTS;
      if (!splitMeasure && (own || closePool)) void p.close();
    };
    const raw = await detectAndDeblend(p, shared, sub, width, height, model, o, nthreads, progress, detected);
    progress('clean', 0);
    const { kept, fluxIso } = cleanStage(raw, o.thresh * model.globalRms, o);
    progress('clean', 1);
    progress('measure', 0);
    const seg = o.maskType === 'correct' ? segmentationMap(kept, width, height, new Int32Array(new SharedArrayBuffer(width * height * 4))) : null;
    // photometry: slices of the objects on every thread (the calling thread takes the first);
    // cloning objects and sources costs about what it saves below ~50 000 objects
    const parts = split(kept.length, splitMeasure ? nthreads : 1);
    const measPending = parts.slice(1).map(([i0, i1], k) =>
      p.run(k, {
        op: 'measure',
        objs: kept.slice(i0, i1).map((r) => ({ ...r, pixels: null })),
        fluxIso: fluxIso.slice(i0, i1),
        sub,
        width,
        height,
        model,
        options: o,
        seg,
        idOffset: i0,
      }),
    );
    const sources = parts.length ? measureObjects(kept, fluxIso, parts[0][0], parts[0][1], sub, width, height, model, o, seg, (f) => progress('measure', f * 0.9), 0, hooks.pixToSky, hooks.pixToSkyMany) : [];
    const fromWorkers: Source[] = [];
    for (const r of await Promise.all(measPending)) if (r.op === 'measure') for (const src of r.sources) fromWorkers.push(src);
    if (hooks.pixToSkyMany && hooks.pixToSky && fromWorkers.length >= SKY_MANY_MIN) {
      // the workers' sources (functions cannot go to a worker), in one call
      const xy = new Float64Array(2 * fromWorkers.length);
      for (let i = 0; i < fromWorkers.length; i++) {
        xy[2 * i] = fromWorkers[i].x;
        xy[2 * i + 1] = fromWorkers[i].y;
      }
      hooks.pixToSkyMany(xy);
      for (let i = 0; i < fromWorkers.length; i++) {
        const ra = xy[2 * i];
        const dec = xy[2 * i + 1];
        if (Number.isFinite(ra) && Number.isFinite(dec)) {
          fromWorkers[i].ra = ra;
          fromWorkers[i].dec = dec;
        }
      }
    } else if (hooks.pixToSky) {
      // the workers' sources (functions cannot go to a worker)
      for (const s of fromWorkers) {
        const [ra, dec] = hooks.pixToSky(s.x, s.y);
        if (Number.isFinite(ra) && Number.isFinite(dec)) {
          s.ra = ra;
          s.dec = dec;
        }
      }
    }
    for (const s of fromWorkers) sources.push(s);
    progress('measure', 1);
    progress('done', 1);
    return { sources, width, height, globalBackground: model.globalBack, globalRms: model.globalRms, options: o };
  } finally {
    if (own) await own.close();
  }
}
