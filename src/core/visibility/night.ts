/**
 * A night at a site: sunset, twilights and sunrise; the target's altitude, airmass and the
 * Moon through the night (astronomy-engine).
 */
import { Body, Illumination, Observer, SearchAltitude, SearchRiseSet } from 'astronomy-engine';
import { angularSeparation } from '../coords/index.js';
import { airmass, altAz, astroTime, bodyAltAz, type ObservingSite } from './altaz.js';

/** Times (MJD UTC) when the Sun crosses the given altitudes going down (evening) and up (morning); null if it does not. */
export interface Twilight {
  /** Sunset / sunrise: the Sun's upper limb on the horizon with standard refraction (astronomy-engine `SearchRiseSet`). */
  sunset: number | null;
  sunrise: number | null;
  /** The Sun's centre at −6°, −12°, −18° (geometric altitude). */
  civilDusk: number | null;
  civilDawn: number | null;
  nauticalDusk: number | null;
  nauticalDawn: number | null;
  astronomicalDusk: number | null;
  astronomicalDawn: number | null;
}

function mjdOf(t: { ut: number } | null): number | null {
  return t ? t.ut + 51544.5 : null;
}

/** Local noon (MJD UTC, approximate: 12 h mean solar time) of the civil date containing `mjdUtc` at the site's longitude. */
export function localNoon(mjdUtc: number, site: ObservingSite): number {
  const offset = site.longitude / 360;
  const localDay = Math.floor(mjdUtc + offset);
  return localDay + 0.5 - offset;
}

/**
 * Twilight times of the night that starts at the local noon on or before `mjdUtc` (MJD UTC),
 * searched over the next 24 h. Polar day/night give nulls.
 */
export function twilight(mjdUtc: number, site: ObservingSite): Twilight {
  const noon = localNoon(mjdUtc, site);
  const start = astroTime(noon);
  const obs = new Observer(site.latitude, site.longitude, site.height);
  const down = (alt: number): number | null => mjdOf(SearchAltitude(Body.Sun, obs, -1, start, 1, alt));
  const up = (alt: number, after: number | null): number | null =>
    mjdOf(SearchAltitude(Body.Sun, obs, +1, astroTime(after ?? noon), 1 - ((after ?? noon) - noon), alt));
  const sunset = mjdOf(SearchRiseSet(Body.Sun, obs, -1, start, 1));
  const civilDusk = down(-6);
  const nauticalDusk = down(-12);
  const astronomicalDusk = down(-18);
  const clip = (t: number | null): number | null => (t !== null && t < noon + 1 ? t : null);
  return {
    sunset: clip(sunset),
    civilDusk: clip(civilDusk),
    nauticalDusk: clip(nauticalDusk),
    astronomicalDusk: clip(astronomicalDusk),
    astronomicalDawn: clip(up(-18, astronomicalDusk)),
    nauticalDawn: clip(up(-12, nauticalDusk)),
    civilDawn: clip(up(-6, civilDusk)),
    sunrise: clip(mjdOf(SearchRiseSet(Body.Sun, obs, +1, astroTime(sunset ?? noon), 1 - ((sunset ?? noon) - noon)))),
  };
}

/** One sample of a visibility chart. */
export interface VisibilitySample {
  /** MJD (UTC). */
  mjd: number;
  /** Target altitude (degrees, refracted) and azimuth (degrees east of north). */
  altitude: number;
  azimuth: number;
  /** Target airmass (NaN below the horizon). */
  airmass: number;
  /** Sun altitude (degrees): > −0.833 day, < −18 astronomical night. */
  sunAltitude: number;
  /** Moon altitude (degrees) and its distance from the target (degrees). */
  moonAltitude: number;
  moonSeparation: number;
}

export interface VisibilityNight {
  /** Local noon that starts the night, MJD (UTC). */
  start: number;
  twilight: Twilight;
  /** Illuminated fraction of the Moon at local midnight (0–1). */
  moonIllumination: number;
  samples: VisibilitySample[];
}

/**
 * Visibility of a target (RA, Dec degrees ICRS) at a site for the night starting at the local
 * noon on or before `mjdUtc`: samples every `stepMinutes` (default 10) for 24 h, and the
 * twilight times. Use once per night for "tonight and the next nights".
 */
export function visibilityNight(ra: number, dec: number, mjdUtc: number, site: ObservingSite, stepMinutes = 10): VisibilityNight {
  const start = localNoon(mjdUtc, site);
  const samples: VisibilitySample[] = [];
  const n = Math.round((24 * 60) / stepMinutes);
  for (let k = 0; k <= n; k++) {
    const mjd = start + (k * stepMinutes) / 1440;
    const t = altAz(ra, dec, mjd, site);
    const sun = bodyAltAz('sun', mjd, site);
    const moon = bodyAltAz('moon', mjd, site);
    samples.push({
      mjd,
      altitude: t.altitude,
      azimuth: t.azimuth,
      airmass: airmass(t.altitude),
      sunAltitude: sun.altitude,
      moonAltitude: moon.altitude,
      moonSeparation: angularSeparation(ra, dec, moon.ra, moon.dec),
    });
  }
  return {
    start,
    twilight: twilight(mjdUtc, site),
    moonIllumination: Illumination(Body.Moon, astroTime(start + 0.5)).phase_fraction,
    samples,
  };
}
