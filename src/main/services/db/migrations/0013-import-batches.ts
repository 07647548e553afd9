/**
 * 0013: the imports under way (issue 17): a drop uploaded a file at a time is ended by the page
 * (`POST /upload?end=1`); one the page never ended (closed mid-drop, the process stopped) is
 * found here at the next start and ended then, so that its calibration is planned. A row lives
 * from the import's first file to its end. `owner` is the process importing (`host:pid`);
 * times are ISO 8601 UTC.
 */
export const sql = /* sql */ `
CREATE TABLE import_batches (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  begun_at TEXT NOT NULL,
  last_file_at TEXT NOT NULL
) STRICT;
`;
