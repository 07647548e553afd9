/**
 * The painted first rows (paint-carried.ts) usable before the app has run, and handed over to
 * the app when it mounts. The boot script calls {@link livenPainted} once it has painted: a
 * click on a row opens its image (its name is a real link, which the browser follows itself),
 * and a focused row answers keys as a live row does (library/VirtualTable.tsx with
 * keys/row-keys.ts): Enter or Space opens it, ↑ ↓ Home End move the focus. The app's page shows
 * the address once it runs. `main.tsx` keeps the painted table's scroll and focused row until
 * React replaces it and puts them back on the live table ({@link handOverPainted}).
 *
 * Small on purpose (it is in the boot chunk): no React.
 */
import { PAINTED_ATTRIBUTE } from './paint-carried.js';

const ROW = '.vt-row';

/** Shows that a row's image is opening (until the app shows it): `aria-busy` on the row. */
function opening(row: Element): void {
  row.setAttribute('aria-busy', 'true');
}

/** Opens a painted row's image: its address, the href of the name's link (`#/products/ID`). */
function open(row: Element, location: Location): void {
  opening(row);
  const href = row.querySelector('a.row-link')?.getAttribute('href');
  if (href) location.hash = href;
}

/** The row `delta` rows from `row` (`first`, `last`), if painted. */
function rowAt(row: Element, delta: 1 | -1 | 'first' | 'last'): HTMLElement | null {
  const rows = [...(row.parentElement?.querySelectorAll<HTMLElement>(`:scope > ${ROW}`) ?? [])];
  const at = delta === 'first' ? 0 : delta === 'last' ? rows.length - 1 : rows.indexOf(row as HTMLElement) + delta;
  return rows[at] ?? null;
}

const MOVES: Readonly<Record<string, 1 | -1 | 'first' | 'last'>> = { ArrowDown: 1, ArrowUp: -1, Home: 'first', End: 'last' };

/**
 * Makes the painted screen `painted` (the element carrying `data-painted`) answer a row's clicks
 * and keys; the listeners go with it when React replaces it.
 */
export function livenPainted(painted: HTMLElement, location: Location): void {
  painted.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    const row = target?.closest(ROW);
    // the checkbox's cell selects in a live row: here (the checkbox inert) it does nothing
    if (!row || e.button !== 0 || e.defaultPrevented || target?.closest('.select')) return;
    // a link is followed by the browser (with a modifier: a new tab or window)
    if (target?.closest('a')) {
      if (!(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey)) opening(row);
      return;
    }
    open(row, location);
  });
  painted.addEventListener('keydown', (e) => {
    const row = e.target instanceof HTMLElement && e.target.matches(ROW) ? e.target : null;
    if (!row || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(row, location);
      return;
    }
    const move = MOVES[e.key];
    if (move === undefined) return;
    e.preventDefault();
    rowAt(row, move)?.focus();
  });
}

/**
 * Keeps what the user does on the painted table under `root` (its scroll, the focused row) until
 * React replaces it, then scrolls the live table as the painted one was and focuses the same
 * row (the virtual table draws a row only once it is in view: a few frames are allowed for it).
 * Nothing if nothing is painted, or if the app shows another page by then.
 */
export function handOverPainted(root: HTMLElement): void {
  const painted = root.querySelector<HTMLElement>(`[${PAINTED_ATTRIBUTE}]`);
  if (!painted) return;
  // as they are now (the user may have been at it while the app loaded), then as they change
  let scrollTop = painted.querySelector('.vt-scroller')?.scrollTop ?? 0;
  /** The focused row's `aria-rowindex` (the header is 1, the first row 2). */
  let focusedRow: string | null = null;
  const active = document.activeElement;
  if (active instanceof HTMLElement && painted.contains(active) && active.matches(ROW)) focusedRow = active.getAttribute('aria-rowindex');
  painted.addEventListener('scroll', (e) => {
    if (e.target instanceof HTMLElement && e.target.matches('.vt-scroller')) scrollTop = e.target.scrollTop;
  }, { capture: true });
  painted.addEventListener('focusin', (e) => {
    focusedRow = e.target instanceof HTMLElement && e.target.matches(ROW) ? e.target.getAttribute('aria-rowindex') : null;
  });
  painted.addEventListener('focusout', () => {
    // the focus leaving the row, not the painted screen going (React's commit removes it)
    queueMicrotask(() => {
      if (painted.isConnected && !painted.contains(document.activeElement)) focusedRow = null;
    });
  });
  const apply = () => {
    const scroller = root.querySelector<HTMLElement>('[data-testid="library-scroller"]');
    if (!scroller) return;
    if (scrollTop > 0) scroller.scrollTop = scrollTop;
    if (focusedRow === null) return;
    const focus = (tries: number) => {
      const row = scroller.querySelector<HTMLElement>(`${ROW}[aria-rowindex="${focusedRow}"]`);
      if (row) row.focus({ preventScroll: true });
      else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
    };
    focus(10);
  };
  const watch = new MutationObserver(() => {
    if (painted.isConnected) return;
    watch.disconnect();
    apply();
  });
  watch.observe(root, { childList: true });
}
