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
          },
        }),
      );
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };
  const field = (key: Exclude<keyof Draft, 'auto'>, label: string) => (
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
      </fieldset>
      <div className="actions">
        <button type="submit">Save site and photometry</button>
        {message && <span className={message.kind}>{message.text}</span>}
      </div>
    </form>
  );
}
