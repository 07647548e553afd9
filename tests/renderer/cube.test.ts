import { describe, expect, it } from 'vitest';
import { cubeLabel, planeCount, planesOfCards } from '../../src/renderer/src/viewer/cube.js';

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

describe('the planes an image header declares', () => {
  const card = (keyword: string, value: number) => ({ keyword, value, comment: '', raw: '' });
  it('reads NAXIS3..n of the decoded header (the product page says "48×40×3, a cube")', () => {
    expect(planesOfCards([card('NAXIS', 3), card('NAXIS1', 48), card('NAXIS2', 40), card('NAXIS3', 3)])).toBe(3);
    expect(planesOfCards([card('NAXIS', 2), card('NAXIS1', 48), card('NAXIS2', 40)])).toBe(1);
    expect(planesOfCards([])).toBe(1);
  });
});
