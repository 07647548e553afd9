/**
 * Marks on the page's clock (`performance.mark`, ms since navigation started) for the library's
 * opening, so that a benchmark (bench/library-open-ab.ts) can tell where the time to the whole
 * list goes: the fetched answer's bytes in, parsed, decoded, and the page's first render.
 * Small on purpose (the boot chunk imports it): no React.
 */
export const OPEN_MARKS = {
  /** The boot script's `library:list` answer is in, as text (all its bytes). */
  fetched: 'nightshift:list-fetched',
  /** That text parsed (JSON). */
  parsed: 'nightshift:list-parsed',
  /** Its columns decoded into rows. */
  decoded: 'nightshift:list-decoded',
  /** The app's first render was asked for (main.tsx). */
  appRender: 'nightshift:app-render',
  /** The library page's first render began. */
  firstRender: 'nightshift:library-first-render',
} as const;

/** Marks `name` now, once (a later mark of the same name is not added); nothing where the Performance API is missing. */
export function markOnce(name: string): void {
  try {
    if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
  } catch {
    // no User Timing here (an old or test environment): nothing to mark
  }
}
