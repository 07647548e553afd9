/**
 * 0003: targets ↔ images and the photometry measured on them.
 *
 * - `target_products`: which image shows which target. `origin` says how the pair arose
 *   (`footprint`: the target falls on the image's WCS footprint; `manual`: linked by hand,
 *   e.g. an image without WCS). `unlinked` = 1 is a manual unlink that sticks: re-matching
 *   does not bring the pair back. `x`, `y`: the target's 0-based pixel position (NULL when
 *   unknown, e.g. no WCS).
 * - `photometry`: one row per (target, image), replaced when photometry is re-run, so
 *   re-running is idempotent. Times: `mjd` = mid-exposure MJD (UTC), `bjd_tdb` = BJD_TDB as a
 *   JD. Fluxes in ADU (sky-subtracted); `inst_mag` = 25 − 2.5 log10(flux / exptime);
 *   `rel_flux` = flux / ensemble flux; `mag` = differential magnitude (ensemble = `mag_zero`).
 * - `comparison_stars`: the comparison-star candidates of a target (sky positions) with the
 *   automatic verdict and the user's override (`choice`: auto / include / exclude).
 */
export const sql = /* sql */ `
CREATE TABLE target_products (
  target_id  INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  product_id INTEGER NOT NULL REFERENCES data_products(id) ON DELETE CASCADE,
  origin     TEXT NOT NULL CHECK (origin IN ('footprint', 'manual')),
  unlinked   INTEGER NOT NULL DEFAULT 0 CHECK (unlinked IN (0, 1)),
  x          REAL,
  y          REAL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (target_id, product_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX target_products_by_product ON target_products (product_id);

CREATE TABLE photometry (
  target_id     INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  product_id    INTEGER NOT NULL REFERENCES data_products(id) ON DELETE CASCADE,
  task_id       INTEGER,
  mjd           REAL NOT NULL,
  bjd_tdb       REAL,
  exptime       REAL,
  filter        TEXT,
  airmass       REAL,
  x             REAL NOT NULL,
  y             REAL NOT NULL,
  flux          REAL,
  flux_err      REAL,
  inst_mag      REAL,
  inst_mag_err  REAL,
  rel_flux      REAL,
  rel_flux_err  REAL,
  mag           REAL,
  mag_err       REAL,
  mag_zero      REAL,
  sky           REAL,
  fwhm          REAL,
  aperture      REAL NOT NULL,
  annulus_in    REAL,
  annulus_out   REAL,
  n_comparisons INTEGER NOT NULL DEFAULT 0,
  flags         INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (target_id, product_id)
) STRICT;
CREATE INDEX photometry_by_target_time ON photometry (target_id, mjd);
CREATE INDEX photometry_by_product ON photometry (product_id);

CREATE TABLE comparison_stars (
  id           INTEGER PRIMARY KEY,
  target_id    INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  ra           REAL NOT NULL,
  dec          REAL NOT NULL,
  flux         REAL,
  verdict      TEXT NOT NULL DEFAULT 'candidate'
               CHECK (verdict IN ('candidate', 'selected', 'missing', 'faint', 'variable', 'surplus')),
  reduced_chi2 REAL,
  choice       TEXT NOT NULL DEFAULT 'auto' CHECK (choice IN ('auto', 'include', 'exclude')),
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX comparison_stars_by_target ON comparison_stars (target_id);
`;
