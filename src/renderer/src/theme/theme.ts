import { useEffect, useState } from 'react';
import { THEMES, type Theme } from '../../../shared/words.js';

/** Where the chosen scheme is kept between visits, so a page starts in it before the settings load. */
const STORAGE_KEY = 'nightshift.theme';

/**
 * Shows the app in a colour scheme: `system` follows the system's light or dark preference
 * (`prefers-color-scheme`), `light` and `dark` force one (`data-theme` on <html>, see theme.css).
 */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage disabled: the settings apply it again on the next visit.
  }
}

/** The scheme last applied in this browser (`system` if none), for the first paint. */
export function storedTheme(): Theme {
  try {
    const t = globalThis.localStorage?.getItem(STORAGE_KEY);
    return (THEMES as readonly string[]).includes(t ?? '') ? (t as Theme) : 'system';
  } catch {
    return 'system';
  }
}

/** The scheme in effect: the forced one, else the system's. */
function currentScheme(): 'light' | 'dark' {
  const forced = document.documentElement.dataset.theme;
  if (forced === 'light' || forced === 'dark') return forced;
  return window.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/** The scheme in effect, updated when the setting or the system's preference changes (for canvases and plots). */
export function useColorScheme(): 'light' | 'dark' {
  const [scheme, setScheme] = useState(currentScheme);
  useEffect(() => {
    const update = () => setScheme(currentScheme());
    const media = window.matchMedia('(prefers-color-scheme: light)');
    media.addEventListener('change', update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      media.removeEventListener('change', update);
      observer.disconnect();
    };
  }, []);
  return scheme;
}

/** A colour of the current scheme (`--muted` …) as the stylesheet defines it. */
export function themeColour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
