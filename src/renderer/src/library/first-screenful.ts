/**
 * The library's first request ({@link ../../../shared/first-screenful.ts}), shared by the page
 * and the boot script, which takes its answer from the page (`nightshift host` wrote it there)
 * or asks for it before the app's script has loaded ({@link ../api/early-socket.ts}). Pure: no DOM.
 */
export { FIRST_SCREENFUL, FIRST_SCREENFUL_INPUT, LIBRARY_LIST_INPUT, LIBRARY_LIST_LIMIT } from '../../../shared/first-screenful.js';

/**
 * Whether a location hash is the library's address (empty, `#/library`, with or without
 * filters), as `parseRoute` reads it; without its imports, for the boot script.
 */
export function isLibraryHash(hash: string): boolean {
  const path = hash.replace(/^#/, '').split('?', 1)[0] ?? '';
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length === 0 || (parts.length === 1 && parts[0] === 'library');
}
