/**
 * The page's first script, small so that it runs at once: in the browser host, on the library's
 * address, it opens the WebSocket and asks for the library's first screenful
 * ({@link FIRST_SCREENFUL_INPUT}) while the app's script (`main.tsx`, loaded here) is fetched,
 * parsed and run; the app's transport adopts the socket and the answer. The Electron shell (its
 * preload set `window.nightshift`) and other pages just load the app.
 */
import { openEarly } from './api/early-socket.js';
import { FIRST_SCREENFUL_INPUT, isLibraryHash } from './library/first-screenful.js';

if (!window.nightshift) {
  openEarly(window.location, window.history, isLibraryHash(window.location.hash) ? { channel: 'products:list', input: FIRST_SCREENFUL_INPUT } : undefined);
}
void import('./main.js');
