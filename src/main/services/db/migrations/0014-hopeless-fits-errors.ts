/**
 * 0014: failures of the stored file itself recorded before the `bad_image` code existed
 * (2026-12-06) carry `fits_error`, which offers Retry; running again cannot help them, so they
 * become `bad_image`, in tasks and in data products alike, as such a failure is written now
 * (main/services/extract/fits-task-error.ts). Recognised by the message as it was written:
 * `CODE: reason` (extract and solve), `…: reason [CODE]` (thumbnails), with CODE one of the FITS
 * failures of the file's bytes (the list below, frozen as it was then; compared exactly, not by LIKE, whose `_` matches any character), or the loader's own
 * refusals of the image (too small, not 2-D, no such HDU). The Largest image limit
 * (`too_large`, a setting the user may change) and every other failure stay as they are; the
 * messages are kept as written.
 */
/** The UPDATE of `table`'s rows (`tasks`, `data_products`: both have `error_code`, `error_message`). */
const relabel = (table: string): string => /* sql */ `
UPDATE ${table} SET error_code = 'bad_image'
WHERE error_code = 'fits_error' AND (
  EXISTS (SELECT 1 FROM hopeless_fits_codes c
          WHERE substr(${table}.error_message, 1, length(c.code) + 2) = c.code || ': '
             OR substr(${table}.error_message, -(length(c.code) + 3)) = ' [' || c.code || ']')
  OR ${table}.error_message GLOB 'HDU [0-9]* is *, too small to extract sources from*'
  OR ${table}.error_message GLOB 'HDU [0-9]* does not exist (the file has *'
  OR ${table}.error_message GLOB 'HDU [0-9]* is not a 2-D image*'
);
`;

export const sql = /* sql */ `
CREATE TEMP TABLE hopeless_fits_codes (code TEXT PRIMARY KEY);
INSERT INTO hopeless_fits_codes (code) VALUES
  ('not_fits'), ('truncated'), ('no_end'), ('bad_bitpix'), ('bad_header'), ('bad_tile'),
  ('bad_gzip'), ('gzip_bomb'), ('bad_table'), ('no_image'), ('bad_hdu'), ('unsupported');
${relabel('tasks')}${relabel('data_products')}
DROP TABLE hopeless_fits_codes;
`;
