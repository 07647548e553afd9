/**
 * A FITS celestial projection (Calabretta & Greisen 2002, "Paper II"), in wcslib's
 * conventions: intermediate world coordinates (x, y) in degrees (R0 = 180/pi), native
 * spherical coordinates (phi, theta) in degrees. Points outside the projection's domain give
 * NaN.
 */
export interface Projection {
  /** Three-letter code, e.g. `TAN`. */
  readonly code: string;
  /** Native longitude of the fiducial point (degrees). */
  readonly phi0: number;
  /** Native latitude of the fiducial point (degrees). */
  readonly theta0: number;
  /** Deprojection: intermediate (x, y) degrees → native (phi, theta) degrees. */
  toNative(x: number, y: number): [number, number];
  /** Projection: native (phi, theta) degrees → intermediate (x, y) degrees. */
  fromNative(phi: number, theta: number): [number, number];
}

/** Projection parameters PVi_m of the latitude axis, indexed by m (undefined when absent). */
export type ProjectionParams = ReadonlyArray<number | undefined>;

export const R0 = 180 / Math.PI;
