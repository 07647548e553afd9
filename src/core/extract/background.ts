/**
 * Background and background-RMS model, following SExtractor's `back.c` (and SEP):
 * meshes of `backSize`² pixels, a sigma-clipped histogram mode estimate per mesh
 * (mode ≈ 2.5·median − 1.5·mean unless the histogram is too skewed, then the median),
 * bad meshes (< 50 % valid pixels) replaced by their nearest valid neighbours, a
 * `filterSize`² median filter of the mesh grid, then bicubic-spline interpolation to
 * full resolution. Global background / RMS are the medians of the filtered mesh grids.
 *
 * Conventions: pixel (x, y) is `image[y * width + x]`, 0-based; NaN pixels are ignored.
 * The spline nodes follow SExtractor exactly (including its half-pixel asymmetry between
 * x and y), so the maps agree with SExtractor's to float rounding.
 */
import { fmedian, windowMedian } from '../stats/index.js';
import type { GridKernels } from './grid-wasm.js';
import type { MeshKernels, PrefixSums } from './mesh-wasm.js';

const BIG = 1e30;
const QUANTIF_NSIGMA = 5;
const QUANTIF_NMAXLEVELS = 4096;
const QUANTIF_AMIN = 4;
const BACK_MINGOODFRAC = 0.5;
const f32 = Math.fround;

/*
 * Objects made once per image and read by hot loops are class instances, not object
 * literals: when an object literal with an object-valued field (a typed array) is evaluated
 * a second time, V8 (Node 20) deoptimises every optimised function that read a field of the
 * literal's map, so the second image of a batch re-ran the whole pipeline through the
 * interpreter and the optimising compiler again (about 150 ms of a 2048² image). Instances
 * of a class keep their field types. Plain objects of the same shape (e.g. a model that came
 * over a worker's message port) are still accepted wherever these types are.
 */

/** Per-mesh statistics for one row of meshes. */
export class MeshRow {
  constructor(
    /** Background estimate per mesh (−1e30 = bad mesh). */
    public back: Float32Array,
    /** RMS estimate per mesh (−1e30 = bad mesh). */
    public sigma: Float32Array,
    /** Number of NaN pixels seen in this mesh row. */
    public nanCount: number,
  ) {}
}

/** The interpolable background model (mesh grids + spline second derivatives along y). */
export class BackgroundModel {
  constructor(
    public width: number,
    public height: number,
    /** Mesh size in pixels (x). */
    public bw: number,
    /** Mesh size in pixels (y). */
    public bh: number,
    /** Mesh grid size (x). */
    public nx: number,
    /** Mesh grid size (y). */
    public ny: number,
    public back: Float32Array,
    public sigma: Float32Array,
    public dback: Float32Array,
    public dsigma: Float32Array,
    /** Median of the filtered background meshes [ADU]. */
    public globalBack: number,
    /** Median of the filtered RMS meshes [ADU]. */
    public globalRms: number,
  ) {}
}

/** Number of mesh columns/rows for an image dimension. */
export function meshCount(size: number, mesh: number): number {
  return Math.max(1, Math.floor((size - 1) / mesh) + 1);
}

/** Scratch for the loop kernels below: [sum, sum of squares, count, NaN count]. */
const SUMS = new Float64Array(4);

/*
 * The per-mesh pixel loops are small separate functions: V8 optimises each one on its own
 * with complete type feedback, instead of re-optimising one large function several times
 * while it runs (which cost more than the loops themselves on the first image of a process).
 */

/** Σp, Σp², count over valid pixels (NaN and values ≤ −1e30 excluded) and NaN count, into SUMS. */
function meshSums(image: Float32Array, width: number, x0: number, x1: number, y0: number, y1: number): void {
  let sum = 0;
  let sum2 = 0;
  let npix = 0;
  let nan = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    const e = row + x1;
    for (let i = row + x0; i < e; i++) {
      const p = image[i];
      if (p > -BIG) {
        sum += p;
        sum2 += p * p;
        npix++;
      } else if (p !== p) nan++;
    }
  }
  SUMS[0] = sum;
  SUMS[1] = sum2;
  SUMS[2] = npix;
  SUMS[3] = nan;
}

/** Σp, Σp², count over pixels in [lcut, hcut], into SUMS. */
function meshClippedSums(image: Float32Array, width: number, x0: number, x1: number, y0: number, y1: number, lcut: number, hcut: number): void {
  let sum = 0;
  let sum2 = 0;
  let npix = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    const e = row + x1;
    for (let i = row + x0; i < e; i++) {
      const p = image[i];
      if (p <= hcut && p >= lcut) {
        sum += p;
        sum2 += p * p;
        npix++;
      }
    }
  }
  SUMS[0] = sum;
  SUMS[1] = sum2;
  SUMS[2] = npix;
}

/**
 * The quantised histogram of a mesh (bins [0, nlevels); `histo` zeroed by the caller).
 *
 * SExtractor's bin is `(int)(pix/qscale + cste)` in float arithmetic. The float quotient
 * pix/qscale is computed here as fround(pix · (1/qscale)) with the reciprocal in double,
 * which is the same float for every pair of floats whose quotient is a normal float (mesh
 * values are far from the subnormal range), and cheaper than a division per pixel: such a
 * quotient is never a float rounding midpoint (its odd significand would need 25 bits times
 * the divisor's) and lies at least 2⁻⁵⁰ (relative) from every midpoint, while the double
 * product is within 2⁻⁵² of the quotient, so both round to the same float.
 */
function meshHistogram(image: Float32Array, width: number, x0: number, x1: number, y0: number, y1: number, qscale: number, cste: number, nlevels: number, histo: Int32Array): void {
  const rq = 1 / qscale;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    const e = row + x1;
    for (let i = row + x0; i < e; i++) {
      const v = f32(f32(image[i] * rq) + cste);
      if (v > -1 && v < nlevels) histo[v | 0]++;
    }
  }
}

/**
 * Statistics of the meshes in mesh row `j` (pixels rows j·bh … min((j+1)·bh, height)−1).
 * Pure and independent per row, so rows can be computed in parallel. With `kernels` (for rows of
 * `width`, room for `bh` rows), the whole row runs in WebAssembly (mesh-wasm.ts, mode-wasm.ts): the same floats.
 */
export function meshRowStats(image: Float32Array, width: number, height: number, j: number, bw: number, bh: number, kernels?: MeshKernels): MeshRow {
  const nx = meshCount(width, bw);
  const y0 = j * bh;
  const y1 = Math.min(height, y0 + bh);
  if (kernels) {
    // the whole row in one call (mode-wasm.ts's meshRow): the meshes of bw columns two at a time
    // (mesh-wasm.ts's pair functions), meshes 0 … 2·pairs − 1, the others (an odd one, a narrower
    // last) one at a time; each mesh's values as below
    kernels.load(image, y0, y1);
    const nanCount = kernels.row(bw, nx, Math.min(nx, Math.floor(width / bw)) >> 1);
    return new MeshRow(kernels.back.slice(0, nx), kernels.sigma.slice(0, nx), nanCount);
  }
  const h = y1 - y0;
  const back = new Float32Array(nx);
  const sigma = new Float32Array(nx);
  let nanCount = 0;
  const sums = SUMS;
  // first every mesh's sums and cuts, then every mesh's clipped sums (each mesh's values as before)
  const good = new Uint8Array(nx);
  const cuts = new Float64Array(2 * nx);
  for (let m = 0; m < nx; m++) {
    const x0 = m * bw;
    const x1 = Math.min(width, x0 + bw);
    const mw = x1 - x0;
    // valid pixels: NaN (and, as in SExtractor, values ≤ −1e30) excluded
    meshSums(image, width, x0, x1, y0, y1);
    const sum = sums[0];
    const sum2 = sums[1];
    const npix = sums[2];
    nanCount += sums[3];
    if (npix < f32(mw * h * BACK_MINGOODFRAC)) {
      back[m] = -BIG;
      sigma[m] = -BIG;
      continue;
    }
    good[m] = 1;
    const mean = sum / npix;
    const sig = sum2 / npix - mean * mean;
    const sd = sig > 0 ? Math.sqrt(sig) : 0;
    cuts[2 * m] = f32(mean - 2 * sd);
    cuts[2 * m + 1] = f32(mean + 2 * sd);
  }
  for (let m = 0; m < nx; m++) {
    if (!good[m]) continue;
    const x0 = m * bw;
    const x1 = Math.min(width, x0 + bw);
    meshClippedSums(image, width, x0, x1, y0, y1, cuts[2 * m], cuts[2 * m + 1]);
    // the rest of this mesh: quantisation, histogram, backGuess
    meshMode(image, width, x0, x1, y0, y1, sums[0], sums[1], sums[2], sums);
    back[m] = sums[0];
    sigma[m] = sums[1];
  }
  return new MeshRow(back, sigma, nanCount);
}

/** The histogram of {@link meshMode}. */
const HISTO = new Int32Array(QUANTIF_NMAXLEVELS);

/**
 * The background and RMS of the mesh of columns `x0 … x1 − 1`, rows `y0 … y1 − 1` whose clipped
 * sums are `sum` (Σp), `sum2` (Σp²) over `npix` pixels, into `out[0]`, `out[1]` (float32 values):
 * SExtractor's quantisation (nlevels levels of the mean ± 5σ), the histogram, and {@link backGuess}'s
 * clipped mode. The TypeScript of mesh-wasm.ts's MeshKernels.mode (mode-wasm.ts), exported for its tests.
 */
export function meshMode(image: Float32Array, width: number, x0: number, x1: number, y0: number, y1: number, sum: number, sum2: number, npix: number, out: Float64Array): void {
  const step = (Math.sqrt(2 / Math.PI) * QUANTIF_NSIGMA) / QUANTIF_AMIN;
  const mean = sum / npix;
  const sig = sum2 / npix - mean * mean;
  const sd = sig > 0 ? Math.sqrt(sig) : 0;
  const bmMean = f32(mean);
  let nlevels = Math.trunc(step * npix + 1);
  if (nlevels > QUANTIF_NMAXLEVELS) nlevels = QUANTIF_NMAXLEVELS;
  const qscale = f32(sd > 0 ? (2 * QUANTIF_NSIGMA * sd) / nlevels : 1.0);
  const qzero = f32(mean - QUANTIF_NSIGMA * sd);
  const cste = f32(0.499999 - f32(qzero / qscale));
  HISTO.fill(0, 0, nlevels);
  meshHistogram(image, width, x0, x1, y0, y1, qscale, cste, nlevels, HISTO);
  histogramPrefixSums(HISTO, nlevels);
  const g = backGuess(HISTO, nlevels, bmMean, qzero, qscale, TS_PREFIX);
  out[0] = g[0];
  out[1] = g[1];
}

/** Prefix sums of the histogram (counts, Σ h·i, Σ h·i²); exact in double precision. */
const P0 = new Float64Array(QUANTIF_NMAXLEVELS + 1);
const P1 = new Float64Array(QUANTIF_NMAXLEVELS + 1);
const P2 = new Float64Array(QUANTIF_NMAXLEVELS + 1);
const TS_PREFIX: PrefixSums = { p0: P0, p1: P1, p2: P2 };

/**
 * P0, P1, P2 of `histo`'s first `nlevels` bins. A function of its own, like the mesh loops above:
 * this loop is all of {@link backGuess}'s O(nlevels) work (4,096 levels a mesh), and as a small
 * function V8 compiles it in a few ms, early in the first image, where the whole of backGuess
 * (the clipping iterations around it) took ~20 ms to compile and ran unoptimised meanwhile.
 */
function histogramPrefixSums(histo: Int32Array, nlevels: number): void {
  P0[0] = 0;
  P1[0] = 0;
  P2[0] = 0;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  for (let i = 0; i < nlevels; i++) {
    const hv = histo[i];
    c0 += hv;
    c1 += hv * i;
    c2 += hv * i * i;
    P0[i + 1] = c0;
    P1[i + 1] = c1;
    P2[i + 1] = c2;
  }
}

/**
 * SExtractor's `backguess`: iterative 3-sigma clipped mode on the histogram. Returns
 * [mode, sigma]. Each iteration is O(log n): the sums come from `prefix`, the histogram's prefix sums
 * (histogramPrefixSums', or the WebAssembly kernels' with the histogram; integers, so
 * exactly SExtractor's values) and the median's two-pointer walk — which always extends
 * the side with the smaller running sum, ties to the high side — is a merge of the two
 * running-sum sequences, whose split after L steps is found by binary search. (Exported for the
 * tests of its WebAssembly, mode-wasm.ts's `meshGuess`.)
 */
export function backGuess(histo: Int32Array, nlevels: number, bmMean: number, qzero: number, qscale: number, prefix: PrefixSums): [number, number] {
  const EPS = 1e-4;
  const nlevelsm1 = nlevels - 1;
  const s0 = prefix.p0;
  const s1 = prefix.p1;
  const s2 = prefix.p2;
  let hcut = nlevelsm1;
  let lcut = 0;
  let sig = 10.0 * nlevelsm1;
  let sig1 = 1.0;
  let mea = bmMean;
  let med = bmMean;
  for (let n = 100; n-- > 0 && sig >= 0.1 && Math.abs(sig / sig1 - 1.0) > EPS; ) {
    sig1 = sig;
    let sum = 0;
    mea = 0;
    sig = 0;
    let lowsum = 0;
    let highsum = 0;
    let hl = lcut;
    let hh = hcut;
    if (hcut >= lcut) {
      const L = hcut - lcut + 1;
      const base = s0[lcut];
      const top = s0[hcut + 1];
      // largest j in [0, L] with j == 0 || A(j-1) < B(L-j); A(j) = P0[lcut+j]-base, B(k) = top-P0[hcut+1-k]
      let lo = 0;
      let hi = L;
      while (lo < hi) {
        const j = (lo + hi + 1) >> 1;
        const A = s0[lcut + j - 1] - base;
        const B = top - s0[hcut + 1 - (L - j)];
        if (A < B) lo = j;
        else hi = j - 1;
      }
      const j = lo;
      const k = L - j;
      lowsum = s0[lcut + j] - base;
      highsum = top - s0[hcut + 1 - k];
      hl = lcut + j;
      hh = hcut - k;
      sum = top - base;
      mea = s1[hcut + 1] - s1[lcut];
      sig = s2[hcut + 1] - s2[lcut];
    }
    if (hh >= 0) {
      const a = hl < nlevels ? histo[hl] : 0;
      const b = histo[hh];
      med = hh + 0.5 + (highsum - lowsum) / (2.0 * (a > b ? a : b));
    } else med = 0.0;
    if (sum) {
      mea /= sum;
      sig = sig / sum - mea * mea;
    }
    sig = sig > 0.0 ? Math.sqrt(sig) : 0.0;
    let ftemp = med - 3.0 * sig;
    lcut = ftemp > 0.0 ? Math.trunc(ftemp + 0.5) : 0;
    ftemp = med + 3.0 * sig;
    hcut = ftemp < nlevelsm1 ? Math.trunc(ftemp > 0.0 ? ftemp + 0.5 : ftemp - 0.5) : nlevelsm1;
  }
  const mode =
    Math.abs(sig) > 0.0
      ? Math.abs((mea - med) / sig) < 0.3
        ? qzero + (2.5 * med - 1.5 * mea) * qscale
        : qzero + med * qscale
      : qzero + mea * qscale;
  return [f32(mode), f32(sig * qscale)];
}

/**
 * Build the background model from the per-row mesh statistics: replace bad meshes,
 * median-filter the grids (`filterSize`, odd; window shrinks symmetrically at the grid
 * edges as in SExtractor), compute global values and the spline derivatives. With `grid` (for these
 * nx × ny meshes and filter size), the grid work runs in WebAssembly (grid-wasm.ts): the same floats.
 */
export function buildBackgroundModel(rows: MeshRow[], width: number, height: number, bw: number, bh: number, filterSize: number, grid?: GridKernels): BackgroundModel {
  const nx = meshCount(width, bw);
  const ny = meshCount(height, bh);
  const np = nx * ny;
  if (grid && grid.nx === nx && grid.ny === ny && grid.filterSize === filterSize) {
    // the grid work in WebAssembly (grid-wasm.ts): the same floats
    for (let j = 0; j < ny; j++) {
      grid.back.set(rows[j].back, j * nx);
      grid.sigma.set(rows[j].sigma, j * nx);
    }
    grid.run();
    return modelOf(width, height, bw, bh, nx, ny, grid.back.slice(), grid.sigma.slice(), grid.dback.slice(), grid.dsigma.slice());
  }
  const back = new Float32Array(np);
  const sigma = new Float32Array(np);
  for (let j = 0; j < ny; j++) {
    back.set(rows[j].back, j * nx);
    sigma.set(rows[j].sigma, j * nx);
  }
  // bad meshes -> mean of the nearest valid ones
  const back2 = new Float32Array(np);
  let anyValid = false;
  for (let i = 0; i < np; i++) if (back[i] > -BIG) anyValid = true;
  for (let i = 0, py = 0; py < ny; py++) {
    for (let px = 0; px < nx; px++, i++) {
      back2[i] = back[i];
      if (back[i] > -BIG) continue;
      let d2min = BIG;
      let nmin = 0;
      let val = 0;
      let sval = 0;
      if (anyValid) {
        for (let j = 0, y = 0; y < ny; y++) {
          for (let x = 0; x < nx; x++, j++) {
            if (!(back[j] > -BIG)) continue;
            const d2 = f32((x - px) * (x - px) + (y - py) * (y - py));
            if (d2 < d2min) {
              val = back[j];
              sval = sigma[j];
              nmin = 1;
              d2min = d2;
            } else if (d2 === d2min) {
              val += back[j];
              sval += sigma[j];
              nmin++;
            }
          }
        }
      }
      back2[i] = nmin ? val / nmin : 0.0;
      sigma[i] = nmin ? sval / nmin : 1.0;
    }
  }
  back.set(back2);
  // median filter
  const npx = filterSize >> 1;
  const npy = filterSize >> 1;
  const sigma2 = new Float32Array(np);
  const bmask = new Float32Array((2 * npx + 1) * (2 * npy + 1));
  const smask = new Float32Array(bmask.length);
  for (let py = 0; py < ny; py++) {
    let npy2 = Math.min(npy, ny - 1 - py, py);
    if (npy2 < 0) npy2 = 0;
    for (let px = 0; px < nx; px++) {
      const npx2 = Math.min(npx, nx - 1 - px, px);
      let k = 0;
      for (let dy = -npy2; dy <= npy2; dy++) {
        for (let dx = -npx2; dx <= npx2; dx++) {
          const idx = (py + dy) * nx + px + dx;
          bmask[k] = back[idx];
          smask[k++] = sigma[idx];
        }
      }
      back2[py * nx + px] = windowMedian(bmask, k);
      sigma2[py * nx + px] = windowMedian(smask, k);
    }
  }
  back.set(back2);
  sigma.set(sigma2);
  const dback = new Float32Array(np);
  const dsigma = new Float32Array(np);
  splineY(back, dback, nx, ny);
  splineY(sigma, dsigma, nx, ny);
  return modelOf(width, height, bw, bh, nx, ny, back, sigma, dback, dsigma);
}

/** The model of the filtered grids and their derivatives, with the global values (the grids' medians). */
function modelOf(width: number, height: number, bw: number, bh: number, nx: number, ny: number, back: Float32Array, sigma: Float32Array, dback: Float32Array, dsigma: Float32Array): BackgroundModel {
  const np = nx * ny;
  const globalBack = fmedian(back, np);
  let globalRms = fmedian(sigma, np);
  if (globalRms <= 0) {
    const pos = Array.from(sigma).filter((v) => v > 0);
    globalRms = pos.length ? fmedian(pos, pos.length) : 1.0;
  }
  return new BackgroundModel(width, height, bw, bh, nx, ny, back, sigma, dback, dsigma, globalBack, globalRms);
}

/** Natural-spline second derivatives along y for every mesh column (float arithmetic as SExtractor). */
function splineY(map: Float32Array, dmap: Float32Array, nbx: number, nby: number): void {
  if (nby < 2) {
    dmap.fill(0);
    return;
  }
  const u = new Float32Array(nby);
  for (let x = 0; x < nbx; x++) {
    dmap[x] = 0;
    u[0] = 0;
    for (let y = 1; y < nby - 1; y++) {
      const i = y * nbx + x;
      let temp = f32(-1 / (dmap[i - nbx] + 4));
      dmap[i] = temp;
      temp = f32(temp * f32(u[y - 1] - f32(6 * f32(f32(map[i + nbx] + map[i - nbx]) - f32(2 * map[i])))));
      u[y] = temp;
    }
    dmap[(nby - 1) * nbx + x] = 0;
    for (let y = nby - 2; y > 0; y--) {
      const i = y * nbx + x;
      dmap[i] = f32((dmap[i] * dmap[i + nbx] + u[y]) / 6.0);
    }
  }
}

/** The first node of the last interpolation interval of a grid of `n` meshes. */
function lastInterval(n: number): number {
  return n < 2 ? 0 : n - 2;
}

/**
 * Reusable scratch for {@link interpolateLine} and {@link subtractBackgroundLine}, for one
 * model: with the model's x weights, looked up once here rather than for every row (the
 * first image's lookup, a cache miss, made V8 throw away the per-row code it had compiled).
 */
export class LineScratch {
  readonly node: Float32Array;
  readonly dnode: Float32Array;
  readonly u: Float32Array;
  private weights: XWeights | null = null;
  constructor(private readonly model: BackgroundModel) {
    this.node = new Float32Array(model.nx);
    this.dnode = new Float32Array(model.nx);
    this.u = new Float32Array(model.nx);
  }

  /** The model's x weights, made at the first use (detection's WebAssembly kernels compute their own: see detect-wasm.ts). */
  get xw(): XWeights {
    return (this.weights ??= xWeights(this.model));
  }
}

export function makeLineScratch(model: BackgroundModel): LineScratch {
  return new LineScratch(model);
}

/**
 * Bicubic-spline background (`which = 'back'`) or RMS (`'sigma'`) of image row `y`
 * written into `out` (length ≥ width).
 */
export function interpolateLine(model: BackgroundModel, which: 'back' | 'sigma', y: number, out: Float32Array, scratch?: LineScratch): void {
  const values = which === 'back' ? model.back : model.sigma;
  const dvalues = which === 'back' ? model.dback : model.dsigma;
  const { nx: nbx, width } = model;
  const s = scratch ?? makeLineScratch(model);
  nodeLine(model, values, dvalues, y, s);
  const node = s.node;
  const dnode = s.dnode;
  if (nbx > 1) {
    const { k: kx, cdx: cx, cdxm: cxm, dx: dxs, dxm: dxm } = s.xw;
    for (let px = 0; px < width; px++) {
      const k = kx[px];
      const cdx = cx[px];
      const dx = dxs[px];
      out[px] = cdx * (node[k] + cxm[px] * dnode[k]) + dx * (node[k + 1] + dxm[px] * dnode[k + 1]);
    }
  } else {
    out.fill(node[0], 0, width);
  }
}

/** Spline nodes of row `y` along x (interpolated along y) and their second derivatives, into `s`. */
function nodeLine(model: BackgroundModel, values: Float32Array, dvalues: Float32Array, y: number, s: LineScratch): void {
  const { nx: nbx, ny: nby } = model;
  const node = s.node;
  const dnode = s.dnode;
  if (nby > 1) {
    let dy = f32(f32(y / model.bh) - 0.5);
    let yl = Math.trunc(dy);
    dy = f32(dy - yl);
    if (yl < 0) {
      // (not reached for y ≥ 0: dy ≥ −0.5 truncates to −0)
      yl = 0;
      dy = f32(dy - 1.0);
    }
    // rows in the upper half of the last mesh row extrapolate its interval: written without a
    // branch of its own, which V8 would first meet (and deoptimise on) at the image's end
    const last = +(yl >= nby - 1);
    const lastYl = lastInterval(nby);
    yl = last ? lastYl : yl;
    dy = f32(dy + last);
    const cdy = f32(1 - dy);
    const dy3 = f32(f32(f32(dy * dy) * dy) - dy);
    const cdy3 = f32(f32(f32(cdy * cdy) * cdy) - cdy);
    const lo = nbx * yl;
    const hi = lo + nbx;
    for (let x = 0; x < nbx; x++) {
      node[x] = f32(f32(f32(f32(cdy * values[lo + x]) + f32(dy * values[hi + x])) + f32(cdy3 * dvalues[lo + x])) + f32(dy3 * dvalues[hi + x]));
    }
    if (nbx > 1) {
      const u = s.u;
      dnode[0] = 0;
      u[0] = 0;
      for (let x = 1; x < nbx - 1; x++) {
        let temp = f32(-1 / (dnode[x - 1] + 4));
        dnode[x] = temp;
        temp = f32(temp * f32(u[x - 1] - f32(6 * f32(f32(node[x + 1] + node[x - 1]) - f32(2 * node[x])))));
        u[x] = temp;
      }
      dnode[nbx - 1] = 0;
      for (let x = nbx - 2; x > 0; x--) dnode[x] = f32((dnode[x] * dnode[x + 1] + u[x]) / 6.0);
    } else dnode[0] = 0;
  } else {
    for (let x = 0; x < nbx; x++) {
      node[x] = values[x];
      dnode[x] = dvalues[x];
    }
  }
}

/** Per-column spline interval and weights along x (the same for every row). */
class XWeights {
  readonly k: Int32Array;
  readonly cdx: Float64Array;
  readonly cdxm: Float64Array;
  readonly dx: Float64Array;
  readonly dxm: Float64Array;
  /** cdx and dx again (float values, so exactly): a quarter of the memory traffic per row. */
  readonly cdx32: Float32Array;
  readonly dx32: Float32Array;
  constructor(width: number) {
    this.k = new Int32Array(width);
    this.cdx = new Float64Array(width);
    this.cdxm = new Float64Array(width);
    this.dx = new Float64Array(width);
    this.dxm = new Float64Array(width);
    this.cdx32 = new Float32Array(width);
    this.dx32 = new Float32Array(width);
  }
}

const xWeightCache = new WeakMap<BackgroundModel, XWeights>();

/** SExtractor's walk along x (float accumulation of dx, node change half-way through a mesh), precomputed. */
function xWeights(model: BackgroundModel): XWeights {
  const cached = xWeightCache.get(model);
  if (cached) return cached;
  const { nx: nbx, width, bw } = model;
  const w = new XWeights(width);
  const xstep = f32(1.0 / bw);
  const changepoint = bw >> 1;
  let dx = f32((xstep - 1) / 2);
  const dx0 = f32((((bw + 1) % 2) * xstep) / 2);
  let k = 0;
  for (let px = 0, i = 0, xx = 0; px < width; px++, i++, dx = f32(dx + xstep)) {
    if (i === changepoint && xx > 0 && xx < nbx - 1) {
      k++;
      dx = dx0;
    }
    const cdx = f32(1 - dx);
    w.k[px] = k;
    w.cdx[px] = cdx;
    w.cdxm[px] = cdx * cdx - 1;
    w.dx[px] = dx;
    w.dxm[px] = dx * dx - 1;
    w.cdx32[px] = cdx;
    w.dx32[px] = dx;
    if (i === bw) {
      xx++;
      i = 0;
    }
  }
  xWeightCache.set(model, w);
  return w;
}

/**
 * The background spline's nodes along x for image row `y` (and their second derivatives) into
 * `s.node`, `s.dnode`: what {@link subtractBackgroundLine} interpolates along the row (for
 * detect-wasm.ts, which does that part in WebAssembly).
 */
export function backgroundNodeLine(model: BackgroundModel, y: number, s: LineScratch): void {
  nodeLine(model, model.back, model.dback, y, s);
}

/**
 * `out[x] = raw[x] − background(x, y)` for image row `y` (the spline of
 * {@link interpolateLine}, fused with the subtraction); `out` may be `raw` itself. Returns
 * true when any `out[x]` is NaN (a NaN input pixel), so that callers need no second pass to
 * find out.
 */
export function subtractBackgroundLine(model: BackgroundModel, y: number, raw: Float32Array, out: Float32Array, scratch?: LineScratch): boolean {
  const s = scratch ?? makeLineScratch(model);
  const width = model.width;
  let nan = false;
  if (model.nx < 2) {
    // one mesh column: the background is the same along the row (`raw` may be `out`)
    nodeLine(model, model.back, model.dback, y, s);
    const b = s.node[0];
    for (let x = 0; x < width; x++) {
      const v = raw[x] - b;
      out[x] = v;
      if (v !== v) nan = true;
    }
    return nan;
  }
  nodeLine(model, model.back, model.dback, y, s);
  const node = s.node;
  const dnode = s.dnode;
  // cdx² − 1 and dx² − 1 recomputed from the float weights: the same doubles as xWeights'
  const { k: kx, cdx32: cx, dx32: dxs } = s.xw;
  // the spline interval k changes once per mesh: its node values are loaded once per interval
  let kc = -1;
  let n0 = 0;
  let d0 = 0;
  let n1 = 0;
  let d1 = 0;
  for (let px = 0; px < width; px++) {
    const k = kx[px];
    if (k !== kc) {
      kc = k;
      n0 = node[k];
      d0 = dnode[k];
      n1 = node[k + 1];
      d1 = dnode[k + 1];
    }
    const c = cx[px];
    const d = dxs[px];
    const v = raw[px] - f32(c * (n0 + (c * c - 1) * d0) + d * (n1 + (d * d - 1) * d1));
    out[px] = v;
    if (v !== v) nan = true;
  }
  return nan;
}

/**
 * Background (or RMS) at pixel (x, y) by bilinear interpolation of the mesh grid
 * (SExtractor's `back_interpolate`/SEP's `sep_bkg_pix`: what SExtractor reports as BACKGROUND).
 */
export function meshBilinear(model: BackgroundModel, which: 'back' | 'sigma', x: number, y: number): number {
  const b = which === 'back' ? model.back : model.sigma;
  const { nx, ny } = model;
  let dx = x / model.bw - 0.5;
  let dy = y / model.bh - 0.5;
  let xl = Math.trunc(dx);
  let yl = Math.trunc(dy);
  dx -= xl;
  dy -= yl;
  // (not reached for x, y ≥ 0; the last mesh's upper half without branches: see nodeLine)
  if (xl < 0) {
    xl = 0;
    dx -= 1.0;
  }
  if (yl < 0) {
    yl = 0;
    dy -= 1.0;
  }
  const lastX = +(xl >= nx - 1);
  const lastXl = lastInterval(nx);
  xl = lastX ? lastXl : xl;
  dx += lastX;
  const lastY = +(yl >= ny - 1);
  const lastYl = lastInterval(ny);
  yl = lastY ? lastYl : yl;
  dy += lastY;
  const pos = yl * nx + xl;
  const cdx = 1 - dx;
  const b0 = b[pos];
  const b1 = nx < 2 ? b0 : b[pos + 1];
  const b2 = ny < 2 ? (nx < 2 ? b0 : b1) : nx < 2 ? b[pos + nx] : b[pos + 1 + nx];
  const b3 = ny < 2 ? b0 : b[pos + nx];
  return f32((1 - dy) * (cdx * b0 + dx * b1) + dy * (dx * b2 + cdx * b3));
}

/** Options of {@link computeBackground}. */
export interface BackgroundOptions {
  backSize?: number;
  backFilterSize?: number;
}

/** Whole background model of an image in one call (single-threaded). */
export function computeBackground(image: Float32Array, width: number, height: number, opts: BackgroundOptions = {}): BackgroundModel {
  const bs = opts.backSize ?? 64;
  const fs = opts.backFilterSize ?? 3;
  const ny = meshCount(height, bs);
  const rows: MeshRow[] = [];
  for (let j = 0; j < ny; j++) rows.push(meshRowStats(image, width, height, j, bs, bs));
  return buildBackgroundModel(rows, width, height, bs, bs, fs);
}
