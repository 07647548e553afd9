import { describe, expect, it } from 'vitest';
import { cubeLabel, planeCount } from '../../src/renderer/src/viewer/cube.js';

describe('a cube in the viewer', () => {
  it('counts the planes over NAXIS3..n', () => {
    expect(planeCount([64, 64])).toBe(1);
    expect(planeCount([64, 64, 5])).toBe(5);
    expect(planeCount([64, 64, 3, 4])).toBe(12);
    expect(planeCount([64, 64, 1])).toBe(1);
  });

  it('is labelled with the plane shown, counted from 1; a 2-D image is not labelled', () => {
    expect(cubeLabel(0, 5)).toBe('cube: plane 1 of 5');
    expect(cubeLabel(4, 5)).toBe('cube: plane 5 of 5');
    expect(cubeLabel(0, 1)).toBeNull();
  });
});
