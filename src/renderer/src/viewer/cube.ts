/** Cubes in the viewer: how many planes an image HDU has, and the label that says which one is shown. */
import type { Card } from '../../../core/fits/index.js';

/** Planes of an image of this shape (FITS order, NAXIS1 first): the product of NAXIS3..n; 1 for a 2-D image. */
export function planeCount(shape: readonly number[]): number {
  return shape.length > 2 ? shape.slice(2).reduce((a, b) => a * b, 1) : 1;
}

/**
 * "cube: plane 1 of 12" for plane `plane` (0-based) of a cube of `planes` planes; null for a
 * 2-D image (one plane), which needs no label.
 */
export function cubeLabel(plane: number, planes: number): string | null {
  return planes > 1 ? `cube: plane ${plane + 1} of ${planes}` : null;
}

/** Planes a decoded image header declares (NAXIS3 × … × NAXISn); 1 for a 2-D image or a header without them. */
export function planesOfCards(cards: ReadonlyArray<Pick<Card, 'keyword' | 'value'>>): number {
  const get = (k: string) => cards.find((c) => c.keyword === k)?.value;
  const naxis = get('NAXIS');
  if (typeof naxis !== 'number') return 1;
  const shape: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    const n = get(`NAXIS${i}`);
    if (typeof n !== 'number') return 1;
    shape.push(n);
  }
  return planeCount(shape);
}
