/**
 * The one 2-D Newton inverse of the WCS distortions (SIP, TPV, DSS plate polynomials): the
 * point (x, y) at which a smooth map f reaches a target (tx, ty), from a first guess.
 */

/** A map of the plane, (x, y) → [f₁, f₂]. */
export type PlaneMap = (x: number, y: number) => [number, number];

/**
 * The Jacobian [∂f₁/∂x, ∂f₁/∂y, ∂f₂/∂x, ∂f₂/∂y] of a {@link PlaneMap} at (x, y), where it takes
 * the value (fx, fy) (given, so that a finite difference needs no extra evaluation).
 */
export type PlaneJacobian = (x: number, y: number, fx: number, fy: number) => [number, number, number, number];

/** Iteration limits and tolerances of {@link newtonInverse2d}, in the units of x, y and f. */
export interface Newton2dOptions {
  /** At most this many Newton steps. */
  maxIterations: number;
  /** Converged after a step of less than this in both coordinates. */
  stepTolerance: number;
  /** Also converged, before stepping, when both residuals are below this [never]. */
  residualTolerance?: number;
  /**
   * After `maxIterations` without converging, (x, y) is kept when both residuals are below
   * this, else NaN; absent: kept as it is (the caller checks it).
   */
  finalTolerance?: number;
}

/** The Jacobian of `f` by forward differences with step `h` (in the units of x and y). */
export function forwardDifference(f: PlaneMap, h: number): PlaneJacobian {
  return (x, y, fx, fy) => {
    const [ax, ay] = f(x + h, y);
    const [bx, by] = f(x, y + h);
    return [(ax - fx) / h, (bx - fx) / h, (ay - fy) / h, (by - fy) / h];
  };
}

/**
 * The (x, y) near (x0, y0) with f(x, y) = (tx, ty), by Newton steps solving J·d = f − t.
 * Returns [NaN, NaN] when a residual is not finite, the Jacobian is singular or not finite,
 * or the iteration ends without meeting `finalTolerance`.
 */
export function newtonInverse2d(f: PlaneMap, jacobian: PlaneJacobian, tx: number, ty: number, x0: number, y0: number, o: Newton2dOptions): [number, number] {
  let x = x0;
  let y = y0;
  const resTol = o.residualTolerance ?? -Infinity;
  for (let it = 0; it < o.maxIterations; it++) {
    const [fx, fy] = f(x, y);
    const ex = fx - tx;
    const ey = fy - ty;
    if (!Number.isFinite(ex) || !Number.isFinite(ey)) return [NaN, NaN];
    if (Math.abs(ex) < resTol && Math.abs(ey) < resTol) return [x, y];
    const [j11, j12, j21, j22] = jacobian(x, y, fx, fy);
    const det = j11 * j22 - j12 * j21;
    if (!Number.isFinite(det) || det === 0) return [NaN, NaN];
    const dx = (j22 * ex - j12 * ey) / det;
    const dy = (-j21 * ex + j11 * ey) / det;
    x -= dx;
    y -= dy;
    if (Math.abs(dx) < o.stepTolerance && Math.abs(dy) < o.stepTolerance) return [x, y];
  }
  if (o.finalTolerance === undefined) return [x, y];
  const [fx, fy] = f(x, y);
  return Math.abs(fx - tx) < o.finalTolerance && Math.abs(fy - ty) < o.finalTolerance ? [x, y] : [NaN, NaN];
}
