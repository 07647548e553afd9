import { useEffect, useState, type MouseEvent } from 'react';
import { parseRoute, routeHref, type Route } from './routes.js';

/** The route of the page's address, updated on every hash change (links, Back, Forward). */
export function useRoute(): Route {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return parseRoute(hash);
}

/**
 * Goes to a route: a new history entry (so Back returns here), or with `replace` none. Only the
 * hash changes; the path and query (a launch token, if still there) are kept.
 */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = routeHref(route);
  if (hash === window.location.hash) return;
  if (options.replace) {
    const url = new URL(window.location.href);
    url.hash = hash;
    window.history.replaceState(window.history.state, '', url.toString());
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

/**
 * Props for an `<a>` to a route: a plain click navigates in place (one history entry, and the
 * click goes no further, so a clickable row around the link does not navigate twice); a click
 * with a modifier or the middle button is left to the browser (a new tab or window).
 */
export function linkProps(route: Route): { href: string; onClick: (e: MouseEvent) => void } {
  return {
    href: routeHref(route),
    onClick: (e) => {
      e.stopPropagation();
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(route);
    },
  };
}
