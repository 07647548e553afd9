/**
 * 0010: plate solutions. One row per data product that a `solve` task answered: solved (centre,
 * scale, rotation, parity, matched stars, RMS, index, the WCS cards as JSON) or not (the reason:
 * `no_sources`, `no_index`, `time_limit`, `no_match`, and a one-line message). The image file is
 * never rewritten: the library lays the cards over the stored header (`data_products.header_json`,
 * `has_wcs`, `footprint_json`) and hands them to whatever reads the image.
 */
export const sql = /* sql */ `
CREATE TABLE solutions (
  product_id   INTEGER PRIMARY KEY REFERENCES data_products(id) ON DELETE CASCADE,
  task_id      INTEGER,
  solved       INTEGER NOT NULL CHECK (solved IN (0, 1)),
  ra           REAL,
  dec          REAL,
  scale_arcsec REAL,
  rotation_deg REAL,
  parity       TEXT CHECK (parity IS NULL OR parity IN ('normal', 'flipped')),
  matched      INTEGER,
  rms_arcsec   REAL,
  index_id     INTEGER,
  wcs_json     TEXT,
  reason       TEXT CHECK (reason IS NULL OR reason IN ('no_sources', 'no_index', 'time_limit', 'no_match')),
  message      TEXT,
  sources      INTEGER NOT NULL,
  seconds      REAL NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
`;
