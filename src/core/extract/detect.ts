/**
 * Detection: background subtraction, filtering and 8-connected thresholding of one
 * horizontal strip of rows, plus the merge of strips into whole-image components.
 *
 * A strip is processed row by row (rolling buffers only), so the whole image never needs
 * a filtered copy. Every pixel above threshold is kept as a record (linear index, value
 * in the background-subtracted image, filtered value, raw value).
 */
import { type BackgroundModel, interpolateLine, makeLineScratch } from './background.js';
import { convolveRow, type Kernel } from './filter.js';

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
}

function grow<T extends Int32Array | Float32Array>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
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
  const backLine = new Float32Array(w);
  const rmsLine = new Float32Array(w);
  const thrLine = new Float32Array(w);
  const conv = new Float32Array(w);
  // rolling sub rows: key = image row
  const ring: Float32Array[] = [];
  for (let i = 0; i < kh; i++) ring.push(new Float32Array(w));
  const rawRing: Float32Array[] = [];
  for (let i = 0; i < kh; i++) rawRing.push(new Float32Array(w));
  const ringRow = new Int32Array(kh).fill(-1);
  const rowsArg: (Float32Array | null)[] = new Array(kh).fill(null);

  const loadRow = (y: number): void => {
    const slot = ((y % kh) + kh) % kh;
    if (ringRow[slot] === y) return;
    const raw = o.haloRows?.get(y) ?? image.subarray(y * w, y * w + w);
    rawRing[slot].set(raw);
    interpolateLine(model, 'back', y, backLine, scratch);
    const s = ring[slot];
    const r = rawRing[slot];
    for (let x = 0; x < w; x++) s[x] = r[x] - backLine[x];
    ringRow[slot] = y;
  };

  let cap = 1 << 14;
  let pIdx = new Int32Array(cap);
  let pVal = new Float32Array(cap);
  let pCd = new Float32Array(cap);
  let pRaw = new Float32Array(cap);
  let pLab = new Int32Array(cap);
  let np = 0;
  let parent = new Int32Array(1 << 12);
  let nlab = 0;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
  };
  let prevLab = new Int32Array(w + 2).fill(-1); // index x+1
  let curLab = new Int32Array(w + 2).fill(-1);
  const constThr = o.threshold.kind === 'constant' ? o.threshold.value : 0;

  for (let y = y0; y < y1; y++) {
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
    const raw = rawRing[slot];
    let cd: Float32Array;
    if (kernel) {
      convolveRow(rowsArg, w, kernel, conv);
      cd = conv;
    } else {
      for (let x = 0; x < w; x++) conv[x] = sub[x] === sub[x] ? sub[x] : 0;
      cd = conv;
    }
    let thr: Float32Array | null = null;
    if (o.threshold.kind === 'rms') {
      interpolateLine(model, 'sigma', y, rmsLine, scratch);
      for (let x = 0; x < w; x++) thrLine[x] = o.threshold.factor * rmsLine[x];
      thr = thrLine;
    }
    curLab.fill(-1);
    const rowOff = y * w;
    for (let x = 0; x < w; x++) {
      const c = cd[x];
      if (!(c > (thr ? thr[x] : constThr))) continue;
      let l = -1;
      const a = curLab[x];
      const b = prevLab[x];
      const cc = prevLab[x + 1];
      const d = prevLab[x + 2];
      if (a >= 0) l = a;
      if (b >= 0) l = l < 0 ? b : union(l, b);
      if (cc >= 0) l = l < 0 ? cc : union(l, cc);
      if (d >= 0) l = l < 0 ? d : union(l, d);
      if (l < 0) {
        if (nlab >= parent.length) parent = grow(parent, parent.length * 2);
        parent[nlab] = nlab;
        l = nlab++;
      }
      curLab[x + 1] = l;
      if (np >= cap) {
        cap *= 2;
        pIdx = grow(pIdx, cap);
        pVal = grow(pVal, cap);
        pCd = grow(pCd, cap);
        pRaw = grow(pRaw, cap);
        pLab = grow(pLab, cap);
      }
      pIdx[np] = rowOff + x;
      const v = sub[x];
      pVal[np] = v === v ? v : 0;
      pCd[np] = c;
      pRaw[np] = raw[x];
      pLab[np] = l;
      np++;
    }
    const t = prevLab;
    prevLab = curLab;
    curLab = t;
    if (o.subOut) o.subOut.set(sub, rowOff);
  }

  // resolve labels -> compact component ids
  const compOf = new Int32Array(nlab).fill(-1);
  let ncomp = 0;
  for (let i = 0; i < nlab; i++) {
    const r = find(i);
    if (compOf[r] < 0) compOf[r] = ncomp++;
    compOf[i] = compOf[r];
  }
  const counts = new Int32Array(ncomp + 1);
  const compOpen = new Uint8Array(ncomp);
  const firstRow = y0 * w;
  const lastRow = (y1 - 1) * w;
  for (let i = 0; i < np; i++) {
    const c = compOf[pLab[i]];
    pLab[i] = c;
    counts[c + 1]++;
    if (y0 > 0 && pIdx[i] < firstRow + w) compOpen[c] |= 1;
    if (y1 < h && pIdx[i] >= lastRow) compOpen[c] |= 2;
  }
  for (let c = 0; c < ncomp; c++) counts[c + 1] += counts[c];
  const order = new Int32Array(np);
  const fill = counts.slice(0, ncomp);
  for (let i = 0; i < np; i++) order[fill[pLab[i]]++] = i;
  return {
    y0,
    y1,
    pixels: { idx: pIdx.subarray(0, np), value: pVal.subarray(0, np), cd: pCd.subarray(0, np), raw: pRaw.subarray(0, np), count: np },
    compStart: counts,
    order,
    ncomp,
    compOpen,
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
  // group sizes
  const size = new Int32Array(total);
  const lastPix = new Float64Array(total).fill(-1);
  for (let s = 0; s < strips.length; s++) {
    const S = strips[s];
    for (let c = 0; c < S.ncomp; c++) {
      const r = find(base[s] + c);
      size[r] += S.compStart[c + 1] - S.compStart[c];
      for (let k = S.compStart[c]; k < S.compStart[c + 1]; k++) {
        const i = S.pixels.idx[S.order[k]];
        if (i > lastPix[r]) lastPix[r] = i;
      }
    }
  }
  const roots: number[] = [];
  for (let i = 0; i < total; i++) if (find(i) === i && size[i] >= minarea) roots.push(i);
  roots.sort((a, b) => lastPix[a] - lastPix[b]);
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
  return { pixels: { idx, value, cd, raw, count: n }, start, ncomp: roots.length };
}
