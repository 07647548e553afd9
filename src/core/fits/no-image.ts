/**
 * Why a FITS file holds no image, in the words an astronomer would use: a table, random-groups
 * (radio interferometry) data, a one-dimensional array, or nothing at all.
 */

/** What the reason needs of each HDU (a {@link DataLayout} has it). */
export interface HduShape {
  /** XTENSION upper-cased and trimmed; null for the primary HDU. */
  xtension: string | null;
  /** Random groups (primary HDU with GROUPS = T and NAXIS1 = 0). */
  groups: boolean;
  /** NAXIS1..NAXISn. */
  shape: readonly number[];
}

const TABLES = new Set(['BINTABLE', 'TABLE', 'A3DTABLE']);

/**
 * The reason a file with these HDUs (in file order) has no image to show or measure, for a
 * file in which no HDU holds a 2-D image: "random-groups data (radio interferometry), not an
 * image", "a FITS table (BINTABLE in HDU 1), not an image", "a one-dimensional array of 2048
 * values (a spectrum?), not an image", else "the file has no HDU with a two-dimensional image".
 */
export function noImageReason(hdus: readonly HduShape[]): string {
  if (hdus[0]?.groups) {
    return `random-groups data (radio interferometry, GROUPS = T${hdus.length > 1 ? `, with ${hdus.length - 1} extension(s)` : ''}), not an image`;
  }
  const tables = hdus.map((h, index) => ({ ...h, index })).filter((h) => h.xtension !== null && TABLES.has(h.xtension));
  if (tables.length > 0) {
    const where = tables
      .slice(0, 3)
      .map((t) => `${t.xtension} in HDU ${t.index}`)
      .join(', ');
    return `a FITS table (${where}${tables.length > 3 ? `, and ${tables.length - 3} more` : ''}), not an image`;
  }
  const line = hdus.find((h) => (h.xtension === null || h.xtension === 'IMAGE') && h.shape.filter((n) => n > 1).length === 1);
  if (line) return `a one-dimensional array of ${Math.max(...line.shape)} values (a spectrum?), not an image`;
  return 'the file has no HDU with a two-dimensional image';
}
