/**
 * Counts in words: "1 image", "12 images", "3 of 12 images", "1 source" (the numbers as they
 * are, no separators). Pure.
 */

/** `n` and its noun, singular for exactly one. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** How many of `total` a filtered list shows: "12 images", or "3 of 12 images" (the noun agrees with the total). */
function shownOf(shown: number, total: number, singular: string): string {
  return shown === total ? counted(total, singular) : `${shown} of ${counted(total, singular)}`;
}

/** How many images an image list shows, out of how many it has. */
export function imagesShown(shown: number, total: number): string {
  return shownOf(shown, total, 'image');
}

/** How many sources the catalog table shows, out of the catalog's: always "N of M sources". */
export function sourcesShown(shown: number, total: number): string {
  return `${shown} of ${counted(total, 'source')}`;
}
