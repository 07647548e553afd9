/**
 * 0001: the tables every part of Nightshift builds on. Timestamps are ISO 8601 UTC text;
 * JSON columns hold arrays/objects as text. Pixel positions are 0-based (centre of the first
 * pixel is 0,0); RA/Dec are degrees.
 */
export const sql = /* sql */ `
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE data_products (
  id            INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  store_path    TEXT NOT NULL,
  original_path TEXT,
  size          INTEGER NOT NULL,
  status        TEXT NOT NULL DEFAULT 'imported'
                CHECK (status IN ('imported', 'queued', 'extracting', 'extracted', 'failed')),
  error_code    TEXT,
  error_message TEXT,
  hdu           INTEGER,
  header_json   TEXT,
  object        TEXT,
  date_obs      TEXT,
  mjd_obs       REAL,
  exptime       REAL,
  filter        TEXT,
  telescope     TEXT,
  instrument    TEXT,
  width         INTEGER,
  height        INTEGER,
  has_wcs       INTEGER NOT NULL DEFAULT 0 CHECK (has_wcs IN (0, 1)),
  footprint_json TEXT,
  source_count  INTEGER,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE tasks (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  payload       TEXT NOT NULL,
  status        TEXT NOT NULL
                CHECK (status IN ('queued', 'waiting', 'running', 'succeeded', 'failed', 'cancelled')),
  priority      INTEGER NOT NULL DEFAULT 0,
  attempts      INTEGER NOT NULL DEFAULT 0,
  max_attempts  INTEGER NOT NULL DEFAULT 1,
  progress      REAL NOT NULL DEFAULT 0,
  stage         TEXT,
  error_code    TEXT,
  error_message TEXT,
  ran_on        TEXT,
  worker_id     TEXT,
  result_ref    TEXT,
  product_id    INTEGER REFERENCES data_products(id) ON DELETE SET NULL,
  batch_id      TEXT,
  time_limit_ms INTEGER,
  run_after     TEXT,
  created_at    TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX tasks_by_status ON tasks (status, priority DESC, id);
CREATE INDEX tasks_by_product ON tasks (product_id);

CREATE TABLE catalogs (
  product_id        INTEGER PRIMARY KEY REFERENCES data_products(id) ON DELETE CASCADE,
  task_id           INTEGER,
  source_count      INTEGER NOT NULL,
  global_background REAL,
  global_rms        REAL,
  options_json      TEXT NOT NULL,
  created_at        TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
  product_id    INTEGER NOT NULL REFERENCES catalogs(product_id) ON DELETE CASCADE,
  id            INTEGER NOT NULL,
  x             REAL NOT NULL,
  y             REAL NOT NULL,
  ra            REAL,
  dec           REAL,
  a             REAL,
  b             REAL,
  theta         REAL,
  npix          INTEGER,
  peak          REAL,
  flux_iso      REAL,
  flux_iso_err  REAL,
  flux_aper     TEXT,
  flux_aper_err TEXT,
  flux_auto     REAL,
  flux_auto_err REAL,
  kron_radius   REAL,
  fwhm          REAL,
  background    REAL,
  flags         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE targets (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  aliases    TEXT NOT NULL DEFAULT '[]',
  ra         REAL NOT NULL CHECK (ra >= 0 AND ra < 360),
  dec        REAL NOT NULL CHECK (dec >= -90 AND dec <= 90),
  epoch      REAL NOT NULL DEFAULT 2000,
  pm_ra      REAL,
  pm_dec     REAL,
  type       TEXT NOT NULL DEFAULT 'sidereal' CHECK (type IN ('sidereal', 'non_sidereal')),
  notes      TEXT NOT NULL DEFAULT '',
  tags       TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`;
