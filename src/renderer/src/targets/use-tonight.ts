import { useEffect, useMemo, useState } from 'react';
import { mjdToIso } from '../../../core/time/index.js';
import { tonightVisibility, tonightWindow, type DarkWindow, type TonightVisibility } from '../../../core/visibility/index.js';
import type { TargetSummary } from '../../../shared/targets.js';
import { raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';

/** A target is observable tonight when it spends at least this many hours above {@link MIN_ALTITUDE} in the dark. */
export const MIN_HOURS = 1;
/** Degrees: airmass 2. */
export const MIN_ALTITUDE = 30;

export interface Tonight {
  /** The dark window (null: no nautical darkness tonight at the site). */
  window: DarkWindow | null;
  site: string;
  /** By target id; absent for non-sidereal targets. */
  byId: Map<number, TonightVisibility>;
  /** One line saying what "observable tonight" means here. */
  caption: string;
}

/** `hh:mm` UTC of an MJD. */
const hm = (mjd: number) => mjdToIso(mjd, 0).slice(11, 16);

/**
 * How the targets fare tonight at the configured site (core/visibility): the night under way or
 * the next, recomputed every 10 minutes (the window starts at "now" during the night).
 */
export function useTonight(targets: readonly TargetSummary[] | undefined): Tonight | null {
  const settings = useQuery(() => raw.settings.get(), ['settings:changed']);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 600_000);
    return () => clearInterval(timer);
  }, []);
  const site = settings.data?.site;
  return useMemo(() => {
    if (!site || !targets) return null;
    const where = { latitude: site.lat, longitude: site.lon, height: site.elevation };
    const window = tonightWindow(now / 86_400_000 + 40587, where);
    const byId = new Map<number, TonightVisibility>();
    if (!window) return { window, site: site.name, byId, caption: `No dark time at ${site.name} tonight (the Sun stays above −12°).` };
    const sidereal = targets.filter((t) => t.type === 'sidereal');
    tonightVisibility(sidereal, window, where, MIN_ALTITUDE).forEach((v, i) => byId.set(sidereal[i]!.id, v));
    const caption =
      `Tonight at ${site.name}: ${window.kind} darkness ${hm(window.start)}–${hm(window.end)} UTC; ` +
      `observable = at least ${MIN_HOURS} h above ${MIN_ALTITUDE}° (airmass 2) in it.`;
    return { window, site: site.name, byId, caption };
  }, [targets, site, now]);
}
