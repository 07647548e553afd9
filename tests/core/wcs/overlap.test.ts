import { describe, expect, it } from 'vitest';
import { footprintsOverlap } from '../../../src/core/wcs/index.js';

/** A square footprint (RA, Dec degrees) of side `side` degrees on the sky centred on (ra, dec). */
function square(ra: number, dec: number, side: number): Array<[number, number]> {
  const h = side / 2;
  const c = Math.cos((dec * Math.PI) / 180);
  return [
    [ra + h / c, dec - h],
    [ra - h / c, dec - h],
    [ra - h / c, dec + h],
    [ra + h / c, dec + h],
  ];
}

describe('footprintsOverlap', () => {
  it('overlapping fields overlap, both ways', () => {
    const a = square(150, 2, 0.2);
    const b = square(150.15, 2.1, 0.2);
    expect(footprintsOverlap(a, b)).toBe(true);
    expect(footprintsOverlap(b, a)).toBe(true);
  });

  it('a field inside another overlaps it', () => {
    expect(footprintsOverlap(square(10, 40, 1), square(10.1, 40.1, 0.1))).toBe(true);
  });

  it('fields side by side with a gap do not', () => {
    expect(footprintsOverlap(square(150, 2, 0.2), square(150.21, 2, 0.2))).toBe(false);
    expect(footprintsOverlap(square(150, 2, 0.2), square(150, 2.21, 0.2))).toBe(false);
  });

  it('fields whose corners only come near (bounding circles meet) do not', () => {
    // diagonal neighbours: the circles around the squares intersect, the squares do not
    expect(footprintsOverlap(square(150, 2, 0.2), square(150.22, 2.22, 0.2))).toBe(false);
  });

  it('overlaps across RA 0/360 and near a pole', () => {
    expect(footprintsOverlap(square(359.95, 0, 0.2), square(0.05, 0.05, 0.2))).toBe(true);
    expect(footprintsOverlap(square(0, 89.9, 0.1), square(180, 89.9, 0.1))).toBe(false);
    const aroundPole: Array<[number, number]> = [45, 135, 225, 315].map((ra) => [ra, 89.9]);
    expect(footprintsOverlap(aroundPole, square(180, 89.9, 0.1))).toBe(true);
    expect(footprintsOverlap(square(180, 89.9, 0.1), aroundPole)).toBe(true);
  });

  it('fields on opposite sides of the sky do not', () => {
    expect(footprintsOverlap(square(10, 10, 2), square(190, -10, 2))).toBe(false);
  });

  it('fewer than 3 points is no field', () => {
    expect(footprintsOverlap([[1, 1], [2, 2]], square(1.5, 1.5, 2))).toBe(false);
  });
});
