/**
 * The background model's mesh grids in WebAssembly: background.ts's buildBackgroundModel from the
 * mesh rows' values to the filtered grids and their spline derivatives (the bad meshes replaced by
 * their nearest valid neighbours, the median filter with windowMedian's sort, splineY along each
 * mesh column), functions of detect-wasm.ts's module. In TypeScript these loops ran once per image,
 * so always in V8's interpreter (~2–4 ms of a cold 1024² extraction's background stage).
 *
 * The floats are the TypeScript's, operation for operation: float32 grid values promoted to float64,
 * float64 arithmetic rounded to float32 where the TypeScript calls `Math.fround` or stores into a
 * Float32Array; the window sort orders as the TypeScript's (ascending, −0 before +0, NaN where the
 * insertion sort leaves it).
 */
import { Body, EMPTY, F32, F64, I32, op, type WasmFunction } from '../wasm/index.js';
import { giveKernelInstance, type KernelInstance, takeKernelInstance } from './kernel-instances.js';

/** `memory.copy` and `memory.fill` (0xfc prefix; memory 0). */
const MEMORY_COPY = [0xfc, 0x0a, 0x00, 0x00];
const MEMORY_FILL = [0xfc, 0x0b, 0x00];
const I32_SHR_S = 0x75;
/** `f32.gt` (the encoder names the f64 comparisons only). */
const F32_GT = 0x5e;
/** `−1e30`: background.ts's −BIG, the bad mesh's value. */
const MINUS_BIG = -1e30;

/** `for (v = from; v < to; v++) body()`, `from` and `to` pushing an i32 each (`to` evaluated every step). */
function forUp(b: Body, v: number, from: () => void, to: () => void, body: () => void): void {
  from();
  b.set(v);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(v);
  to();
  b.op(op.i32GeS, op.brIf, 1);
  body();
  b.get(v).i32(1).op(op.i32Add).set(v);
  b.op(op.br, 0, op.end, op.end);
}

/** Push the address `base + 4 · index` (base a local; `index` pushes an i32). */
function at4(b: Body, base: number, index: () => void): void {
  b.get(base);
  index();
  b.i32(2).op(op.i32Shl, op.i32Add);
}

/** Push the float32 at `base + 4 · index`, promoted to float64. */
function loadF(b: Body, base: number, index: () => void): void {
  at4(b, base, index);
  b.mem(op.f32Load, 2).op(op.f64PromoteF32);
}

/** Round the float64 on the stack to float32 (as float64). */
function f32r(b: Body): void {
  b.op(op.f32DemoteF64, op.f64PromoteF32);
}

/**
 * `windowMedian(a, n) → median`: stats' windowMedian of the n ≥ 1 float32 values at `a`, sorted in
 * place by its insertion sort (a value moves below one that is greater, or +0 when it is −0), the
 * middle value or the float32 of the mean of the two middle ones, as float64.
 */
export function windowMedianFunction(): Body {
  const [a, n, i, j, vb, w, m] = [0, 1, 2, 3, 4, 5, 6];
  const v = 7; // (f32)
  const b = new Body();
  forUp(
    b,
    i,
    () => b.i32(1),
    () => b.get(n),
    () => {
      at4(b, a, () => b.get(i));
      b.mem(op.i32Load, 2).set(vb);
      b.get(vb).op(op.f32ReinterpretI32).set(v);
      b.get(i).set(j);
      b.op(op.block, EMPTY, op.loop, EMPTY);
      b.get(j).i32(0).op(op.i32LeS, op.brIf, 1);
      at4(b, a, () => b.get(j).i32(1).op(op.i32Sub));
      b.mem(op.i32Load, 2).set(w);
      // a[j − 1] > v, or a[j − 1] = +0 and v = −0
      b.get(w).op(op.f32ReinterpretI32).get(v).op(F32_GT);
      b.get(w).op(op.i32Eqz).get(vb).i32(-0x80000000).op(op.i32Eq, op.i32And, op.i32Or, op.i32Eqz, op.brIf, 1);
      at4(b, a, () => b.get(j));
      b.get(w).mem(op.i32Store, 2);
      b.get(j).i32(1).op(op.i32Sub).set(j);
      b.op(op.br, 0, op.end, op.end);
      at4(b, a, () => b.get(j));
      b.get(vb).mem(op.i32Store, 2);
    },
  );
  b.get(n).i32(1).op(I32_SHR_S).set(m);
  b.get(n).i32(1).op(op.i32And, op.if, F64);
  loadF(b, a, () => b.get(m));
  b.op(op.else);
  b.f64(0.5);
  loadF(b, a, () => b.get(m).i32(1).op(op.i32Sub));
  loadF(b, a, () => b.get(m));
  b.op(op.f64Add, op.f64Mul);
  f32r(b);
  b.op(op.end);
  return b;
}

/**
 * `splineY(map, dmap, nbx, nby, u)`: background.ts's splineY, the natural spline's second derivatives
 * along y of the float32 grid `map` (nby rows of nbx) into `dmap`, `u` scratch for nby float32 values.
 */
export function splineYFunction(): Body {
  const [map, dmap, nbx, nby, u] = [0, 1, 2, 3, 4];
  const [x, y, i] = [5, 6, 7];
  const temp = 8; // (f64)
  const b = new Body();
  const storeF = (base: number, index: () => void, value: () => void) => {
    at4(b, base, index);
    value();
    b.op(op.f32DemoteF64).mem(op.f32Store, 2);
  };
  b.get(nby).i32(2).op(op.i32LtS, op.if, EMPTY);
  b.get(dmap).i32(0).get(nbx).get(nby).op(op.i32Mul).i32(2).op(op.i32Shl, ...MEMORY_FILL);
  b.op(op.return, op.end);
  forUp(
    b,
    x,
    () => b.i32(0),
    () => b.get(nbx),
    () => {
      storeF(dmap, () => b.get(x), () => b.f64(0));
      storeF(u, () => b.i32(0), () => b.f64(0));
      forUp(
        b,
        y,
        () => b.i32(1),
        () => b.get(nby).i32(1).op(op.i32Sub),
        () => {
          b.get(y).get(nbx).op(op.i32Mul).get(x).op(op.i32Add).set(i);
          // temp = f32(−1 / (dmap[i − nbx] + 4)); dmap[i] = temp
          b.f64(-1);
          loadF(b, dmap, () => b.get(i).get(nbx).op(op.i32Sub));
          b.f64(4).op(op.f64Add, op.f64Div);
          f32r(b);
          b.set(temp);
          storeF(dmap, () => b.get(i), () => b.get(temp));
          // u[y] = f32(temp · f32(u[y − 1] − f32(6 · f32(f32(map[i + nbx] + map[i − nbx]) − f32(2 · map[i])))))
          storeF(
            u,
            () => b.get(y),
            () => {
              b.get(temp);
              loadF(b, u, () => b.get(y).i32(1).op(op.i32Sub));
              b.f64(6);
              loadF(b, map, () => b.get(i).get(nbx).op(op.i32Add));
              loadF(b, map, () => b.get(i).get(nbx).op(op.i32Sub));
              b.op(op.f64Add);
              f32r(b);
              b.f64(2);
              loadF(b, map, () => b.get(i));
              b.op(op.f64Mul);
              f32r(b);
              b.op(op.f64Sub);
              f32r(b);
              b.op(op.f64Mul);
              f32r(b);
              b.op(op.f64Sub);
              f32r(b);
              b.op(op.f64Mul);
            },
          );
        },
      );
      storeF(dmap, () => b.get(nby).i32(1).op(op.i32Sub).get(nbx).op(op.i32Mul).get(x).op(op.i32Add), () => b.f64(0));
      // for y = nby − 2 … 1: dmap[i] = f32((dmap[i] · dmap[i + nbx] + u[y]) / 6)
      b.get(nby).i32(2).op(op.i32Sub).set(y);
      b.op(op.block, EMPTY, op.loop, EMPTY);
      b.get(y).i32(0).op(op.i32LeS, op.brIf, 1);
      b.get(y).get(nbx).op(op.i32Mul).get(x).op(op.i32Add).set(i);
      storeF(
        dmap,
        () => b.get(i),
        () => {
          loadF(b, dmap, () => b.get(i));
          loadF(b, dmap, () => b.get(i).get(nbx).op(op.i32Add));
          b.op(op.f64Mul);
          loadF(b, u, () => b.get(y));
          b.op(op.f64Add).f64(6).op(op.f64Div);
        },
      );
      b.get(y).i32(1).op(op.i32Sub).set(y);
      b.op(op.br, 0, op.end, op.end);
    },
  );
  return b;
}

/**
 * `backgroundGrid(back, sigma, back2, sigma2, dback, dsigma, u, bmask, smask, nx, ny, npx, npy)`:
 * buildBackgroundModel's grid work on the float32 grids `back`, `sigma` (ny rows of nx; −1e30 or NaN:
 * a bad mesh): the bad meshes replaced (`sigma` in place, `back` through `back2`), the median filter of
 * (2·npx + 1) × (2·npy + 1) windows (shrunk at the edges; `bmask`, `smask` their scratch; function
 * `medianIndex`), the filtered grids in both `back` and `back2`, `sigma` and `sigma2`, then their
 * spline derivatives into `dback`, `dsigma` (function `splineIndex`, `u` its scratch).
 */
export function backgroundGridFunction(medianIndex: number, splineIndex: number): Body {
  const [back, sigma, back2, sigma2, dback, dsigma, u, bmask, smask, nx, ny, npx, npy] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [np, i, px, py, j, x, y, any, nmin, npx2, npy2, k, dx, dy, idx] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27];
  const [d2min, val, sval, d2, bj] = [28, 29, 30, 31, 32];
  const b = new Body();
  b.get(nx).get(ny).op(op.i32Mul).set(np);
  // any valid mesh
  forUp(
    b,
    i,
    () => b.i32(0),
    () => b.get(np),
    () => {
      loadF(b, back, () => b.get(i));
      b.f64(MINUS_BIG).op(op.f64Gt, op.if, EMPTY).i32(1).set(any).op(op.end);
    },
  );
  // bad meshes → the mean of the nearest valid ones (back2 a copy of back with them replaced)
  forUp(
    b,
    py,
    () => b.i32(0),
    () => b.get(ny),
    () =>
      forUp(
        b,
        px,
        () => b.i32(0),
        () => b.get(nx),
        () => {
          b.get(py).get(nx).op(op.i32Mul).get(px).op(op.i32Add).set(i);
          at4(b, back2, () => b.get(i));
          at4(b, back, () => b.get(i));
          b.mem(op.i32Load, 2).mem(op.i32Store, 2);
          loadF(b, back, () => b.get(i));
          b.f64(MINUS_BIG).op(op.f64Gt, op.i32Eqz, op.if, EMPTY);
          {
            b.f64(1e30).set(d2min);
            b.i32(0).set(nmin);
            b.f64(0).set(val);
            b.f64(0).set(sval);
            b.get(any).op(op.if, EMPTY);
            forUp(
              b,
              y,
              () => b.i32(0),
              () => b.get(ny),
              () =>
                forUp(
                  b,
                  x,
                  () => b.i32(0),
                  () => b.get(nx),
                  () => {
                    b.get(y).get(nx).op(op.i32Mul).get(x).op(op.i32Add).set(j);
                    loadF(b, back, () => b.get(j));
                    b.tee(bj).f64(MINUS_BIG).op(op.f64Gt, op.if, EMPTY);
                    // d2 = f32((x − px)² + (y − py)²), in float64 as the TypeScript's numbers
                    b.get(x).get(px).op(op.i32Sub, op.f64ConvertI32S).tee(d2).get(d2).op(op.f64Mul);
                    b.get(y).get(py).op(op.i32Sub, op.f64ConvertI32S).tee(d2).get(d2).op(op.f64Mul, op.f64Add);
                    f32r(b);
                    b.tee(d2).get(d2min).op(op.f64Lt, op.if, EMPTY);
                    b.get(bj).set(val);
                    loadF(b, sigma, () => b.get(j));
                    b.set(sval);
                    b.i32(1).set(nmin);
                    b.get(d2).set(d2min);
                    b.op(op.else);
                    b.get(d2).get(d2min).op(op.f64Eq, op.if, EMPTY);
                    b.get(val).get(bj).op(op.f64Add).set(val);
                    b.get(sval);
                    loadF(b, sigma, () => b.get(j));
                    b.op(op.f64Add).set(sval);
                    b.get(nmin).i32(1).op(op.i32Add).set(nmin);
                    b.op(op.end, op.end);
                    b.op(op.end);
                  },
                ),
            );
            b.op(op.end);
            // back2[i] = nmin ? val / nmin : 0; sigma[i] = nmin ? sval / nmin : 1
            at4(b, back2, () => b.get(i));
            b.get(val).get(nmin).op(op.f64ConvertI32S, op.f64Div).f64(0).get(nmin).op(op.select, op.f32DemoteF64).mem(op.f32Store, 2);
            at4(b, sigma, () => b.get(i));
            b.get(sval).get(nmin).op(op.f64ConvertI32S, op.f64Div).f64(1).get(nmin).op(op.select, op.f32DemoteF64).mem(op.f32Store, 2);
          }
          b.op(op.end);
        },
      ),
  );
  b.get(back).get(back2).get(np).i32(2).op(op.i32Shl, ...MEMORY_COPY);
  // the median filter: each mesh the median of its window, shrunk symmetrically at the edges
  /** min(a, b) of the i32 on the stack and local `l`. */
  const minWith = (l: number) => {
    b.tee(idx).get(l).get(idx).get(l).op(op.i32LtS, op.select);
  };
  forUp(
    b,
    py,
    () => b.i32(0),
    () => b.get(ny),
    () => {
      b.get(ny).i32(1).op(op.i32Sub).get(py).op(op.i32Sub);
      minWith(npy);
      minWith(py);
      b.tee(npy2).i32(0).op(op.i32LtS, op.if, EMPTY).i32(0).set(npy2).op(op.end);
      forUp(
        b,
        px,
        () => b.i32(0),
        () => b.get(nx),
        () => {
          b.get(nx).i32(1).op(op.i32Sub).get(px).op(op.i32Sub);
          minWith(npx);
          minWith(px);
          b.set(npx2);
          b.i32(0).set(k);
          forUp(
            b,
            dy,
            () => b.i32(0).get(npy2).op(op.i32Sub),
            () => b.get(npy2).i32(1).op(op.i32Add),
            () =>
              forUp(
                b,
                dx,
                () => b.i32(0).get(npx2).op(op.i32Sub),
                () => b.get(npx2).i32(1).op(op.i32Add),
                () => {
                  b.get(py).get(dy).op(op.i32Add).get(nx).op(op.i32Mul).get(px).op(op.i32Add).get(dx).op(op.i32Add).set(idx);
                  for (const [mask, grid] of [
                    [bmask, back],
                    [smask, sigma],
                  ]) {
                    at4(b, mask, () => b.get(k));
                    at4(b, grid, () => b.get(idx));
                    b.mem(op.i32Load, 2).mem(op.i32Store, 2);
                  }
                  b.get(k).i32(1).op(op.i32Add).set(k);
                },
              ),
          );
          for (const [mask, out] of [
            [bmask, back2],
            [smask, sigma2],
          ]) {
            at4(b, out, () => b.get(py).get(nx).op(op.i32Mul).get(px).op(op.i32Add));
            b.get(mask).get(k).op(op.call, medianIndex, op.f32DemoteF64).mem(op.f32Store, 2);
          }
        },
      );
    },
  );
  b.get(back).get(back2).get(np).i32(2).op(op.i32Shl, ...MEMORY_COPY);
  b.get(sigma).get(sigma2).get(np).i32(2).op(op.i32Shl, ...MEMORY_COPY);
  for (const [grid, d] of [
    [back, dback],
    [sigma, dsigma],
  ]) {
    b.get(grid).get(d).get(nx).get(ny).get(u).op(op.call, splineIndex);
  }
  return b;
}

/** The three functions' entries for detect-wasm.ts's module, in this order (`first`: the module's index of the first). */
export function gridEntries(first: number): WasmFunction[] {
  return [
    { params: [I32, I32], results: [F64], locals: [I32, I32, I32, I32, I32, F32], body: windowMedianFunction(), exportName: 'windowMedian' },
    { params: [I32, I32, I32, I32, I32], results: [], locals: [I32, I32, I32, F64], body: splineYFunction(), exportName: 'splineY' },
    {
      params: new Array<number>(13).fill(I32),
      results: [],
      locals: [...new Array<number>(15).fill(I32), ...new Array<number>(5).fill(F64)],
      body: backgroundGridFunction(first, first + 1),
      exportName: 'backgroundGrid',
    },
  ];
}

/** 16-byte aligned room for `n` float32 values. */
function room(n: number): number {
  return (n * 4 + 15) & ~15;
}

type GridFn = (back: number, sigma: number, back2: number, sigma2: number, dback: number, dsigma: number, u: number, bmask: number, smask: number, nx: number, ny: number, npx: number, npy: number) => void;

/** See the module comment; made by detect-wasm.ts's `gridKernels`. */
export class GridKernels {
  /** The grids: {@link run} reads `back` and `sigma` and leaves the filtered grids in all four, the derivatives in `dback`, `dsigma`. */
  readonly back: Float32Array;
  readonly sigma: Float32Array;
  readonly back2: Float32Array;
  readonly sigma2: Float32Array;
  readonly dback: Float32Array;
  readonly dsigma: Float32Array;
  private readonly u: Float32Array;
  private readonly bmask: Float32Array;
  private readonly smask: Float32Array;
  private readonly fn: GridFn;
  /** The instance and memory (kernel-instances.ts), until {@link release}. */
  private readonly instance: KernelInstance;

  /** Kernels for grids of `nx` × `ny` meshes and median windows of `filterSize`² (odd). */
  constructor(
    mod: object,
    readonly nx: number,
    readonly ny: number,
    readonly filterSize: number,
  ) {
    const np = nx * ny;
    const win = filterSize * filterSize;
    const bytes = 6 * room(np) + room(ny) + 2 * room(win);
    const instance = takeKernelInstance(mod, bytes);
    const memory = instance.memory;
    this.instance = instance;
    this.fn = instance.exports.backgroundGrid as GridFn;
    const buffer = memory.buffer;
    let at = 0;
    const f32 = (n: number): Float32Array => {
      const a = new Float32Array(buffer, at, n);
      at += room(n);
      return a;
    };
    this.back = f32(np);
    this.sigma = f32(np);
    this.back2 = f32(np);
    this.sigma2 = f32(np);
    this.dback = f32(np);
    this.dsigma = f32(np);
    this.u = f32(ny);
    this.bmask = f32(win);
    this.smask = f32(win);
  }

  /** buildBackgroundModel's grid work on {@link back} and {@link sigma} (see backgroundGridFunction). */
  run(): void {
    const half = this.filterSize >> 1;
    this.fn(this.back.byteOffset, this.sigma.byteOffset, this.back2.byteOffset, this.sigma2.byteOffset, this.dback.byteOffset, this.dsigma.byteOffset, this.u.byteOffset, this.bmask.byteOffset, this.smask.byteOffset, this.nx, this.ny, half, half);
  }

  /** Done with the kernels: their instance goes back for the next stage's (kernel-instances.ts); none of this object's methods or grids may be used after. */
  release(): void {
    giveKernelInstance(this.instance);
  }
}
