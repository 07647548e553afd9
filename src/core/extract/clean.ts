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
  // uniform grid of the small objects
  let xmax = 1;
  let ymax = 1;
  for (const o of objs) {
    if (o.mx > xmax) xmax = o.mx;
    if (o.my > ymax) ymax = o.my;
  }
  const cell = 32;
  const gw = Math.floor(xmax / cell) + 1;
  const gh = Math.floor(ymax / cell) + 1;
  const cellStart = new Int32Array(gw * gh + 1);
  const cellOf = (o: CleanInput): number => Math.min(gh - 1, Math.max(0, Math.floor(o.my / cell))) * gw + Math.min(gw - 1, Math.max(0, Math.floor(o.mx / cell)));
  for (const i of small) cellStart[cellOf(objs[i]) + 1]++;
  for (let c = 0; c < gw * gh; c++) cellStart[c + 1] += cellStart[c];
  const cellItems = new Int32Array(small.length);
  const fillAt = cellStart.slice(0, gw * gh);
  for (const i of small) cellItems[fillAt[cellOf(objs[i])]++] = i;
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
    const cx0 = Math.max(0, Math.floor((o1.mx - reach) / cell));
    const cx1 = Math.min(gw - 1, Math.floor((o1.mx + reach) / cell));
    const cy0 = Math.max(0, Math.floor((o1.my - reach) / cell));
    const cy1 = Math.min(gh - 1, Math.floor((o1.my + reach) / cell));
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * gw + cx;
        for (let k = cellStart[c]; k < cellStart[c + 1]; k++) if (cellItems[k] > i) cand.push(cellItems[k]);
      }
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
