/**
 * CLEANing of spurious detections in the wings of bright objects (SExtractor `clean.c`,
 * in SEP's pairwise form): an object is removed when the Moffat-like profile extrapolated
 * from a brighter neighbour (`CLEAN_PARAM` = Moffat β) exceeds its own `mthresh` (the
 * `minarea`-th brightest filtered value above threshold). As in SExtractor, the removed
 * object's isophotal flux is added to the one that absorbs it.
 */

/** CLEAN search zone in units of (a1 + a2) (SExtractor CLEAN_ZONE). */
const CLEAN_ZONE = 10.0;

/** What CLEAN needs of an object. */
export interface CleanInput {
  mx: number;
  my: number;
  a: number;
  b: number;
  cxx: number;
  cyy: number;
  cxy: number;
  fdflux: number;
  fdnpix: number;
  abcor: number;
  mthresh: number;
}

/**
 * `mthresh`: the `minarea`-th largest of (filtered value − thresh) over the pixels
 * (0 if fewer than `minarea` pixels).
 */
export function minareaThreshold(cd: Float32Array, list: Int32Array, n: number, thresh: number, minarea: number): number {
  if (n < minarea) return 0;
  // SExtractor's small heap, kept literally (including its index arithmetic, which does not
  // always sift down to the leaves, and the skipped (minarea+1)-th pixel): the value must
  // match SExtractor's for CLEAN to remove the same detections.
  const heap = new Float32Array(minarea);
  let ht = 0;
  let h = minarea;
  for (let q = 0; q < n; q++) {
    const tpix = Math.fround(cd[list[q]] - thresh);
    if (h > 0) heap[ht++] = tpix;
    else if (h !== 0) {
      if (tpix > heap[0]) {
        heap[0] = tpix;
        for (let j = 0, k = 2; k <= minarea; j = k, k = (j + 1) << 1) {
          let hk = k;
          if (k !== minarea && heap[hk - 1] > heap[hk]) {
            hk++;
            k++;
          }
          hk--;
          if (heap[j] <= heap[hk]) break;
          const t = heap[hk];
          heap[hk] = heap[j];
          heap[j] = t;
        }
      }
    } else heap.sort();
    h--;
  }
  return heap[0];
}

/**
 * Decide which objects survive. Objects are compared pairwise in list order (SEP);
 * returns `eatenBy[i]` = index of the object that absorbed i, or −1 if i survives.
 */
export function cleanObjects(objs: readonly CleanInput[], thresh: number, cleanParam: number): Int32Array {
  const n = objs.length;
  const eatenBy = new Int32Array(n).fill(-1);
  const survives = new Uint8Array(n).fill(1);
  const beta = cleanParam;
  // Candidate pairs: "small" objects (a ≤ alim) are found by a sweep in y; the few large
  // ones are checked against everything. (The order of j within one i does not matter.)
  const as = Float64Array.from(objs, (o) => o.a).sort();
  const alim = n ? Math.max(2, as[Math.floor(0.95 * (n - 1))]) : 2;
  const small: number[] = [];
  const big: number[] = [];
  for (let i = 0; i < n; i++) (objs[i].a <= alim ? small : big).push(i);
  const byY = small.sort((p, q) => objs[p].my - objs[q].my);
  const ys = Float64Array.from(byY, (i) => objs[i].my);
  const m = byY.length;
  const lowerBound = (v: number): number => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ys[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const params = (o: CleanInput): [number, number] => {
    const unitarea = Math.PI * o.a * o.b;
    const amp = o.fdflux / (2 * unitarea * o.abcor);
    const alpha = ((Math.pow(amp / thresh, 1.0 / beta) - 1) * unitarea) / o.fdnpix;
    return [amp, alpha];
  };
  const cand: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!survives[i]) continue;
    const o1 = objs[i];
    const [ampin, alphain] = params(o1);
    const reach = CLEAN_ZONE * (o1.a + alim);
    cand.length = 0;
    for (let k = lowerBound(o1.my - reach); k < m && ys[k] <= o1.my + reach; k++) {
      if (byY[k] > i) cand.push(byY[k]);
    }
    for (const j of big) if (j > i) cand.push(j);
    for (const j of cand) {
      if (!survives[j]) continue;
      const o2 = objs[j];
      const dx = Math.fround(o1.mx - o2.mx);
      const dy = Math.fround(o1.my - o2.my);
      let rlim = Math.fround(o1.a + o2.a);
      rlim = Math.fround(rlim * rlim);
      if (dx * dx + dy * dy > rlim * CLEAN_ZONE * CLEAN_ZONE) continue;
      if (o2.fdflux < o1.fdflux) {
        const val = 1 + alphain * (o1.cxx * dx * dx + o1.cyy * dy * dy + o1.cxy * dx * dy);
        if (val > 1.0 && Math.fround(val < 1e10 ? ampin * Math.pow(val, -beta) : 0.0) > o2.mthresh) {
          survives[j] = 0;
          eatenBy[j] = i;
        }
      } else {
        const [amp, alpha] = params(o2);
        const val = 1 + alpha * (o2.cxx * dx * dx + o2.cyy * dy * dy + o2.cxy * dx * dy);
        if (val > 1.0 && Math.fround(val < 1e10 ? amp * Math.pow(val, -beta) : 0.0) > o1.mthresh) {
          survives[i] = 0;
          eatenBy[i] = j;
        }
      }
    }
  }
  return eatenBy;
}

/** Follow `eatenBy` chains to the surviving absorber (−1 for survivors). */
export function finalAbsorber(eatenBy: Int32Array, i: number): number {
  let j = eatenBy[i];
  if (j < 0) return -1;
  let guard = 0;
  while (eatenBy[j] >= 0 && guard++ < eatenBy.length) j = eatenBy[j];
  return j;
}
