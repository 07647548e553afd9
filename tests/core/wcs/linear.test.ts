import { describe, expect, it } from 'vitest';
import { headerFromRecord, WcsKeywords } from '../../../src/core/wcs/header.js';
import { readLinear } from '../../../src/core/wcs/linear.js';

function lin(rec: Record<string, number>, lng = 0, lat = 1) {
  return readLinear(new WcsKeywords(headerFromRecord(rec)), lng, lat, [1, 1]);
}

describe('linear transformation', () => {
  const rho = 30;
  const c = Math.cos((rho * Math.PI) / 180);
  const s = Math.sin((rho * Math.PI) / 180);
  // CROTA2 = rho with CDELT1 < 0: CD = CDELT · [[cos, -sin·CDELT2/CDELT1], [sin·CDELT1/CDELT2, cos]]
  const cd = { CD1_1: -0.01 * c, CD1_2: -0.01 * s, CD2_1: -0.01 * s, CD2_2: 0.01 * c };

  it('CD, PC + CDELT and CROTA2 describe the same matrix', () => {
    const a = lin(cd);
    const b = lin({ CDELT1: -0.01, CDELT2: 0.01, PC1_1: c, PC1_2: s, PC2_1: -s, PC2_2: c });
    const r = lin({ CDELT1: -0.01, CDELT2: 0.01, CROTA2: rho });
    expect(a.form).toBe('CD');
    expect(b.form).toBe('PC');
    expect(r.form).toBe('CROTA');
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        expect(b.m[i][j]).toBeCloseTo(a.m[i][j], 15);
        expect(r.m[i][j]).toBeCloseTo(a.m[i][j], 15);
      }
    }
  });

  it('prefers PC over CD over CROTA, as wcslib', () => {
    expect(lin({ ...cd, PC1_1: 1, CDELT1: 2 }).form).toBe('PC');
    expect(lin({ ...cd, CROTA2: 10, CDELT1: 1 }).form).toBe('CD');
    expect(lin({ CDELT1: -1, CDELT2: 1 }).form).toBe('CDELT');
  });

  it('reads the legacy PC00i00j and CD00i00j forms', () => {
    const close = (m: number[][], e: number[][]) => m.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(e[i][j], 15)));
    close(lin({ CDELT1: -2, CDELT2: 2, PC001001: 1, PC002002: 1 }).m, [
      [-2, 0],
      [0, 2],
    ]);
    close(lin({ CD001001: -3, CD002002: 3 }).m, [
      [-3, 0],
      [0, 3],
    ]);
  });

  it('has an exact inverse', () => {
    const a = lin({ ...cd, CD1_2: 0.003 });
    const p = [
      a.inv[0][0] * a.m[0][0] + a.inv[0][1] * a.m[1][0],
      a.inv[0][0] * a.m[0][1] + a.inv[0][1] * a.m[1][1],
      a.inv[1][0] * a.m[0][0] + a.inv[1][1] * a.m[1][0],
      a.inv[1][0] * a.m[0][1] + a.inv[1][1] * a.m[1][1],
    ];
    expect(p[0]).toBeCloseTo(1, 14);
    expect(p[1]).toBeCloseTo(0, 14);
    expect(p[2]).toBeCloseTo(0, 14);
    expect(p[3]).toBeCloseTo(1, 14);
  });

  it('orders rows by celestial axis when latitude comes first', () => {
    const a = lin({ CD1_1: 0, CD1_2: 0.5, CD2_1: -0.25, CD2_2: 0 }, 1, 0);
    expect(a.m).toEqual([
      [-0.25, 0],
      [0, 0.5],
    ]);
  });
});
