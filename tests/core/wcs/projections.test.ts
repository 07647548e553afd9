import { describe, expect, it } from 'vitest';
import { makeProjection } from '../../../src/core/wcs/projections/index.js';

const cases: Array<[string, Array<number | undefined>, number]> = [
  ['TAN', [], 5],
  ['SIN', [], 5],
  ['SIN', [undefined, 0.2, -0.1], 30],
  ['ARC', [], -80],
  ['ZEA', [], -80],
  ['STG', [], -80],
  ['AZP', [undefined, 2, 30], 40],
  ['AZP', [undefined, 0.5, 0], 0],
  ['CAR', [], -89],
  ['AIT', [], -89],
  ['ZPN', [0, 1, 0, 0.2], -60],
  ['ZPN', [undefined, 1, undefined, 0.5, undefined, -0.1], 10],
  ['MER', [], -80],
  ['CEA', [undefined, 0.7], -89],
  ['SFL', [], -89],
  ['PAR', [], -89],
  ['MOL', [], -89],
  ['SZP', [undefined, 0.5, 30, 45], -15],
  ['SZP', [undefined, 2, 180, 60], 10],
  ['AIR', [], -80],
  ['AIR', [undefined, 45], -80],
  ['CYP', [undefined, 1, 0.7], -89],
  ['COP', [undefined, 45, 20], -40],
  ['COE', [undefined, -30, 15], -89],
  ['COD', [undefined, 60, 10], -89],
  ['COO', [undefined, 35, 15], -80],
  ['BON', [undefined, 40], -89],
  ['PCO', [], -89],
  ['TSC', [], -89],
  ['QSC', [], -89],
  ['HPX', [], -89],
  ['HPX', [undefined, 6, 2], -89],
  ['XPH', [], -89],
];

describe('projections', () => {
  for (const [code, pv, minTheta] of cases) {
    it(`${code} ${pv.join(',')}: native → plane → native round trip`, () => {
      const p = makeProjection(code, pv);
      let worst = 0;
      for (let theta = 89; theta >= minTheta; theta -= 7) {
        for (let phi = -175; phi <= 175; phi += 25) {
          const [x, y] = p.fromNative(phi, theta);
          expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
          const [phi2, theta2] = p.toNative(x, y);
          worst = Math.max(worst, Math.abs(theta2 - theta), Math.abs(((phi2 - phi + 540) % 360) - 180));
        }
      }
      expect(worst).toBeLessThan(1e-9);
    });
  }

  it('maps the fiducial point to the plane origin', () => {
    const conic = [undefined, 40, 10];
    for (const code of ['TAN', 'SIN', 'ARC', 'ZEA', 'STG', 'AZP', 'CAR', 'AIT', 'MER', 'CEA', 'SFL', 'PAR', 'MOL', 'ZPN', 'SZP', 'AIR', 'CYP', 'COP', 'COE', 'COD', 'COO', 'BON', 'PCO', 'TSC', 'CSC', 'QSC', 'HPX', 'XPH']) {
      const p = makeProjection(code, code === 'ZPN' ? [0, 1] : code.startsWith('CO') || code === 'BON' ? conic : []);
      const [x, y] = p.fromNative(p.phi0, p.theta0);
      expect(Math.abs(x) + Math.abs(y)).toBeLessThan(1e-12);
    }
  });

  it('rejects parameters a projection cannot take, naming the projection and the parameter', () => {
    expect(() => makeProjection('COE', [])).toThrowError(expect.objectContaining({ code: 'wcs_bad_parameter', message: expect.stringMatching(/COE.*PV2_1/) }));
    expect(() => makeProjection('CYP', [undefined, -1])).toThrowError(expect.objectContaining({ code: 'wcs_bad_parameter', keyword: 'PV2_1' }));
    expect(() => makeProjection('HPX', [undefined, 4, 0])).toThrowError(expect.objectContaining({ code: 'wcs_bad_parameter', keyword: 'PV2_2' }));
  });

  it('gives NaN outside the domain', () => {
    expect(makeProjection('COP', [undefined, 45]).fromNative(0, -45).every(Number.isNaN)).toBe(true);
    expect(makeProjection('HPX', []).toNative(90, 80).every(Number.isNaN)).toBe(true);
    expect(makeProjection('TSC', []).toNative(100, 100).every(Number.isNaN)).toBe(true);
    expect(makeProjection('AIR', []).fromNative(0, -90).every(Number.isNaN)).toBe(true);
    expect(makeProjection('TAN', []).fromNative(0, -10).every(Number.isNaN)).toBe(true);
    expect(makeProjection('SIN', []).fromNative(0, -10).every(Number.isNaN)).toBe(true);
    expect(makeProjection('SIN', []).toNative(58, 58).every(Number.isNaN)).toBe(true);
    expect(makeProjection('ZEA', []).toNative(200, 0).every(Number.isNaN)).toBe(true);
    expect(makeProjection('AIT', []).toNative(160, 80).every(Number.isNaN)).toBe(true);
    expect(makeProjection('CAR', []).toNative(0, 91).every(Number.isNaN)).toBe(true);
  });

  it('rejects unknown codes with a coded error', () => {
    expect(() => makeProjection('XYZ', [])).toThrowError(expect.objectContaining({ code: 'wcs_unsupported_projection' }));
  });
});
