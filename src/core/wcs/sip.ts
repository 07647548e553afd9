import { WcsError } from './errors.js';
import type { HeaderLookup } from './header.js';
import { newtonInverse2d, type PlaneJacobian, type PlaneMap } from './newton.js';

/** One SIP polynomial: sum of c[p][q] u^p v^q for p + q ≤ order. */
class Poly {
  readonly order: number;
  private readonly terms: Array<[number, number, number]>;

  constructor(order: number, terms: Array<[number, number, number]>) {
    this.order = order;
    this.terms = terms;
  }

  /** The non-zero terms (p, q, c), in the order {@link value} sums them. */
  get termList(): ReadonlyArray<readonly [number, number, number]> {
    return this.terms;
  }

  get empty(): boolean {
    return this.terms.length === 0;
  }

  value(u: number, v: number): number {
    let s = 0;
    for (const [p, q, c] of this.terms) s += c * powi(u, p) * powi(v, q);
    return s;
  }

  /** Partial derivatives (d/du, d/dv). */
  gradient(u: number, v: number): [number, number] {
    let du = 0;
    let dv = 0;
    for (const [p, q, c] of this.terms) {
      if (p > 0) du += c * p * powi(u, p - 1) * powi(v, q);
      if (q > 0) dv += c * q * powi(u, p) * powi(v, q - 1);
    }
    return [du, dv];
  }
}

function powi(x: number, n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r *= x;
  return r;
}

function readPoly(header: HeaderLookup, prefix: 'A' | 'B' | 'AP' | 'BP'): Poly | null {
  const ov = header.get(`${prefix}_ORDER`);
  if (ov === undefined || ov === null) return null;
  if (typeof ov !== 'number' || !Number.isInteger(ov) || ov < 0 || ov > 20) {
    throw new WcsError('wcs_bad_keyword', 'SIP order must be an integer from 0 to 20', `${prefix}_ORDER`);
  }
  const terms: Array<[number, number, number]> = [];
  for (let p = 0; p <= ov; p++) {
    for (let q = 0; q <= ov - p; q++) {
      const key = `${prefix}_${p}_${q}`;
      const c = header.get(key);
      if (c === undefined || c === null) continue;
      if (typeof c !== 'number' || !Number.isFinite(c)) throw new WcsError('wcs_bad_keyword', 'SIP coefficient is not a number', key);
      if (c !== 0) terms.push([p, q, c]);
    }
  }
  return new Poly(ov, terms);
}

/**
 * Simple Imaging Polynomial distortion (Shupe et al. 2005), applied to pixel offsets from
 * CRPIX (u, v in pixels) before the linear transformation, as astropy does:
 * (u, v) → (u + A(u, v), v + B(u, v)). The inverse uses AP/BP as a first guess when present
 * and always refines it with Newton iterations on A/B, so pixel → sky → pixel round trips to
 * better than 1e-9 px (AP/BP alone are only a fit).
 */
export class Sip {
  private readonly a: Poly;
  private readonly b: Poly;
  private readonly ap: Poly | null;
  private readonly bp: Poly | null;

  private constructor(a: Poly, b: Poly, ap: Poly | null, bp: Poly | null) {
    this.a = a;
    this.b = b;
    this.ap = ap;
    this.bp = bp;
  }

  /** Read A/B (and AP/BP) from the header; null when there is no A_ORDER. */
  static fromHeader(header: HeaderLookup): Sip | null {
    const a = readPoly(header, 'A');
    if (!a) return null;
    const b = readPoly(header, 'B');
    if (!b) throw new WcsError('wcs_bad_keyword', 'A_ORDER present without B_ORDER', 'B_ORDER');
    const ap = readPoly(header, 'AP');
    const bp = readPoly(header, 'BP');
    return new Sip(a, b, ap && bp ? ap : null, ap && bp ? bp : null);
  }

  /** A's and B's terms (p, q, c), in the order {@link forward} sums them (for sky-wasm.ts's kernel). */
  get forwardTerms(): [ReadonlyArray<readonly [number, number, number]>, ReadonlyArray<readonly [number, number, number]>] {
    return [this.a.termList, this.b.termList];
  }

  get hasInverse(): boolean {
    return this.ap !== null;
  }

  /** Distorted offsets (u', v') for pixel offsets (u, v) from CRPIX. */
  forward(u: number, v: number): [number, number] {
    return [u + this.a.value(u, v), v + this.b.value(u, v)];
  }

  /** Pixel offsets (u, v) whose distorted offsets are (U, V); NaN if Newton fails. */
  inverse(U: number, V: number): [number, number] {
    let u = U;
    let v = V;
    if (this.ap && this.bp) {
      u = U + this.ap.value(U, V);
      v = V + this.bp.value(U, V);
    }
    const scale = Math.max(1, Math.abs(U), Math.abs(V));
    return newtonInverse2d(this.forwardMap, this.jacobian, U, V, u, v, { maxIterations: 60, stepTolerance: 1e-13 * scale, finalTolerance: 1e-9 });
  }

  /** {@link forward} as a map for the Newton inverse. */
  private readonly forwardMap: PlaneMap = (u, v) => this.forward(u, v);

  /** The analytic Jacobian of {@link forward}. */
  private readonly jacobian: PlaneJacobian = (u, v) => {
    const [au, av] = this.a.gradient(u, v);
    const [bu, bv] = this.b.gradient(u, v);
    return [1 + au, av, bu, 1 + bv];
  };
}
