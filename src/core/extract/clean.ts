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
 * `mthresh[i]` is object i's {@link minareaThreshold}. Returns `eatenBy[i]` = index of the
 * object that absorbed i, or −1 if i survives.
 */
export function cleanObjects(objs: readonly CleanInput[], mthresh: ArrayLike<number>, thresh: number, cleanParam: number): Int32Array {
  const n = objs.length;
  const eatenBy = new Int32Array(n).fill(-1);
  const survives = new Uint8Array(n).fill(1);
  const beta = cleanParam;
  // Candidate pairs: objects are bucketed by size (a in powers of two), each bucket in its
  // own grid; object i queries every bucket within 10·(a_i + a_bucket_max). (The order of
  // j within one i does not matter.)
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = Math.max(0, Math.ceil(Math.log2(Math.max(objs[i].a, 1e-3))));
    let l = buckets.get(key);
    if (!l) buckets.set(key, (l = []));
    l.push(i);
  }
  const grids = [...buckets.values()].map((items) => new Grid(objs, items));
  const cand: number[] = [];
  for (let i = 0; i < n; i++) if (survives[i]) cleanAround(i, objs, mthresh, grids, cand, survives, eatenBy, thresh, beta);
  return eatenBy;
}

/** Amplitude and α of the Moffat-like profile CLEAN extrapolates from an object. */
function moffatParams(o: CleanInput, thresh: number, beta: number): [number, number] {
  const unitarea = Math.PI * o.a * o.b;
  const amp = o.fdflux / (2 * unitarea * o.abcor);
  const alpha = ((Math.pow(amp / thresh, 1.0 / beta) - 1) * unitarea) / o.fdnpix;
  return [amp, alpha];
}

/**
 * Compare surviving object i with its surviving neighbours of higher index: the fainter of
 * each pair is removed when the brighter one's profile exceeds its `mthresh` there. A
 * function per object rather than the body of the loop over all of them, so that V8 keeps
 * its compiled code from one image to the next.
 */
function cleanAround(
  i: number,
  objs: readonly CleanInput[],
  mthresh: ArrayLike<number>,
  grids: readonly Grid[],
  cand: number[],
  survives: Uint8Array,
  eatenBy: Int32Array,
  thresh: number,
  beta: number,
): void {
  const o1 = objs[i];
  const [ampin, alphain] = moffatParams(o1, thresh, beta);
  cand.length = 0;
  for (const g of grids) g.query(o1.mx, o1.my, CLEAN_ZONE * (o1.a + g.amax), i, cand);
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
      if (val > 1.0 && Math.fround(val < 1e10 ? ampin * Math.pow(val, -beta) : 0.0) > mthresh[j]) {
        survives[j] = 0;
        eatenBy[j] = i;
      }
    } else {
      const [amp, alpha] = moffatParams(o2, thresh, beta);
      const val = 1 + alpha * (o2.cxx * dx * dx + o2.cyy * dy * dy + o2.cxy * dx * dy);
      if (val > 1.0 && Math.fround(val < 1e10 ? amp * Math.pow(val, -beta) : 0.0) > mthresh[i]) {
        survives[i] = 0;
        eatenBy[i] = j;
      }
    }
  }
}

/** Follow `eatenBy` chains to the surviving absorber (−1 for survivors). */
export function finalAbsorber(eatenBy: Int32Array, i: number): number {
  let j = eatenBy[i];
  if (j < 0) return -1;
  let guard = 0;
  while (eatenBy[j] >= 0 && guard++ < eatenBy.length) j = eatenBy[j];
  return j;
}

/** A uniform grid over the barycentres of some objects. */
class Grid {
  readonly amax: number;
  private readonly cell: number;
  private readonly gw: number;
  private readonly gh: number;
  private readonly x0: number;
  private readonly y0: number;
  private readonly start: Int32Array;
  private readonly items: Int32Array;

  constructor(objs: readonly CleanInput[], members: number[]) {
    let amax = 0;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const i of members) {
      const o = objs[i];
      if (o.a > amax) amax = o.a;
      if (o.mx < x0) x0 = o.mx;
      if (o.my < y0) y0 = o.my;
      if (o.mx > x1) x1 = o.mx;
      if (o.my > y1) y1 = o.my;
    }
    this.amax = amax;
    this.cell = Math.max(16, 20 * amax);
    this.x0 = x0;
    this.y0 = y0;
    this.gw = Math.floor((x1 - x0) / this.cell) + 1;
    this.gh = Math.floor((y1 - y0) / this.cell) + 1;
    const nc = this.gw * this.gh;
    this.start = new Int32Array(nc + 1);
    const cellOf = (i: number): number => Math.floor((objs[i].my - y0) / this.cell) * this.gw + Math.floor((objs[i].mx - x0) / this.cell);
    for (const i of members) this.start[cellOf(i) + 1]++;
    for (let c = 0; c < nc; c++) this.start[c + 1] += this.start[c];
    this.items = new Int32Array(members.length);
    const fill = this.start.slice(0, nc);
    for (const i of members) this.items[fill[cellOf(i)]++] = i;
  }

  /** Push the members with index > `after` whose cell intersects the square of half-side `reach`. */
  query(x: number, y: number, reach: number, after: number, out: number[]): void {
    const c = this.cell;
    const cx0 = Math.max(0, Math.floor((x - reach - this.x0) / c));
    const cx1 = Math.min(this.gw - 1, Math.floor((x + reach - this.x0) / c));
    const cy0 = Math.max(0, Math.floor((y - reach - this.y0) / c));
    const cy1 = Math.min(this.gh - 1, Math.floor((y + reach - this.y0) / c));
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const k = cy * this.gw + cx;
        for (let q = this.start[k]; q < this.start[k + 1]; q++) if (this.items[q] > after) out.push(this.items[q]);
      }
    }
  }
}
