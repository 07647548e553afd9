/** The Sun's altitude (degrees) below which the chart's caption calls the sky dark (nautical dusk to dawn). */
export const DARK_SUN_ALTITUDE = -12;

/**
 * The sample at which a target is highest while the sky is dark (Sun below
 * {@link DARK_SUN_ALTITUDE}), or null when there is no dark or the target stays at or below the
 * horizon (altitude ≤ 0°) all through it. Altitudes in degrees.
 */
export function highestInDark<S extends { altitude: number; sunAltitude: number }>(samples: readonly S[]): S | null {
  let best: S | null = null;
  for (const s of samples) {
    if (s.sunAltitude < DARK_SUN_ALTITUDE && s.altitude > 0 && (!best || s.altitude > best.altitude)) best = s;
  }
  return best;
}
