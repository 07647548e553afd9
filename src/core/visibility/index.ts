/**
 * Visibility of targets at an observing site: altitude/azimuth, airmass, twilight, the Moon.
 * Angles in degrees, times as MJD (UTC). Computed with astronomy-engine (pure JS).
 */
export { airmass, airmassAt, altAz, astroTime, bodyAltAz, type HorizontalPosition, type ObservingSite } from './altaz.js';
export { localNoon, twilight, visibilityNight, type Twilight, type VisibilityNight, type VisibilitySample } from './night.js';
export { tonightVisibility, tonightWindow, type DarkWindow, type TonightVisibility } from './tonight.js';
