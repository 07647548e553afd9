import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { confirmLeave } from './leave-guard.js';
import { parseRoute, routeHref, type Route } from './routes.js';

/** A hash `navigate` has already confirmed leaving for (its hashchange must not ask again). */
let confirmedHash: string | null = null;

/**
 * The route of the page's address, updated on every hash change (links, Back, Forward). A page
 * with unsaved changes (`useLeaveGuard`) is asked first; if the user stays, its address is put
 * back (as a new entry, so Back asks again).
 */
export function useRoute(): Route {
  const [hash, setHash] = useState(() => window.location.hash);
  const shown = useRef(hash);
  useEffect(() => {
    const changed = () => {
      const next = window.location.hash;
      if (next === shown.current) return;
      const confirmed = confirmedHash === next;
      confirmedHash = null;
      if (!confirmed && !confirmLeave()) {
        const url = new URL(window.location.href);
        url.hash = shown.current;
        window.history.pushState(window.history.state, '', url.toString());
        return;
      }
      shown.current = next;
      setHash(next);
    };
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return parseRoute(hash);
}

/**
 * Goes to a route: a new history entry (so Back returns here), or with `replace` none. Only the
 * hash changes; the path and query (a launch token, if still there) are kept. A page with
 * unsaved changes is asked first, and stays if the user says so.
 */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = routeHref(route);
  if (hash === window.location.hash) return;
  if (!confirmLeave()) return;
  confirmedHash = hash;
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
