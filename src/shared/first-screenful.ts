/**
 * The library's first request: a screenful of rows in its default order (the latest DATE-OBS
 * first, undated images last), by the list's index, so the page shows rows while the whole list
 * comes. `nightshift host` carries its answer in the page it serves ({@link ./page-answer.ts});
 * the page's boot script otherwise asks for it before the app's script has loaded.
 */
import type { ChannelInput } from './contract.js';

/** Rows in the first screenful (more than fit on a 900 px high window). */
export const FIRST_SCREENFUL = 40;

/** The `products:list` input of the first screenful. */
export const FIRST_SCREENFUL_INPUT: ChannelInput<'products:list'> = { limit: FIRST_SCREENFUL, order: 'date' };

/** The first screenful's call (what the host answers in the page). */
export const FIRST_SCREENFUL_CALL = { channel: 'products:list', input: FIRST_SCREENFUL_INPUT } as const;

/** The most images the library lists. */
export const LIBRARY_LIST_LIMIT = 100_000;

/**
 * The `library:list` input of the library's whole list (by columns, only what the list shows:
 * shared/library-list.ts), which the page asks for after the first screenful; in the library's
 * default order, as the first screenful, so that the page's sort finds it sorted.
 */
export const LIBRARY_LIST_INPUT: ChannelInput<'library:list'> = { limit: LIBRARY_LIST_LIMIT };
