/**
 * Lutz's one-pass algorithm for 8-connected components (as in SExtractor's `scan.c` /
 * `lutz.c`), fed one row at a time. Besides the components it reproduces SExtractor's
 * pixel-list order (a linked list through `next`) and object completion order, which
 * matter for CLEAN (`mthresh`) and so for which detections survive.
 */
import { grow } from './grow.js';

const COMPLETE = 0;
const INCOMPLETE = 1;
const NONOBJECT = 2;
const OBJECT = 3;
const M_S = 1; // 'S'
const M_s = 2; // 's'
const M_f = 3; // 'f'
const M_F = 4; // 'F'
const UNKNOWN = -1;

/**
 * The objects a scan has completed, in completion order: first pixel record, pixel count,
 * flags (OR of the pixel flags), the scan line (0-based count of rows given to the scanner
 * before the one that completed it) and the column at which it was completed. One class for
 * every user of the scanner, filled by the scanner itself: a callback (or an interface with
 * several implementations) was a new or a polymorphic call target for V8 in the scanner's
 * optimised code, which threw that code away whenever another one appeared.
 */
export class Completions {
  first: Int32Array;
  count: Int32Array;
  flag: Int32Array;
  line: Int32Array;
  xl: Int32Array;
  n = 0;

  constructor(capacity = 64) {
    this.first = new Int32Array(capacity);
    this.count = new Int32Array(capacity);
    this.flag = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
    this.xl = new Int32Array(capacity);
  }

  add(first: number, count: number, flag: number, line: number, xl: number): void {
    if (this.n === this.first.length) {
      const m = 2 * this.n;
      this.first = grow(this.first, m);
      this.count = grow(this.count, m);
      this.flag = grow(this.flag, m);
      this.line = grow(this.line, m);
      this.xl = grow(this.xl, m);
    }
    const k = this.n++;
    this.first[k] = first;
    this.count[k] = count;
    this.flag[k] = flag;
    this.line[k] = line;
    this.xl[k] = xl;
  }

  /**
   * Add `nc` completions given as columns (`log` holds `nc` firsts, then, `stride` values further
   * on each, the counts, flags, columns and lines): the same as {@link add} for each in turn,
   * copied as blocks (DetectKernels.subtractFilterRows' log).
   */
  addColumns(log: Int32Array, stride: number, nc: number): void {
    const n = this.n;
    if (n + nc > this.first.length) {
      let m = 2 * this.first.length;
      while (m < n + nc) m *= 2;
      this.first = grow(this.first, m);
      this.count = grow(this.count, m);
      this.flag = grow(this.flag, m);
      this.line = grow(this.line, m);
      this.xl = grow(this.xl, m);
    }
    this.first.set(log.subarray(0, nc), n);
    this.count.set(log.subarray(stride, stride + nc), n);
    this.flag.set(log.subarray(2 * stride, 2 * stride + nc), n);
    this.xl.set(log.subarray(3 * stride, 3 * stride + nc), n);
    this.line.set(log.subarray(4 * stride, 4 * stride + nc), n);
    this.n = n + nc;
  }

  clear(): void {
    this.n = 0;
  }
}


/**
 * Holder of the growable linked list `next[record]` (−1 = end). A class, not an object
 * literal: V8 deoptimises code that read a field of a literal's map when the literal is
 * evaluated again, which for per-image objects meant re-optimising the hot loops on every
 * image after the first (see background.ts).
 */
export class LinkedList {
  constructor(public next: Int32Array) {}
}

/** Row-by-row Lutz scanner over rows of `width` pixels. */
export class LutzScanner {
  private w: number;
  private readonly marker: Uint8Array;
  private readonly psstack: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly iNb: Int32Array;
  private readonly iFirst: Int32Array;
  private readonly iLast: Int32Array;
  private readonly iFlag: Int32Array;
  private readonly sNb: Int32Array;
  private readonly sFirst: Int32Array;
  private readonly sLast: Int32Array;
  private readonly sFlag: Int32Array;

  constructor(
    width: number,
    private readonly list: LinkedList,
    /** Where completed objects go. */
    private readonly done: Completions,
  ) {
    const n = width + 1;
    this.w = width;
    this.marker = new Uint8Array(n);
    this.psstack = new Uint8Array(n + 2);
    this.start = new Int32Array(n + 1);
    this.end = new Int32Array(n + 1);
    this.iNb = new Int32Array(n + 1);
    this.iFirst = new Int32Array(n + 1);
    this.iLast = new Int32Array(n + 1);
    this.iFlag = new Int32Array(n + 1);
    this.sNb = new Int32Array(n);
    this.sFirst = new Int32Array(n);
    this.sLast = new Int32Array(n);
    this.sFlag = new Int32Array(n);
  }

  /**
   * Process one row: `rec[x]` = record index of an above-threshold pixel, or −1.
   * `rowFlag` is OR-ed into the flags of the row's pixels; `edgeFlag` into the first and
   * last pixel of the row. Pass `null` for the final empty row that completes everything.
   */
  row(rec: Int32Array | null, rowFlag = 0, edgeFlag = 0): void {
    const { w, marker, psstack, start, end, iNb, iFirst, iLast, iFlag, sNb, sFirst, sLast, sFlag } = this;
    const next = this.list.next;
    let co = this.co;
    let pstop = this.pstop;
    let ps = COMPLETE;
    let cs = NONOBJECT;
    for (let xl = 0; xl <= w; xl++) {
      // nothing happens on empty sky outside any segment: skip it
      if (cs === NONOBJECT && rec !== null) {
        // four pixels a step while all four are sky (rec = −1) without a marker
        while (xl + 4 <= w && (rec[xl] & rec[xl + 1] & rec[xl + 2] & rec[xl + 3]) === -1 && (marker[xl] | marker[xl + 1] | marker[xl + 2] | marker[xl + 3]) === 0) xl += 4;
        while (xl < w && rec[xl] < 0 && marker[xl] === 0) xl++;
      }
      const newmarker = marker[xl];
      marker[xl] = 0;
      const p = rec !== null && xl < w ? rec[xl] : -1;
      const luflag = p >= 0;
      if (luflag) {
        if (cs !== OBJECT) {
          cs = OBJECT;
          if (ps === OBJECT) {
            // one store of the marker for both cases (see StripScan.scanRow in detect.ts)
            const unknown = start[co] === UNKNOWN;
            marker[xl] = unknown ? M_S : M_s;
            if (unknown) start[co] = xl;
          } else {
            psstack[pstop++] = ps;
            marker[xl] = M_S;
            start[++co] = xl;
            ps = COMPLETE;
            iNb[co] = 0;
            iFirst[co] = -1;
            iLast[co] = -1;
            iFlag[co] = 0;
          }
        }
      }
      if (newmarker) {
        if (newmarker === M_S) {
          psstack[pstop++] = ps;
          if (cs === NONOBJECT) {
            psstack[pstop++] = COMPLETE;
            co++;
            iNb[co] = sNb[xl];
            iFirst[co] = sFirst[xl];
            iLast[co] = sLast[xl];
            iFlag[co] = sFlag[xl];
            start[co] = UNKNOWN;
          } else this.upd(next, co, sNb[xl], sFirst[xl], sLast[xl], sFlag[xl]);
          ps = OBJECT;
        } else if (newmarker === M_s) {
          if (cs === OBJECT && ps === COMPLETE) {
            pstop--;
            const xl2 = start[co];
            this.upd(next, co - 1, iNb[co], iFirst[co], iLast[co], iFlag[co]);
            if (start[--co] === UNKNOWN) start[co] = xl2;
            else marker[xl2] = M_s;
          }
          ps = OBJECT;
        } else if (newmarker === M_f) ps = INCOMPLETE;
        else if (newmarker === M_F) {
          ps = psstack[--pstop];
          if (cs === NONOBJECT && ps === COMPLETE) {
            if (start[co] === UNKNOWN) {
              if (iNb[co] > 0) this.done.add(iFirst[co], iNb[co], iFlag[co], this.line, xl);
            } else {
              marker[end[co]] = M_F;
              sNb[start[co]] = iNb[co];
              sFirst[start[co]] = iFirst[co];
              sLast[start[co]] = iLast[co];
              sFlag[start[co]] = iFlag[co];
            }
            co--;
            ps = psstack[--pstop];
          }
        }
      }
      if (luflag) {
        next[p] = -1;
        const flag = rowFlag | (xl === 0 || xl === w - 1 ? edgeFlag : 0);
        this.upd(next, co, 1, p, p, flag);
      } else if (cs === OBJECT) {
        cs = NONOBJECT;
        if (ps !== COMPLETE) {
          marker[xl] = M_f;
          end[co] = xl;
        } else {
          ps = psstack[--pstop];
          marker[xl] = M_F;
          sNb[start[co]] = iNb[co];
          sFirst[start[co]] = iFirst[co];
          sLast[start[co]] = iLast[co];
          sFlag[start[co]] = iFlag[co];
          co--;
        }
      }
    }
    this.co = co;
    this.pstop = pstop;
    this.line++;
  }

  private co = 0;
  private pstop = 0;
  /** Rows given to {@link row} since the scan started. */
  private line = 0;

  /** SExtractor's `update`: append object b's pixel list to info slot a. */
  private upd(next: Int32Array, a: number, nb: number, first: number, last: number, flag: number): void {
    const { iNb, iFlag, iFirst, iLast } = this;
    iNb[a] += nb;
    iFlag[a] |= flag;
    if (iFirst[a] === -1) {
      iFirst[a] = first;
      iLast[a] = last;
    } else if (last !== -1) {
      next[iLast[a]] = first;
      iLast[a] = last;
    }
  }

  /** Start a new scan with rows of `width` ≤ the constructor's width. */
  reset(width: number): void {
    if (width > this.marker.length - 1) throw new RangeError('LutzScanner.reset: width too large');
    this.w = width;
    this.marker.fill(0);
    this.co = 0;
    this.pstop = 0;
    this.line = 0;
  }
}
