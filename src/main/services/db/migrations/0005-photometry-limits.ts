/**
 * 0005: upper limits and per-image ensembles in the light curve.
 *
 * - `photometry.mag_limit`: for a target below the detection limit on an image (flag 64,
 *   UPPER_LIMIT; `mag` is then NULL), the magnitude of 3σ of its flux on the scale of `mag`.
 * - `comparison_stars.images_used`: on how many images a selected comparison star is in the
 *   ensemble (each image's ensemble is formed from the comparison stars measured on it); NULL
 *   for a star not selected.
 */
export const sql = /* sql */ `
ALTER TABLE photometry ADD COLUMN mag_limit REAL;
ALTER TABLE comparison_stars ADD COLUMN images_used INTEGER;
`;
