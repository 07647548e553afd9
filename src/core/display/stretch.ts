/**
 * Display stretches of a value already normalised to [0, 1] by the display limits. The
 * parameters are astropy.visualization's defaults (LogStretch a = 1000, AsinhStretch a = 0.1),
 * so an image looks as it does in astropy/ds9 with the same limits.
 */
export const STRETCHES = ['linear', 'sqrt', 'log', 'asinh'] as const;
export type Stretch = (typeof STRETCHES)[number];

export function stretchFunction(stretch: Stretch): (x: number) => number {
  switch (stretch) {
    case 'linear':
      return (x) => x;
    case 'sqrt':
      return (x) => Math.sqrt(x);
    case 'log': {
      const a = 1000;
      const norm = Math.log(a + 1);
      return (x) => Math.log(a * x + 1) / norm;
    }
    case 'asinh': {
      const a = 0.1;
      const norm = Math.asinh(1 / a);
      return (x) => Math.asinh(x / a) / norm;
    }
  }
}
