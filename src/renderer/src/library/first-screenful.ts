/**
 * The library's first request: a screenful of rows in its default order (the latest DATE-OBS
 * first, undated images last), by the list's index, so the page shows rows while the whole
 * list comes. Shared by the page and the boot script, which asks for it before the app's script
 * has loaded ({@link ../api/early-socket.ts}). Pure: no DOM.
 */
import type { ChannelInput } from '../../../shared/contract.js';

/** Rows in the first screenful (more than fit on a 900 px high window). */
export const FIRST_SCREENFUL = 40;

/** The `products:list` input of the first screenful. */
export const FIRST_SCREENFUL_INPUT: ChannelInput<'products:list'> = { limit: FIRST_SCREENFUL, order: 'date' };

/**
 * Whether a location hash is the library's address (empty, `#/library`, with or without
 * filters), as `parseRoute` reads it; without its imports, for the boot script.
 */
export function isLibraryHash(hash: string): boolean {
  const path = hash.replace(/^#/, '').split('?', 1)[0] ?? '';
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length === 0 || (parts.length === 1 && parts[0] === 'library');
}
