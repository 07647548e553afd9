import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import './targets.css';

interface Draft {
  name: string;
  lat: string;
  lon: string;
  elevation: string;
  auto: boolean;
  apertureFwhm: string;
  annulusInnerFwhm: string;
  annulusOuterFwhm: string;
  aperturePx: string;
  gain: string;
  /** One `TELESCOP/INSTRUME = gain` (or `INSTRUME = gain`) per line. */
  gains: string;
}

/** `KEY = gain` lines → the settings map; throws on a line it cannot read. */
export function parseGainLines(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^(.+?)\s*=\s*([0-9.eE+-]+)\s*$/.exec(line.trim());
    const g = m ? Number(m[2]) : NaN;
    if (!m || !(g > 0)) throw new Error(`gain line ${i + 1}: expected "TELESCOP/INSTRUME = gain in e⁻/ADU"`);
    out[m[1]!.trim()] = g;
  });
  return out;
}

function toDraft(s: Settings): Draft {
  return {
    name: s.site.name,
    lat: String(s.site.lat),
    lon: String(s.site.lon),
    elevation: String(s.site.elevation),
    auto: s.photometry.auto,
    apertureFwhm: String(s.photometry.apertureFwhm),
    annulusInnerFwhm: String(s.photometry.annulusInnerFwhm),
    annulusOuterFwhm: String(s.photometry.annulusOuterFwhm),
    aperturePx: s.photometry.aperturePx === null ? '' : String(s.photometry.aperturePx),
    gain: String(s.photometry.gain),
    gains: Object.entries(s.photometry.gains).map(([k, v]) => `${k} = ${v}`).join('\n'),
  };
}

const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

/** The observing site (visibility, airmass) and target photometry settings: a form of their own. */
export function TargetSettings() {
  const settings = useQuery(() => raw.settings.get(), ['settings:changed']);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(toDraft(settings.data));
  }, [settings.data]);
  if (!draft) return null;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call(
        raw.settings.set({
          site: { name: draft.name.trim() || 'Site', lat: num(draft.lat), lon: num(draft.lon), elevation: num(draft.elevation) },
          photometry: {
            auto: draft.auto,
            apertureFwhm: num(draft.apertureFwhm),
            annulusInnerFwhm: num(draft.annulusInnerFwhm),
            annulusOuterFwhm: num(draft.annulusOuterFwhm),
            aperturePx: draft.aperturePx.trim() === '' ? null : num(draft.aperturePx),
            gain: num(draft.gain),
            gains: parseGainLines(draft.gains),
          },
        }),
      );
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };
  const field = (key: Exclude<keyof Draft, 'auto' | 'gains'>, label: string) => (
    <label>
      {label}
      <input name={`target-${key}`} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
    </label>
  );
  return (
    <form className="settings target-settings" onSubmit={(e) => void save(e)} data-testid="target-settings">
      <fieldset>
        <legend>Observing site (visibility charts, airmass)</legend>
        {field('name', 'Name')}
        {field('lat', 'Latitude (° north)')}
        {field('lon', 'Longitude (° east)')}
        {field('elevation', 'Elevation (m)')}
      </fieldset>
      <fieldset>
        <legend>Target photometry</legend>
        <label className="check">
          <input type="checkbox" checked={draft.auto} onChange={(e) => set('auto', e.target.checked)} />
          Measure targets automatically after extraction and when a target is added
        </label>
        {field('apertureFwhm', 'Aperture radius (× median FWHM)')}
        {field('annulusInnerFwhm', 'Sky annulus inner radius (× FWHM)')}
        {field('annulusOuterFwhm', 'Sky annulus outer radius (× FWHM)')}
        {field('aperturePx', 'Fixed aperture radius in pixels (empty: FWHM multiples)')}
        {field('gain', 'Gain (e⁻/ADU) when the header has no GAIN and no line below matches (points flagged)')}
        <label>
          Gains by instrument, one per line: TELESCOP/INSTRUME = e⁻/ADU (or INSTRUME = …)
          <textarea name="target-gains" rows={3} value={draft.gains} onChange={(e) => set('gains', e.target.value)} />
        </label>
      </fieldset>
      <div className="actions">
        <button type="submit">Save site and photometry</button>
        {message && <span className={message.kind}>{message.text}</span>}
      </div>
    </form>
  );
}
