/** The extraction tests' images: core/synth's generator (sky and Gaussian noise, Gaussian stars). */
import { addStar, lcg, starField } from '../../../src/core/synth/index.js';

/** Sky + Gaussian noise of σ `sigma` ADU (width × height, float32), from seed `seed` of the LCG (the fields these tests' expectations were set on). */
export function skyImage(width: number, height: number, sky = 100, sigma = 5, seed = 1): Float32Array {
  return starField({ width, height, sky, stars: [], noise: { sigma }, random: lcg(seed) });
}

/** Add an elliptical Gaussian of total `flux` centred on (x0, y0) (0-based pixel centres), σ `sx`, `sy` before a rotation by `theta` (radians). */
export function addGaussian(img: Float32Array, width: number, height: number, x0: number, y0: number, flux: number, sx: number, sy = sx, theta = 0): void {
  addStar(img, width, height, { x: x0, y: y0, flux }, { sigma: sx, sigmaY: sy, theta });
}
