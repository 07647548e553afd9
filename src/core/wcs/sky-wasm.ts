/**
 * Pixel → sky of many points in WebAssembly (sky-wasm-module.ts's module), for extraction's RA/Dec
 * of every source: on a cold start the TypeScript chain (pixToSky, toNative, toCelestial,
 * rotateLonLat, sind/cosd/atan2d) runs in V8's interpreter a point at a time, ~30 % of the
 * photometry stage at 2048². The module computes what `pixToSky` computes, bit for bit, for the
 * common WCSs: a celestial WCS with or without SIP, without TPV, with a TAN, ARC, ZEA, STG or plain
 * SIN projection and a frame that is ICRS or one rotation away from it (FK5, FK4 without E-terms,
 * galactic, ecliptic), and the DSS plate solution in such a frame. Any other WCS gets no kernel
 * ({@link skyManyOf} returns undefined: the caller uses pixToSky), and a point the module leaves
 * (an angle beyond 2^52) is computed by pixToSky.
 */
import { fromBase64, LazyModule, wasmApi } from '../wasm/index.js';
import { CelestialWcs } from './celestial.js';
import { DssPlateWcs } from './dss.js';
import type { SkyFrame } from './frames.js';
import { Arc, Sin, Stg, Tan, Zea } from './projections/zenithal.js';
import type { Projection } from './projections/types.js';
import { SKY_MODULE_BASE64 } from './sky-wasm-bytes.js';
import { P, PROJ, TERMS } from './sky-wasm-module.js';
import type { SphericalRotation } from './spherical.js';
import type { Wcs } from './types.js';

type SkyFn = (at: number, n: number, from: number) => number;

/** The module, compiled once a thread (ahead by {@link prepareSkyWasm}, else at the first kernel). */
const skyModule = new LazyModule(() => fromBase64(SKY_MODULE_BASE64));

/**
 * Compile the module off the calling thread, so that the first {@link skyManyOf} kernel finds it
 * ready (`nightshift extract` calls it before reading the image). Need not be awaited; never rejects.
 */
export function prepareSkyWasm(): Promise<void> {
  return skyModule.prepare();
}

/** An instance of the module over a memory of at least `bytes` bytes. */
class SkyInstance {
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly sky: SkyFn;
  constructor(
    mod: object,
    readonly bytes: number,
  ) {
    const api = wasmApi()!;
    const memory = new api.Memory({ initial: Math.ceil(bytes / 65536) });
    const m = Math;
    const instance = new api.Instance(mod, { env: { mem: memory, sin: m.sin, cos: m.cos, atan: m.atan, atan2: m.atan2, asin: m.asin, acos: m.acos } });
    this.sky = instance.exports.sky as SkyFn;
    this.f64 = new Float64Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }
}

let cached: SkyInstance | undefined;

/** The parameters of a WCS the module computes, as {@link P}'s layout: i32 flags, doubles, SIP terms. */
interface SkyParams {
  readonly flags: Record<'kind' | 'proj' | 'frame' | 'nA' | 'nB' | 'sip', number>;
  readonly doubles: ReadonlyArray<readonly [number, number]>;
  readonly terms: ReadonlyArray<readonly [number, number, number]>;
}

function projectionCode(p: Projection): number | undefined {
  if (p instanceof Tan) return PROJ.TAN;
  if (p instanceof Arc) return PROJ.ARC;
  if (p instanceof Zea) return PROJ.ZEA;
  if (p instanceof Stg) return PROJ.STG;
  if (p instanceof Sin && p.xi === 0 && p.eta === 0) return PROJ.SIN;
  return undefined;
}

/** The frame's doubles (its matrix) and flag, or undefined for a frame the module does not do. */
function frameParams(f: SkyFrame): { on: number; doubles: Array<[number, number]> } | undefined {
  if (f.toOutput === null) return { on: 0, doubles: [] };
  const m = f.outputRotation;
  if (m === undefined) return undefined;
  const doubles: Array<[number, number]> = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) doubles.push([P.mat + 8 * (3 * r + c), m[r][c]]);
  return { on: 1, doubles };
}

function rotationParams(r: SphericalRotation): Array<[number, number]> {
  return [
    [P.alphaP, r.alphaP],
    [P.phiP, r.phiP],
    [P.sdp, r.sdp],
    [P.cdp, r.cdp],
  ];
}

function paramsOf(wcs: Wcs): SkyParams | undefined {
  if (wcs instanceof CelestialWcs) {
    const p = wcs.parts;
    const proj = projectionCode(p.projection);
    const frame = frameParams(p.frame);
    if (p.tpv || proj === undefined || frame === undefined) return undefined;
    const [a, b] = p.sip ? p.sip.forwardTerms : [[], []];
    const m = p.linear.m;
    return {
      flags: { kind: 0, proj, frame: frame.on, nA: a.length, nB: b.length, sip: p.sip ? 1 : 0 },
      doubles: [
        [P.crpix, p.linear.crpix[0]],
        [P.crpix + 8, p.linear.crpix[1]],
        [P.m, m[0][0]],
        [P.m + 8, m[0][1]],
        [P.m + 16, m[1][0]],
        [P.m + 24, m[1][1]],
        [P.offset, p.offset[0]],
        [P.offset + 8, p.offset[1]],
        ...rotationParams(p.rotation),
        ...frame.doubles,
      ],
      terms: [...a, ...b],
    };
  }
  if (wcs instanceof DssPlateWcs) {
    const frame = frameParams(wcs.frame);
    if (frame === undefined) return undefined;
    const pl = wcs.plate;
    const doubles: Array<[number, number]> = [
      [P.cnpix, pl.cnpix[0]],
      [P.cnpix + 8, pl.cnpix[1]],
      [P.pixelSize, pl.pixelSize[0]],
      [P.pixelSize + 8, pl.pixelSize[1]],
      [P.ppo3, pl.ppo3],
      [P.ppo6, pl.ppo6],
      ...rotationParams(wcs.rotation),
      ...frame.doubles,
    ];
    for (let i = 0; i < 13; i++) doubles.push([P.amdx + 8 * i, pl.amdx[i]], [P.amdy + 8 * i, pl.amdy[i]]);
    return { flags: { kind: 1, proj: PROJ.TAN, frame: frame.on, nA: 0, nB: 0, sip: 0 }, doubles, terms: [] };
  }
  return undefined;
}

/**
 * `wcs.pixToSky` of many points in one call, or undefined when the module does not compute this WCS
 * (or there is no WebAssembly): `xy` (interleaved 0-based x, y) is overwritten with the interleaved
 * (RA, Dec) `pixToSky` gives, bit for bit (NaN, NaN off the projection). An odd last number is left.
 */
export function skyManyOf(wcs: Wcs): ((xy: Float64Array) => void) | undefined {
  const params = paramsOf(wcs);
  if (params === undefined || wasmApi() === undefined) return undefined;
  const at = (TERMS + 16 * params.terms.length + 15) & ~15;
  return (xy) => {
    const n = xy.length >> 1;
    if (n === 0) return;
    const mod = skyModule.get();
    const bytes = at + 16 * n;
    if (mod === null) {
      for (let i = 0; i < n; i++) {
        const rd = wcs.pixToSky(xy[2 * i], xy[2 * i + 1]);
        xy[2 * i] = rd[0];
        xy[2 * i + 1] = rd[1];
      }
      return;
    }
    if (cached === undefined || cached.bytes < bytes) cached = new SkyInstance(mod, Math.max(bytes, 65536));
    const { f64, i32, sky } = cached;
    const f = params.flags;
    i32[P.kind >> 2] = f.kind;
    i32[P.proj >> 2] = f.proj;
    i32[P.frame >> 2] = f.frame;
    i32[P.nA >> 2] = f.nA;
    i32[P.nB >> 2] = f.nB;
    i32[P.sip >> 2] = f.sip;
    for (const [off, v] of params.doubles) f64[off >> 3] = v;
    params.terms.forEach(([p, q, c], k) => {
      i32[(TERMS + 16 * k) >> 2] = p;
      i32[((TERMS + 16 * k) >> 2) + 1] = q;
      f64[((TERMS + 16 * k) >> 3) + 1] = c;
    });
    const base = at >> 3;
    f64.set(xy.subarray(0, 2 * n), base);
    for (let from = 0; (from = sky(at, n, from)) < n; from++) {
      const rd = wcs.pixToSky(f64[base + 2 * from], f64[base + 2 * from + 1]);
      f64[base + 2 * from] = rd[0];
      f64[base + 2 * from + 1] = rd[1];
    }
    xy.set(f64.subarray(base, base + 2 * n));
  };
}
