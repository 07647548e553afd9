/**
 * Detection: background subtraction, filtering and 8-connected thresholding of one
 * horizontal strip of rows, plus the merge of strips into whole-image components.
 *
 * A strip is processed row by row (rolling buffers only), so the whole image never needs
 * a filtered copy. Every pixel above threshold is kept as a record (linear index, value
 * in the background-subtracted image, filtered value, raw value).
 */
import { type BackgroundModel, interpolateLine, makeLineScratch, subtractBackgroundLine } from './background.js';
import { convolveRow, type Kernel } from './filter.js';
import { LutzScanner } from './lutz.js';

/** Growable typed arrays of above-threshold pixels. */
export interface PixelRecords {
  /** Linear pixel index `y * width + x`. */
  idx: Int32Array;
  /** Background-subtracted value (NaN → 0). */
  value: Float32Array;
  /** Filtered (convolved) value. */
  cd: Float32Array;
  /** Raw image value. */
  raw: Float32Array;
  count: number;
}

/** Connected components found in one strip. */
export interface StripDetections {
  y0: number;
  y1: number;
  pixels: PixelRecords;
  /** Components: pixels `order[compStart[c] .. compStart[c+1])` (indices into `pixels`). */
  compStart: Int32Array;
  order: Int32Array;
  ncomp: number;
  /** Bit 1: touches the strip's first row (and y0 > 0); bit 2: touches its last row (and y1 < height). */
  compOpen: Uint8Array;
  /** Completion key of each component: row · (width + 1) + column where the scan completed it. */
  compKey: Float64Array;
}

/** Threshold definition: a constant, or `thresh × RMS map`. */
export type Threshold = { kind: 'constant'; value: number } | { kind: 'rms'; factor: number };

/** Options for {@link detectStrip}. */
export interface DetectStripOptions {
  image: Float32Array;
  width: number;
  height: number;
  y0: number;
  y1: number;
  model: BackgroundModel;
  kernel: Kernel | null;
  threshold: Threshold;
  /** Where to write the background-subtracted rows [y0, y1) (may be `image` itself). */
  subOut: Float32Array | null;
  /**
   * Raw rows just outside the strip (y0 − kh/2 … y0 − 1 and y1 … y1 + kh/2 − 1), for
   * multi-threaded in-place runs where neighbours may already have overwritten them.
   */
  haloRows?: Map<number, Float32Array>;
  /** Called with the fraction of the strip's rows done (every 256 rows). */
  onProgress?: (fraction: number) => void;
}

function grow<T extends Int32Array | Float32Array>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
}

/**
 * Record the pixels of one row whose filtered value `cd[x]` is above `thr` (at `np`, `np + 1`, …;
 * room for `w` records is guaranteed by the caller); `rec[x]` = record index or −1. Returns the
 * new record count. Separate small functions, so that V8 optimises them early and on their own.
 */
function recordRowConst(
  cd: Float32Array,
  thr: number,
  sub: Float32Array,
  raw: Float32Array,
  rowOff: number,
  w: number,
  rec: Int32Array,
  pIdx: Int32Array,
  pVal: Float32Array,
  pCd: Float32Array,
  pRaw: Float32Array,
  np: number,
): number {
  for (let x = 0; x < w; x++) {
    const c = cd[x];
    if (c > thr) {
      pIdx[np] = rowOff + x;
      const v = sub[x];
      pVal[np] = v === v ? v : 0;
      pCd[np] = c;
      pRaw[np] = raw[x];
      rec[x] = np++;
    } else rec[x] = -1;
  }
  return np;
}

/** {@link recordRowConst} with a per-pixel threshold `thr[x]`. */
function recordRowMap(
  cd: Float32Array,
  thr: Float32Array,
  sub: Float32Array,
  raw: Float32Array,
  rowOff: number,
  w: number,
  rec: Int32Array,
  pIdx: Int32Array,
  pVal: Float32Array,
  pCd: Float32Array,
  pRaw: Float32Array,
  np: number,
): number {
  for (let x = 0; x < w; x++) {
    const c = cd[x];
    if (c > thr[x]) {
      pIdx[np] = rowOff + x;
      const v = sub[x];
      pVal[np] = v === v ? v : 0;
      pCd[np] = c;
      pRaw[np] = raw[x];
      rec[x] = np++;
    } else rec[x] = -1;
  }
  return np;
}

/**
 * Detect the 8-connected groups of pixels whose filtered value is above threshold in rows
 * [y0, y1). Also writes the background-subtracted image rows into `subOut`.
 */
export function detectStrip(o: DetectStripOptions): StripDetections {
  const { image, width: w, height: h, y0, y1, model, kernel } = o;
  const kh = kernel ? kernel.height : 1;
  const kh2 = kh >> 1;
  const scratch = makeLineScratch(model);
  const rmsLine = new Float32Array(w);
  const thrLine = new Float32Array(w);
  const conv = new Float32Array(w);
  // rolling sub rows: key = image row
  const ring: Float32Array[] = [];
  for (let i = 0; i < kh; i++) ring.push(new Float32Array(w));
  const ringRow = new Int32Array(kh).fill(-1);
  const ringNaN = new Uint8Array(kh);
  const rowsArg: (Float32Array | null)[] = new Array(kh).fill(null);

  const loadRow = (y: number): void => {
    const slot = ((y % kh) + kh) % kh;
    if (ringRow[slot] === y) return;
    const r = o.haloRows?.get(y) ?? image.subarray(y * w, y * w + w);
    const sv = ring[slot];
    ringNaN[slot] = subtractBackgroundLine(model, y, r, sv, scratch) ? 1 : 0;
    ringRow[slot] = y;
  };

  let cap = 1 << 14;
  let pIdx = new Int32Array(cap);
  let pVal = new Float32Array(cap);
  let pCd = new Float32Array(cap);
  let pRaw = new Float32Array(cap);
  const list = { next: new Int32Array(cap) };
  let np = 0;
  const compFirst: number[] = [];
  const compCount: number[] = [];
  const compFlag: number[] = [];
  const compKeys: number[] = [];
  let curRow = y0;
  const scanner = new LutzScanner(w, list, (first, count, flag, xl) => {
    compFirst.push(first);
    compCount.push(count);
    compFlag.push(flag);
    compKeys.push(curRow * (w + 1) + xl);
  });
  const rec = new Int32Array(w);
  const constThr = o.threshold.kind === 'constant' ? o.threshold.value : 0;

  for (let y = y0; y < y1; y++) {
    curRow = y;
    for (let j = 0; j < kh; j++) {
      const yy = y - kh2 + j;
      if (yy < 0 || yy >= h) {
        rowsArg[j] = null;
        continue;
      }
      loadRow(yy);
      rowsArg[j] = ring[((yy % kh) + kh) % kh];
    }
    const slot = y % kh;
    const sub = ring[slot];
    // raw row y is still intact: it is overwritten (in place) only at the end of this iteration
    const raw = image.subarray(y * w, y * w + w);
    let anyNaN = false;
    for (let j = 0; j < kh; j++) if (rowsArg[j] && ringNaN[(((y - kh2 + j) % kh) + kh) % kh]) anyNaN = true;
    if (kernel) convolveRow(rowsArg, w, kernel, conv, !anyNaN);
    else for (let x = 0; x < w; x++) conv[x] = sub[x] === sub[x] ? sub[x] : 0;
    const cd = conv;
    let thr: Float32Array | null = null;
    if (o.threshold.kind === 'rms') {
      interpolateLine(model, 'sigma', y, rmsLine, scratch);
      for (let x = 0; x < w; x++) thrLine[x] = o.threshold.factor * rmsLine[x];
      thr = thrLine;
    }
    const rowOff = y * w;
    // room for a whole row of records, so that the loops below need no capacity check
    if (np + w > cap) {
      while (np + w > cap) cap *= 2;
      pIdx = grow(pIdx, cap);
      pVal = grow(pVal, cap);
      pCd = grow(pCd, cap);
      pRaw = grow(pRaw, cap);
      list.next = grow(list.next, cap);
    }
    np = thr === null ? recordRowConst(cd, constThr, sub, raw, rowOff, w, rec, pIdx, pVal, pCd, pRaw, np) : recordRowMap(cd, thr, sub, raw, rowOff, w, rec, pIdx, pVal, pCd, pRaw, np);
    const rowFlag = (y === y0 && y0 > 0 ? 1 : 0) | (y === y1 - 1 && y1 < h ? 2 : 0);
    scanner.row(rec, rowFlag, 0);
    if (o.subOut) o.subOut.set(sub, rowOff);
    if (o.onProgress && ((y - y0) & 255) === 255 && y + 1 < y1) o.onProgress((y - y0 + 1) / (y1 - y0));
  }
  curRow = y1;
  scanner.row(null);

  const ncomp = compFirst.length;
  const counts = new Int32Array(ncomp + 1);
  const compOpen = new Uint8Array(ncomp);
  const order = new Int32Array(np);
  const next = list.next;
  let k = 0;
  for (let c = 0; c < ncomp; c++) {
    compOpen[c] = compFlag[c];
    for (let p = compFirst[c], m = 0; p !== -1 && m < compCount[c]; p = next[p], m++) order[k++] = p;
    counts[c + 1] = k;
  }
  return {
    y0,
    y1,
    pixels: { idx: pIdx.subarray(0, np), value: pVal.subarray(0, np), cd: pCd.subarray(0, np), raw: pRaw.subarray(0, np), count: np },
    compStart: counts,
    order,
    ncomp,
    compOpen,
    compKey: Float64Array.from(compKeys),
  };
}

/** Whole-image components, each a contiguous range of pixel records. */
export interface Detections {
  pixels: PixelRecords;
  /** Component c = pixels [start[c], start[c+1]). Components ordered by their last pixel (raster order). */
  start: Int32Array;
  ncomp: number;
}

/**
 * Merge the strips (given top to bottom, contiguous) into whole-image components, drop
 * those with fewer than `minarea` pixels, and copy them into contiguous ranges.
 */
export function mergeStrips(strips: StripDetections[], width: number, minarea: number): Detections {
  const base: number[] = [];
  let total = 0;
  for (const s of strips) {
    base.push(total);
    total += s.ncomp;
  }
  const parent = new Int32Array(total);
  for (let i = 0; i < total; i++) parent[i] = i;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const rowLab = new Int32Array(width + 2);
  for (let s = 0; s + 1 < strips.length; s++) {
    const A = strips[s];
    const B = strips[s + 1];
    rowLab.fill(-1);
    const lastRow = (A.y1 - 1) * width;
    for (let c = 0; c < A.ncomp; c++) {
      if (!(A.compOpen[c] & 2)) continue;
      for (let k = A.compStart[c]; k < A.compStart[c + 1]; k++) {
        const i = A.pixels.idx[A.order[k]];
        if (i >= lastRow) rowLab[i - lastRow + 1] = base[s] + c;
      }
    }
    const firstRow = B.y0 * width;
    for (let c = 0; c < B.ncomp; c++) {
      if (!(B.compOpen[c] & 1)) continue;
      for (let k = B.compStart[c]; k < B.compStart[c + 1]; k++) {
        const i = B.pixels.idx[B.order[k]];
        if (i >= firstRow + width) continue;
        const x = i - firstRow;
        for (let d = 0; d < 3; d++) {
          const l = rowLab[x + d];
          if (l >= 0) {
            const ra = find(l);
            const rb = find(base[s + 1] + c);
            if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
          }
        }
      }
    }
  }
  // group sizes; a group completes with its last-completing part (Lutz completion key)
  const size = new Int32Array(total);
  const parts = new Int32Array(total);
  const key = new Float64Array(total).fill(-1);
  for (let s = 0; s < strips.length; s++) {
    const S = strips[s];
    for (let c = 0; c < S.ncomp; c++) {
      const r = find(base[s] + c);
      size[r] += S.compStart[c + 1] - S.compStart[c];
      parts[r]++;
      if (S.compKey[c] > key[r]) key[r] = S.compKey[c];
    }
  }
  const roots: number[] = [];
  for (let g = 0; g < total; g++) if (find(g) === g && size[g] >= minarea) roots.push(g);
  roots.sort((p, q) => key[p] - key[q]);
  const slot = new Int32Array(total).fill(-1);
  const start = new Int32Array(roots.length + 1);
  for (let k = 0; k < roots.length; k++) {
    slot[roots[k]] = k;
    start[k + 1] = start[k] + size[roots[k]];
  }
  const n = start[roots.length];
  const idx = new Int32Array(n);
  const value = new Float32Array(n);
  const cd = new Float32Array(n);
  const raw = new Float32Array(n);
  const fillPos = start.slice(0, roots.length);
  for (let s = 0; s < strips.length; s++) {
    const S = strips[s];
    const P = S.pixels;
    for (let c = 0; c < S.ncomp; c++) {
      const k = slot[find(base[s] + c)];
      if (k < 0) continue;
      for (let q = S.compStart[c]; q < S.compStart[c + 1]; q++) {
        const p = S.order[q];
        const d = fillPos[k]++;
        idx[d] = P.idx[p];
        value[d] = P.value[p];
        cd[d] = P.cd[p];
        raw[d] = P.raw[p];
      }
    }
  }
  // objects assembled from several strips: put their pixels in the order a whole-image Lutz scan gives
  for (let k = 0; k < roots.length; k++) if (parts[roots[k]] > 1) relist(idx, value, cd, raw, start[k], start[k + 1], width);
  return { pixels: { idx, value, cd, raw, count: n }, start, ncomp: roots.length };
}

/** Reorder records [s0, s1) (one 8-connected object) into Lutz pixel-list order. */
function relist(idx: Int32Array, value: Float32Array, cd: Float32Array, raw: Float32Array, s0: number, s1: number, width: number): void {
  const n = s1 - s0;
  let xmin = 1 << 30;
  let xmax = -1;
  let ymin = 1 << 30;
  let ymax = -1;
  for (let k = s0; k < s1; k++) {
    const y = (idx[k] / width) | 0;
    const x = idx[k] - y * width;
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
  }
  const bw = xmax - xmin + 1;
  const map = new Int32Array(bw * (ymax - ymin + 1)).fill(-1);
  for (let k = s0; k < s1; k++) {
    const y = (idx[k] / width) | 0;
    map[(y - ymin) * bw + idx[k] - y * width - xmin] = k - s0;
  }
  const list = { next: new Int32Array(n) };
  let first = -1;
  const scanner = new LutzScanner(bw, list, (f, count) => {
    if (count === n) first = f;
  });
  const rec = new Int32Array(bw);
  for (let y = ymin; y <= ymax; y++) {
    rec.set(map.subarray((y - ymin) * bw, (y - ymin + 1) * bw));
    scanner.row(rec);
  }
  scanner.row(null);
  if (first < 0) return;
  const ci = idx.slice(s0, s1);
  const cv = value.slice(s0, s1);
  const cc = cd.slice(s0, s1);
  const cr = raw.slice(s0, s1);
  for (let p = first, m = 0; m < n; p = list.next[p], m++) {
    idx[s0 + m] = ci[p];
    value[s0 + m] = cv[p];
    cd[s0 + m] = cc[p];
    raw[s0 + m] = cr[p];
  }
}
