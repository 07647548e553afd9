import { describe, expect, it } from 'vitest';
import { headerFromRecord } from '../../../src/core/wcs/header.js';
import { Sip } from '../../../src/core/wcs/sip.js';

const coeffs = { A_ORDER: 3, B_ORDER: 3, A_2_0: 2e-5, A_1_1: -1e-5, A_0_3: 3e-9, B_0_2: 1.5e-5, B_1_1: 1e-5, B_3_0: -2e-9 };

describe('SIP', () => {
  it('returns null without A_ORDER', () => {
    expect(Sip.fromHeader(headerFromRecord({}))).toBeNull();
  });

  it('inverts A/B iteratively without AP/BP', () => {
    const sip = Sip.fromHeader(headerFromRecord(coeffs))!;
    expect(sip.hasInverse).toBe(false);
    for (const [u, v] of [
      [0, 0],
      [1000, -800],
      [-1500, 1500],
      [12.5, 3.25],
    ]) {
      const [U, V] = sip.forward(u, v);
      const [u2, v2] = sip.inverse(U, V);
      expect(Math.hypot(u2 - u, v2 - v)).toBeLessThan(1e-9);
    }
  });

  it('uses AP/BP as the first guess and still converges exactly', () => {
    // a deliberately poor AP/BP: the Newton refinement must fix it
    const sip = Sip.fromHeader(headerFromRecord({ ...coeffs, AP_ORDER: 2, BP_ORDER: 2, AP_2_0: -1.9e-5, BP_0_2: -1.4e-5 }))!;
    expect(sip.hasInverse).toBe(true);
    const [U, V] = sip.forward(900, 700);
    const [u, v] = sip.inverse(U, V);
    expect(Math.hypot(u - 900, v - 700)).toBeLessThan(1e-9);
  });

  it('rejects malformed orders and coefficients', () => {
    expect(() => Sip.fromHeader(headerFromRecord({ A_ORDER: 'x', B_ORDER: 2 }))).toThrowError(expect.objectContaining({ code: 'wcs_bad_keyword' }));
    expect(() => Sip.fromHeader(headerFromRecord({ A_ORDER: 2, B_ORDER: 2, A_2_0: 'x' }))).toThrowError(
      expect.objectContaining({ code: 'wcs_bad_keyword' }),
    );
  });
});
