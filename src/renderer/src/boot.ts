/**
 * The page's first script, small so that it runs at once: in the browser host, on the library's
 * address, it opens the WebSocket and takes the library's first screenful
 * ({@link FIRST_SCREENFUL_INPUT}) from the page, where the host wrote it, or asks for it, while
 * the app's script (`main.tsx`, loaded here) is fetched, parsed and run; the app's transport
 * adopts the socket and the answer. The Electron shell (its
 * preload set `window.nightshift`) and other pages just load the app.
 */
import { PAGE_ANSWER_ID, readPageAnswer } from '../../shared/page-answer.js';
import { openEarly } from './api/early-socket.js';
import { FIRST_SCREENFUL_INPUT, isLibraryHash } from './library/first-screenful.js';

if (!window.nightshift) {
  const call = { channel: 'products:list', input: FIRST_SCREENFUL_INPUT };
  // `nightshift host` wrote the first screenful into the page: no need to ask
  const carried = readPageAnswer(document.getElementById(PAGE_ANSWER_ID)?.textContent);
  const answer = carried && carried.channel === call.channel && JSON.stringify(carried.input) === JSON.stringify(call.input) ? carried.result : undefined;
  openEarly(window.location, window.history, isLibraryHash(window.location.hash) ? { ...call, ...(answer ? { answer } : {}) } : undefined);
}
void import('./main.js');
