import { useState } from 'react';
import type { VisibilityView } from '../../../shared/targets.js';
import { call, raw } from '../api/client.js';
import { clockIn, offsetIn, systemTimeZone } from '../format/zone-time.js';
import { highestInDark } from './highest-in-dark.js';

type Night = VisibilityView['nights'][number];

const W = 560;
const H = 200;
const PAD = { l: 36, r: 44, t: 10, b: 36 };

/** Sky colour by the Sun's altitude: day, civil, nautical, astronomical twilight, night. */
function skyFill(sunAlt: number): string {
  if (sunAlt > -0.833) return '#3b4a66';
  if (sunAlt > -6) return '#2c3852';
  if (sunAlt > -12) return '#212a40';
  if (sunAlt > -18) return '#181f31';
  return '#0d111c';
}

/** `HH:MM` UTC, to the nearest minute (as the local times beside it). */
const hhmm = (mjd: number): string => clockIn(mjd, 'UTC');

function date(mjd: number): string {
  return new Date(Math.round((mjd - 40587) * 86_400_000)).toISOString().slice(0, 10);
}

/** Altitude of airmass X (plane-parallel), for the right-hand axis. */
const altOfAirmass = (x: number): number => (Math.asin(1 / x) * 180) / Math.PI;

/** The zone local times are shown in: the site's (a setting), else this computer's. */
export interface LocalZone {
  timeZone: string;
  /** Where it comes from, in words: "site" or "this computer". */
  source: 'site' | 'this computer';
}

/**
 * One night at the site: the target's altitude (left axis; airmass on the right) against UTC
 * and local time, twilight shaded from the Sun's altitude, the Moon's altitude dashed, and the
 * Moon's distance from the target at local midnight.
 */
export function NightChart({ night, now, zone }: { night: Night; now: number; zone: LocalZone }) {
  const local = (mjd: number) => clockIn(mjd, zone.timeZone);
  const both = (mjd: number | null) => (mjd === null ? '—' : `${hhmm(mjd)} (${local(mjd)})`);
  const tw = night.twilight;
  const t0 = (tw.sunset ?? night.start + 0.2) - 1 / 24;
  const t1 = (tw.sunrise ?? night.start + 0.8) + 1 / 24;
  const samples = night.samples.filter((s) => s.mjd >= t0 - 1e-6 && s.mjd <= t1 + 1e-6);
  const sx = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const sy = (alt: number) => PAD.t + (1 - Math.max(0, Math.min(90, alt)) / 90) * (H - PAD.t - PAD.b);
  // Above the horizon only: a new sub-path starts wherever the body rises.
  const path = (key: 'altitude' | 'moonAltitude') =>
    samples
      .map((s, i) => (s[key] < 0 ? '' : `${i === 0 || samples[i - 1]![key] < 0 ? 'M' : 'L'}${sx(s.mjd).toFixed(1)},${sy(s[key]).toFixed(1)}`))
      .join('');
  const midnight = night.samples.reduce((best, s) => (Math.abs(s.mjd - (night.start + 0.5)) < Math.abs(best.mjd - (night.start + 0.5)) ? s : best), night.samples[0]!);
  const dark = highestInDark(samples);
  const best = dark?.sample ?? null;
  const hours: number[] = [];
  for (let h = Math.ceil(t0 * 24); h <= t1 * 24; h += 2) hours.push(h / 24);
  return (
    <figure className="night" data-testid="visibility-night">
      <figcaption className="small">
        Night of {date(night.start)} · times UTC (in brackets local, {zone.timeZone}
        {offsetIn(night.start + 0.5, zone.timeZone) === 'UTC' ? '' : ` ${offsetIn(night.start + 0.5, zone.timeZone)}`}) · sunset{' '}
        <span data-testid="visibility-sunset">{both(tw.sunset)}</span> · astro. dark {both(tw.astronomicalDusk)}–{both(tw.astronomicalDawn)} · sunrise{' '}
        {both(tw.sunrise)} · Moon {Math.round(night.moonIllumination * 100)} %, {midnight.moonSeparation.toFixed(0)}° away at midnight
        <span data-testid="visibility-highest">
          {best
            ? ` · highest in the ${dark?.darkness === 'nautical' ? 'nautical dark (no astronomical darkness tonight)' : 'dark'} ${best.altitude.toFixed(0)}° (airmass ${best.airmass?.toFixed(2) ?? '—'}) at ${both(best.mjd)}`
            : ' · not up in the dark'}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Altitude of the target on the night of ${date(night.start)}`}>
        <rect x={PAD.l} y={PAD.t} width={W - PAD.l - PAD.r} height={H - PAD.t - PAD.b} fill={skyFill(-90)} />
        {samples.slice(1).map((s, i) => {
          const a = samples[i]!;
          return <rect key={s.mjd} x={sx(a.mjd)} y={PAD.t} width={Math.max(0.5, sx(s.mjd) - sx(a.mjd) + 0.5)} height={H - PAD.t - PAD.b} fill={skyFill((a.sunAltitude + s.sunAltitude) / 2)} />;
        })}
        {[0, 30, 60, 90].map((alt) => (
          <g key={alt}>
            <line x1={PAD.l} x2={W - PAD.r} y1={sy(alt)} y2={sy(alt)} stroke="#2a3040" />
            <text x={PAD.l - 4} y={sy(alt) + 4} textAnchor="end" className="axis">
              {alt}°
            </text>
          </g>
        ))}
        {[1, 1.5, 2, 3].map((x) => (
          <text key={x} x={W - PAD.r + 4} y={sy(altOfAirmass(x)) + 4} className="axis">
            X {x}
          </text>
        ))}
        <text x={PAD.l - 4} y={H - 20} textAnchor="end" className="axis">
          UTC
        </text>
        <text x={PAD.l - 4} y={H - 6} textAnchor="end" className="axis">
          local
        </text>
        {hours.map((h) => (
          <g key={h} data-testid="visibility-hour" data-mjd={h}>
            <text x={sx(h)} y={H - 20} textAnchor="middle" className="axis" data-zone="utc">
              {hhmm(h)}
            </text>
            <text x={sx(h)} y={H - 6} textAnchor="middle" className="axis" data-zone="local">
              {local(h)}
            </text>
          </g>
        ))}
        <path d={path('moonAltitude')} fill="none" stroke="#c8c8c8" strokeDasharray="4 3" strokeWidth={1.2} />
        <path d={path('altitude')} fill="none" stroke="#e0a040" strokeWidth={2} data-testid="visibility-altitude" />
        {now >= t0 && now <= t1 && <line x1={sx(now)} x2={sx(now)} y1={PAD.t} y2={H - PAD.b} stroke="#f472b6" strokeWidth={1} />}
      </svg>
    </figure>
  );
}

/** The observing site (a settings section), edited in place. */
function SiteForm({ site, onDone }: { site: VisibilityView['site']; onDone: () => void }) {
  const [v, setV] = useState({ name: site.name, lat: String(site.lat), lon: String(site.lon), elevation: String(site.elevation), timeZone: site.timeZone ?? '' });
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      const timeZone = v.timeZone.trim() === '' ? null : v.timeZone.trim();
      await call(raw.settings.set({ site: { name: v.name, lat: Number(v.lat), lon: Number(v.lon), elevation: Number(v.elevation), timeZone } }));
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="site-form small">
      {(['name', 'lat', 'lon', 'elevation', 'timeZone'] as const).map((k) => (
        <label key={k} className="inline">
          {k === 'lat' ? 'latitude °N' : k === 'lon' ? 'longitude °E' : k === 'elevation' ? 'elevation m' : k === 'timeZone' ? 'time zone' : 'site'}
          <input
            value={v[k]}
            onChange={(e) => setV({ ...v, [k]: e.target.value })}
            size={k === 'name' || k === 'timeZone' ? 18 : 9}
            placeholder={k === 'timeZone' ? "this computer's" : undefined}
          />
        </label>
      ))}
      <button type="button" onClick={() => void save()}>
        Save site
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && <span className="error">{error}</span>}
    </div>
  );
}

/** Tonight and the next nights at the configured site. */
export function VisibilityChart({ visibility }: { visibility: VisibilityView }) {
  const now = Date.now() / 86_400_000 + 40587;
  const s = visibility.site;
  const [editing, setEditing] = useState(false);
  const zone: LocalZone = s.timeZone ? { timeZone: s.timeZone, source: 'site' } : { timeZone: systemTimeZone(), source: 'this computer' };
  return (
    <div className="visibility" data-testid="visibility">
      <p className="small muted">
        At {s.name} ({s.lat.toFixed(3)}°, {s.lon.toFixed(3)}°, {s.elevation} m){' '}
        <button type="button" className="link" onClick={() => setEditing(true)}>
          change site
        </button>{' '}
        · altitude (orange) and Moon (dashed); shading: day, civil, nautical, astronomical twilight, night
      </p>
      <p className="small muted" data-testid="visibility-zone">
        Local times: {zone.timeZone} ({zone.source === 'site' ? "the site's time zone, set in Settings" : "this computer's time zone; set the site's in Settings → Observing site"})
      </p>
      {editing && <SiteForm site={s} onDone={() => setEditing(false)} />}
      {visibility.nights.map((n) => (
        <NightChart key={n.start} night={n} now={now} zone={zone} />
      ))}
    </div>
  );
}
