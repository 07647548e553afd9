/**
 * The Sun's altitude (degrees) below which the chart's caption calls the sky dark: astronomical
 * darkness, as the caption's "astro. dark" times and the targets list's "observable tonight" use.
 */
export const DARK_SUN_ALTITUDE = -18;

/** Nautical darkness (degrees): the dark of a night without astronomical darkness (high-latitude summer), as in "observable tonight". */
export const NAUTICAL_SUN_ALTITUDE = -12;

/** The highest sample in the dark and which darkness that was. */
export interface HighestInDark<S> {
  sample: S;
  /** 'astronomical': Sun below −18°; 'nautical': below −12°, on a night that has no astronomical darkness. */
  darkness: 'astronomical' | 'nautical';
}

function highestBelow<S extends { altitude: number; sunAltitude: number }>(samples: readonly S[], sunBelow: number): S | null {
  let best: S | null = null;
  for (const s of samples) {
    if (s.sunAltitude < sunBelow && s.altitude > 0 && (!best || s.altitude > best.altitude)) best = s;
  }
  return best;
}

/**
 * The sample at which a target is highest while the sky is dark (Sun below
 * {@link DARK_SUN_ALTITUDE}, or below {@link NAUTICAL_SUN_ALTITUDE} when no sample of the night
 * reaches astronomical darkness), or null when there is no dark or the target stays at or below
 * the horizon (altitude ≤ 0°) all through it. Altitudes in degrees.
 */
export function highestInDark<S extends { altitude: number; sunAltitude: number }>(samples: readonly S[]): HighestInDark<S> | null {
  const astronomical = samples.some((s) => s.sunAltitude < DARK_SUN_ALTITUDE);
  const sample = highestBelow(samples, astronomical ? DARK_SUN_ALTITUDE : NAUTICAL_SUN_ALTITUDE);
  return sample ? { sample, darkness: astronomical ? 'astronomical' : 'nautical' } : null;
}
