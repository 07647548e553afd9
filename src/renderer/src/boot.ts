/**
 * The page's first script, small so that it runs at once: in the browser host, on the library's
 * address, it opens the WebSocket and takes the library's first screenful
 * ({@link FIRST_SCREENFUL_INPUT}) from the page, where the host wrote it, or asks for it, while
 * the app's script (`main.tsx`, loaded here) is fetched, parsed and run; the app's transport
 * adopts the socket and the answer. On the library's address it paints the carried rows at once
 * (static HTML, see library/paint-carried.ts), which a click or a key opens (library/painted-rows.ts),
 * while the app loads; and it fetches the library's whole list (`library:list`, by `POST /call`)
 * at once, which the library page takes when it mounts (api/early-socket.ts `takeFetched`).
 * The Electron shell (its preload set `window.nightshift`) and other pages
 * just load the app.
 */
import { PAGE_ANSWER_ID, readPageAnswer, readRevision } from '../../shared/page-answer.js';
import { openEarly } from './api/early-socket.js';
import { FIRST_SCREENFUL_INPUT, LIBRARY_LIST_INPUT, isLibraryHash } from './library/first-screenful.js';
import { paintCarried, type PaintedProduct } from './library/paint-carried.js';
import { livenPainted } from './library/painted-rows.js';

/**
 * Paints the carried first rows into `#root` as static HTML (see {@link paintCarried}), in the
 * colour scheme chosen last time (theme.ts keeps it under this key), so the library shows
 * before the app's modules have run, its rows answering clicks and keys (library/painted-rows.ts);
 * React's first render replaces it.
 */
function paint(rows: readonly PaintedProduct[]): void {
  const root = document.getElementById('root');
  if (!root || root.firstChild) return;
  try {
    const theme = window.localStorage.getItem('nightshift.theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch {
    // Storage disabled: the system's scheme, as the app starts in then.
  }
  root.innerHTML = paintCarried(rows);
  if (root.firstElementChild instanceof HTMLElement) livenPainted(root.firstElementChild, window.location);
}

if (!window.nightshift) {
  const call = { channel: 'products:list', input: FIRST_SCREENFUL_INPUT };
  // `nightshift host` wrote the first screenful into the page: no need to ask
  const carried = readPageAnswer(document.getElementById(PAGE_ANSWER_ID)?.textContent);
  const answer = carried && carried.channel === call.channel && JSON.stringify(carried.input) === JSON.stringify(call.input) ? carried.result : undefined;
  const library = isLibraryHash(window.location.hash);
  // the library revision the page was served at (the host tells the socket if it is old): with
  // it, the library's whole list is fetched at once, in parallel with the app's loading
  const revision = readRevision(document.getElementById(PAGE_ANSWER_ID)?.dataset.revision);
  const list = library && revision !== null ? { channel: 'library:list', input: LIBRARY_LIST_INPUT, revision } : undefined;
  openEarly(window.location, window.history, library ? { ...call, ...(answer ? { answer } : {}) } : undefined, list);
  // Only on the library's own address: with filters in it, the first screenful is not what it shows.
  const bare = window.location.hash.replace(/^#\/?(library)?/, '') === '';
  if (library && bare && answer?.ok && Array.isArray(answer.data) && answer.data.length > 0) paint(answer.data as PaintedProduct[]);
}
void import('./main.js');
