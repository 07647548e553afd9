import { describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs, type Wcs } from '../../../src/core/wcs/index.js';
import { SKY_MODULE_BASE64 } from '../../../src/core/wcs/sky-wasm-bytes.js';
import { skyModuleBytes } from '../../../src/core/wcs/sky-wasm-module.js';
import { skyManyOf } from '../../../src/core/wcs/sky-wasm.js';
import { loadCases } from './cases.js';
import { mulberry32 } from '../../../src/core/synth/index.js';

// sky-wasm.ts's kernel (extraction's RA/Dec of every source in WebAssembly) must give what
// pixToSky gives, bit for bit, on every reference header it takes; the others get no kernel.

/** Random pixels in, around and far beyond a w × h image, and odd values. */
function pixels(rand: () => number, w: number, h: number, extra: ReadonlyArray<readonly [number, number]> = []): number[] {
  const pts: number[] = [];
  for (let k = 0; k < 300; k++) pts.push(rand() * w, rand() * h);
  for (let k = 0; k < 60; k++) pts.push((rand() - 0.5) * 40 * w, (rand() - 0.5) * 40 * h);
  for (let k = 0; k < 30; k++) pts.push((rand() - 0.5) * 1e7, (rand() - 0.5) * 1e7);
  // pixels on the reference point and on whole multiples around it (angles of exactly 0, 90, 180 …)
  for (let k = -2; k <= 2; k++) for (let j = -2; j <= 2; j++) pts.push(Math.round(w / 2) + k, Math.round(h / 2) + j, w / 2 - 0.5 + k, h / 2 - 0.5 + j);
  for (const p of extra) pts.push(p[0], p[1]);
  pts.push(0, 0, -0, 0, 0, -0, NaN, 1, 1, NaN, Infinity, 0, 0, -Infinity, Infinity, NaN, 1e300, -1e300, -1e300, 1e300, 5e-324, -5e-324);
  return pts;
}

function expectSame(name: string, wcs: Wcs, many: (xy: Float64Array) => void, pts: number[]): void {
  const xy = Float64Array.from(pts);
  many(xy);
  for (let i = 0; i < pts.length; i += 2) {
    const one = wcs.pixToSky(pts[i], pts[i + 1]);
    if (!Object.is(xy[i], one[0]) || !Object.is(xy[i + 1], one[1])) {
      throw new Error(`${name}: (${pts[i]}, ${pts[i + 1]}) → kernel (${xy[i]}, ${xy[i + 1]}), pixToSky (${one[0]}, ${one[1]})`);
    }
  }
}

describe('sky-wasm', () => {
  const cases = loadCases().filter((c) => c.expect === 'wcs');

  it('is the module the encoder writes', () => {
    expect(Buffer.from(skyModuleBytes()).toString('base64')).toBe(SKY_MODULE_BASE64);
  });

  it('equals pixToSky bit for bit on random pixels of every reference header it takes', () => {
    const taken: string[] = [];
    let seed = 1;
    for (const c of cases) {
      const wcs = parseWcs(headerFromRecord(c.header));
      if (!wcs) continue;
      const many = skyManyOf(wcs);
      if (!many) continue;
      const [w, h] = c.size ?? [2048, 2048];
      expectSame(c.name, wcs, many, pixels(mulberry32(seed++), w, h, c.pix ?? []));
      taken.push(c.name);
    }
    // TAN, SIN, ZEA, ARC, STG headers, SIP, FK4/FK5/galactic/ecliptic frames and the DSS plates
    expect(taken.length).toBeGreaterThan(20);
    expect(taken.some((n) => /dss|plate/i.test(n))).toBe(true);
  });

  it('takes no WCS it does not compute (TPV, other projections, FK4 with E-terms)', () => {
    for (const c of cases) {
      const wcs = parseWcs(headerFromRecord(c.header));
      if (!wcs || !skyManyOf(wcs)) continue;
      const ctype = String(c.header.CTYPE1 ?? c.header[`CTYPE1${c.alt ?? ''}`] ?? '');
      expect(ctype).not.toMatch(/TPV|AZP|SZP|CAR|AIT|MER|CEA|CYP|ZPN|AIR|COE|COO|COD|COP|BON|PCO|TSC|CSC|QSC|HPX|XPH|SFL|PAR|MOL/);
    }
  });

  it('leaves points whose angles reach 2^52 to pixToSky, and an odd last number and an empty array alone', () => {
    const base: Record<string, string | number> = {
      NAXIS: 2, NAXIS1: 100, NAXIS2: 100, CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 50, CRPIX2: 50,
      CRVAL1: 1e17, CRVAL2: 20, CD1_1: -1e-4, CD1_2: 0, CD2_1: 0, CD2_2: 1e-4,
    };
    for (const crval1 of [1e17, -3e16, 4.5e15, 2 ** 52, 2 ** 52 - 180, 720, -720, 360, -360, 0, -0.0001]) {
      const wcs = parseWcs(headerFromRecord({ ...base, CRVAL1: crval1 }))!;
      const many = skyManyOf(wcs)!;
      expect(many).toBeDefined();
      expectSame(`CRVAL1 ${crval1}`, wcs, many, pixels(mulberry32(7), 100, 100));
    }
    const wcs = parseWcs(headerFromRecord(base))!;
    const many = skyManyOf(wcs)!;
    const xy = Float64Array.of(10, 20, 7);
    many(xy);
    expect(xy[2]).toBe(7);
    expect(Array.from(xy.subarray(0, 2))).toEqual(wcs.pixToSky(10, 20));
    many(new Float64Array(0));
  });

  it('equals pixToSky near the poles, on the projections its own headers take, with SIP', () => {
    let seed = 100;
    for (const proj of ['TAN', 'SIN', 'ZEA', 'ARC', 'STG']) {
      for (const crval2 of [90, -90, 89.9999, -89.99, 0, 45]) {
        for (const radesys of ['ICRS', 'FK5', 'FK4-NO-E']) {
          const h: Record<string, string | number> = {
            NAXIS: 2, NAXIS1: 500, NAXIS2: 500, CTYPE1: `RA---${proj}`, CTYPE2: `DEC--${proj}`, CRPIX1: 250.5, CRPIX2: 250.5,
            CRVAL1: 359.9999, CRVAL2: crval2, CD1_1: -0.2, CD1_2: 0.01, CD2_1: 0.01, CD2_2: 0.2, RADESYS: radesys,
          };
          if (proj === 'TAN') Object.assign(h, { CTYPE1: 'RA---TAN-SIP', CTYPE2: 'DEC--TAN-SIP', A_ORDER: 2, B_ORDER: 2, A_2_0: 1e-5, A_0_2: -2e-6, A_1_1: 3e-6, B_2_0: -1e-6, B_1_1: 4e-6, B_0_2: 0 });
          const wcs = parseWcs(headerFromRecord(h))!;
          const many = skyManyOf(wcs);
          expect(many, `${proj} ${crval2} ${radesys}`).toBeDefined();
          expectSame(`${proj} ${crval2} ${radesys}`, wcs, many!, pixels(mulberry32(seed++), 500, 500));
        }
      }
    }
  });
});
