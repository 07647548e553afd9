/**
 * A libkd kd-tree as astrometry.net stores it in index files: a complete binary tree of
 * `nnodes = 2^levels - 1` nodes (children of node i are 2i+1 and 2i+2), whose leaves own
 * contiguous runs of the (already permuted) data points. Each interior node's split value
 * carries its split dimension in its low bits; coordinates are stored as integers (u16 or
 * u32) scaled into the bounding box `[min, max]` of the data, or as doubles.
 *
 * External (physical) coordinate of a stored value t in dimension d: `min[d] + t / scale`.
 */
import { SolveError } from './errors.js';

/** Numeric storage of the tree's splits ("tree type") or data ("data type"). */
export type KdType = 'u16' | 'u32' | 'double';

/** The decoded tables of one kd-tree. */
export interface KdTreeTables {
  name: string;
  ndim: number;
  ndata: number;
  nnodes: number;
  treeType: KdType;
  dataType: KdType;
  /** Per leaf, the index of its last data point (inclusive); null when computed from the layout. */
  lr: Uint32Array | null;
  /** Per interior node, the split value (dimension in the low bits for integer trees). */
  split: Uint16Array | Uint32Array | Float64Array;
  /** Per interior node, the split dimension when stored separately (double trees); else null. */
  splitDim: Uint8Array | null;
  /** Stored data, ndata × ndim values. */
  data: Uint16Array | Uint32Array | Float64Array;
  /**
   * Makes data points `first…last` (inclusive) hold their values in `data`, when `data` is
   * read on demand (paged-table.ts); absent when `data` is whole.
   */
  load?: (first: number, last: number) => void;
  /** Bounding box minima and maxima (ndim each) and the scale; null for double data. */
  minval: Float64Array | null;
  maxval: Float64Array | null;
  scale: number;
}

/** A kd-tree ready for range searches in external coordinates. */
export class KdTree {
  readonly name: string;
  readonly ndim: number;
  readonly ndata: number;
  readonly nnodes: number;
  private readonly ninterior: number;
  private readonly nbottom: number;
  private readonly levels: number;
  private readonly lr: Uint32Array | null;
  private readonly split: Uint16Array | Uint32Array | Float64Array;
  private readonly splitDim: Uint8Array | null;
  private readonly data: Uint16Array | Uint32Array | Float64Array;
  private readonly load: ((first: number, last: number) => void) | null;
  private readonly minval: Float64Array;
  private readonly maxval: Float64Array;
  private readonly invscale: number;
  private readonly treeInt: boolean;
  private readonly dataInt: boolean;
  private readonly dimMask: number;

  constructor(t: KdTreeTables) {
    this.name = t.name;
    this.ndim = t.ndim;
    this.ndata = t.ndata;
    this.nnodes = t.nnodes;
    this.levels = Math.round(Math.log2(t.nnodes + 1));
    this.nbottom = 2 ** (this.levels - 1);
    this.ninterior = this.nbottom - 1;
    this.lr = t.lr;
    this.split = t.split;
    this.splitDim = t.splitDim;
    this.data = t.data;
    this.load = t.load ?? null;
    this.treeInt = t.treeType !== 'double';
    this.dataInt = t.dataType !== 'double';
    if ((this.treeInt || this.dataInt) && (t.minval === null || t.maxval === null || !(t.scale > 0))) {
      throw new SolveError('bad_index', `kd-tree ${t.name}: integer coordinates without a range table`);
    }
    this.minval = t.minval ?? new Float64Array(t.ndim);
    this.maxval = t.maxval ?? new Float64Array(t.ndim);
    this.invscale = this.treeInt || this.dataInt ? 1 / t.scale : 1;
    let bits = 0;
    while (2 ** bits < t.ndim) bits++;
    this.dimMask = 2 ** bits - 1;
  }

  /** External coordinate `d` of data point `i`. */
  coord(i: number, d: number): number {
    this.load?.(i, i);
    return this.stored(i, d);
  }

  /** Data point `i` into `out` (length ≥ ndim). */
  point(i: number, out: Float64Array | number[]): void {
    this.load?.(i, i);
    for (let d = 0; d < this.ndim; d++) out[d] = this.stored(i, d);
  }

  /** External coordinate `d` of data point `i`, once loaded. */
  private stored(i: number, d: number): number {
    const v = this.data[i * this.ndim + d];
    return this.dataInt ? this.minval[d] + v * this.invscale : v;
  }

  /** Index of the last data point of leaf `leaf` (0-based among the leaves), inclusive. */
  private leafRight(leaf: number): number {
    if (this.lr) return this.lr[leaf];
    // no lr table: each split halves the count, the left half taking the floor
    if (leaf === this.nbottom - 1) return this.ndata - 1;
    const next = leaf + 1;
    let n = this.ndata;
    let left = 0;
    for (let bit = this.levels - 2; bit >= 0; bit--) {
      if ((next >> bit) & 1) {
        left += Math.floor(n / 2);
        n = Math.ceil(n / 2);
      } else n = Math.floor(n / 2);
    }
    return left - 1;
  }

  private leafLeft(leaf: number): number {
    return leaf === 0 ? 0 : this.leafRight(leaf - 1) + 1;
  }

  /** Split dimension and external split value of interior node `node`. */
  private splitOf(node: number): [number, number] {
    const raw = this.split[node];
    if (!this.treeInt) return [this.splitDim ? this.splitDim[node] : 0, raw];
    const dim = raw & this.dimMask;
    const value = raw - dim; // the split value with its dimension bits cleared
    return [dim, this.minval[dim] + value * this.invscale];
  }

  /**
   * Call `visit(i, dist2)` for every data point within Euclidean distance `sqrt(maxDist2)` of
   * `query` (external coordinates). Points on a split plane may be visited from either side.
   */
  rangeSearch(query: ArrayLike<number>, maxDist2: number, visit: (i: number, dist2: number) => void): void {
    const D = this.ndim;
    const lo = new Float64Array(D);
    const hi = new Float64Array(D);
    for (let d = 0; d < D; d++) {
      // integer quantisation can put a point half a step outside the stated box
      lo[d] = this.minval[d] - this.invscale;
      hi[d] = this.maxval[d] + this.invscale;
    }
    if (!this.treeInt && !this.dataInt) {
      lo.fill(-Infinity);
      hi.fill(Infinity);
    }
    const recurse = (node: number): void => {
      // lower bound of the distance from the query to this node's box
      let d2 = 0;
      for (let d = 0; d < D; d++) {
        const q = query[d];
        const delta = q < lo[d] ? lo[d] - q : q > hi[d] ? q - hi[d] : 0;
        d2 += delta * delta;
      }
      if (d2 > maxDist2) return;
      if (node >= this.ninterior) {
        const leaf = node - this.ninterior;
        const l = this.leafLeft(leaf);
        const r = this.leafRight(leaf);
        if (r >= l) this.load?.(l, r);
        for (let i = l; i <= r; i++) {
          let s = 0;
          for (let d = 0; d < D; d++) {
            const delta = this.stored(i, d) - query[d];
            s += delta * delta;
          }
          if (s <= maxDist2) visit(i, s);
        }
        return;
      }
      const [dim, value] = this.splitOf(node);
      const slack = this.treeInt ? this.invscale * (this.dimMask + 1) : 0;
      const oldHi = hi[dim];
      hi[dim] = Math.min(oldHi, value + slack);
      recurse(2 * node + 1);
      hi[dim] = oldHi;
      const oldLo = lo[dim];
      lo[dim] = Math.max(oldLo, value - slack);
      recurse(2 * node + 2);
      lo[dim] = oldLo;
    };
    recurse(0);
  }
}
