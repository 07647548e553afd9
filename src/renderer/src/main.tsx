import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';
import { handOverPainted } from './library/painted-rows.js';
import { applyTheme, storedTheme } from './theme/theme.js';
import { fetchedOrAfter } from './api/early-socket.js';
import { markOnce, OPEN_MARKS } from './library/open-marks.js';

/**
 * The longest (ms) the app's first render waits for the library's whole list fetched by the boot
 * script (see {@link fetchedOrAfter}): a host slower than this (a very large library on a busy
 * machine) gets the first screenful rendered first, then the list, as before.
 */
const LIST_WAIT_MS = 250;

// The scheme chosen last time, before the first paint (the settings confirm it once loaded).
applyTheme(storedTheme());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The library's whole list, which the boot script fetched at once, is often in by now or soon
// (its bytes came while this script loaded and ran): waiting a little for it lets the first
// render show the whole list, rather than the first screenful and then the list (a second render
// of the page, and a paint, before the count). The boot script's painted rows show meanwhile.
void fetchedOrAfter(LIST_WAIT_MS).then(() => {
  // the boot script's painted rows, which React replaces: the live table keeps their scroll and focus
  handOverPainted(root);
  markOnce(OPEN_MARKS.appRender);
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
