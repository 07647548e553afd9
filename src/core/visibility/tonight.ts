/**
 * Which targets are observable tonight at a site, for lists of thousands of targets: the dark
 * part of the night under way (or the next one), and for each target how long it stays above
 * an altitude in it. Angles in degrees, times MJD (UTC).
 */
import { EquatorFromVector, Rotation_EQJ_EQD, RotateVector, SiderealTime, Spherical, VectorFromSphere } from 'astronomy-engine';
import { astroTime, type ObservingSite } from './altaz.js';
import { localNoon, twilight } from './night.js';

/** The dark part of a night: MJD (UTC) from `start` to `end`. */
export interface DarkWindow {
  start: number;
  end: number;
  /** Astronomical darkness (Sun below −18°), or nautical (below −12°) where the night has no astronomical darkness. */
  kind: 'astronomical' | 'nautical';
  /** Local noon (MJD UTC) that starts the night. */
  night: number;
}

/**
 * The dark window of the night under way at MJD (UTC) `nowMjd`, from now on, or else of the next
 * night; null when neither has nautical darkness (polar summer).
 */
export function tonightWindow(nowMjd: number, site: ObservingSite): DarkWindow | null {
  for (const from of [nowMjd - 1, nowMjd]) {
    const t = twilight(from, site);
    const astro = t.astronomicalDusk !== null && t.astronomicalDawn !== null;
    const dusk = astro ? t.astronomicalDusk : t.nauticalDusk;
    const dawn = astro ? t.astronomicalDawn : t.nauticalDawn;
    if (dusk === null || dawn === null || dawn <= nowMjd) continue;
    return { start: Math.max(dusk, nowMjd), end: dawn, kind: astro ? 'astronomical' : 'nautical', night: localNoon(dusk, site) };
  }
  return null;
}

/** How a target fares in a dark window. */
export interface TonightVisibility {
  /** Hours above the altitude limit in the window. */
  hours: number;
  /** Highest altitude in the window (degrees, geometric). */
  maxAltitude: number;
  /** When it is highest (MJD UTC). */
  bestMjd: number;
}

/**
 * For each position (RA, Dec degrees ICRS/J2000), the hours it spends above `minAltitude`
 * (degrees) in `window`, sampled every `stepMinutes` (default 5). Fast enough for tens of
 * thousands of targets: the positions are precessed and nutated to the window's middle once,
 * the sidereal time is computed once per sample, and altitude comes from the hour angle
 * (sin h = sin φ sin δ + cos φ cos δ cos H). Refraction (< 2′ above 30°) and aberration
 * (< 21″) are left out, which moves a limit crossing by well under a sample.
 */
export function tonightVisibility(
  positions: ReadonlyArray<{ ra: number; dec: number }>,
  window: DarkWindow,
  site: ObservingSite,
  minAltitude = 30,
  stepMinutes = 5,
): TonightVisibility[] {
  const rad = Math.PI / 180;
  const step = stepMinutes / 1440;
  const n = Math.max(1, Math.ceil((window.end - window.start) / step));
  const times: number[] = [];
  const lst: number[] = [];
  for (let k = 0; k <= n; k++) {
    const mjd = Math.min(window.start + k * step, window.end);
    times.push(mjd);
    lst.push((SiderealTime(astroTime(mjd)) * 15 + site.longitude) * rad);
  }
  const middle = astroTime((window.start + window.end) / 2);
  const rot = Rotation_EQJ_EQD(middle);
  const sinPhi = Math.sin(site.latitude * rad);
  const cosPhi = Math.cos(site.latitude * rad);
  const sinMin = Math.sin(minAltitude * rad);
  return positions.map(({ ra, dec }) => {
    const ofDate = EquatorFromVector(RotateVector(rot, VectorFromSphere(new Spherical(dec, ra, 1), middle)));
    const alpha = ofDate.ra * 15 * rad;
    const sinDelta = Math.sin(ofDate.dec * rad);
    const cosDelta = Math.cos(ofDate.dec * rad);
    let days = 0;
    let best = -2;
    let bestMjd = times[0]!;
    let wasAbove = false;
    for (let k = 0; k < times.length; k++) {
      const s = sinPhi * sinDelta + cosPhi * cosDelta * Math.cos(lst[k]! - alpha);
      if (s > best) {
        best = s;
        bestMjd = times[k]!;
      }
      const isAbove = s >= sinMin;
      // Between two samples: all of it when both are above, half when one is.
      if (k > 0) days = days + ((Number(wasAbove) + Number(isAbove)) / 2) * (times[k]! - times[k - 1]!);
      wasAbove = isAbove;
    }
    return { hours: days * 24, maxAltitude: Math.asin(Math.max(-1, Math.min(1, best))) / rad, bestMjd };
  });
}
