/** Cubes in the viewer: how many planes an image HDU has, and the label that says which one is shown. */

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
