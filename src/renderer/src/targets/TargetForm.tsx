import { useState, type FormEvent } from 'react';
import { formatDec, formatRa, parseDec, parseRa } from '../../../core/coords/index.js';
import type { TargetInputView, TargetView } from '../../../shared/targets.js';

interface Fields {
  name: string;
  ra: string;
  dec: string;
  aliases: string;
  tags: string;
  notes: string;
  epoch: string;
  pmRa: string;
  pmDec: string;
}

const split = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);

function fieldsOf(t: TargetView | null): Fields {
  if (!t) return { name: '', ra: '', dec: '', aliases: '', tags: '', notes: '', epoch: '2000', pmRa: '', pmDec: '' };
  return {
    name: t.name,
    ra: formatRa(t.ra, 3),
    dec: formatDec(t.dec, 2),
    aliases: t.aliases.join(', '),
    tags: t.tags.join(', '),
    notes: t.notes,
    epoch: String(t.epoch),
    pmRa: t.pmRa === null ? '' : String(t.pmRa),
    pmDec: t.pmDec === null ? '' : String(t.pmDec),
  };
}

/** Parses a coordinate for the preview (the main process parses again and decides). */
function preview(kind: 'ra' | 'dec', text: string): { ok: true; deg: number } | { ok: false; message: string } | null {
  if (text.trim() === '') return null;
  try {
    return { ok: true, deg: kind === 'ra' ? parseRa(text) : parseDec(text) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

const optNumber = (s: string): number | null => (s.trim() === '' ? null : Number(s));

/**
 * Create or edit a target: name, RA/Dec as sexagesimal (`10:00:28.0`, `+02:12:21`) or degrees,
 * aliases and tags (comma-separated), notes, epoch and proper motion.
 */
export function TargetForm({
  target,
  onSubmit,
  onCancel,
}: {
  target: TargetView | null;
  onSubmit: (input: TargetInputView) => Promise<void>;
  onCancel: () => void;
}) {
  const [init] = useState<Fields>(() => fieldsOf(target));
  const [f, setF] = useState<Fields>(init);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ra = preview('ra', f.ra);
  const dec = preview('dec', f.dec);
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const epoch = Number(f.epoch || '2000');
    const pmRa = optNumber(f.pmRa);
    const pmDec = optNumber(f.pmDec);
    if (!Number.isFinite(epoch) || (pmRa !== null && !Number.isFinite(pmRa)) || (pmDec !== null && !Number.isFinite(pmDec))) {
      setError('epoch and proper motion must be numbers');
      return;
    }
    setBusy(true);
    try {
      // An untouched position keeps its full precision (the text shows it rounded).
      const raIn = target && f.ra === init.ra ? target.ra : f.ra;
      const decIn = target && f.dec === init.dec ? target.dec : f.dec;
      await onSubmit({ name: f.name, ra: raIn, dec: decIn, aliases: split(f.aliases), tags: split(f.tags), notes: f.notes, epoch, pmRa, pmDec });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="target-form" onSubmit={(e) => void submit(e)} data-testid="target-form">
      <label>
        Name
        <input value={f.name} onChange={set('name')} required data-testid="target-name" />
      </label>
      <div className="target-form-row">
        <label>
          RA (h:m:s or degrees)
          <input value={f.ra} onChange={set('ra')} placeholder="10:00:28.0" required data-testid="target-ra" />
          <span className={ra && !ra.ok ? 'small error' : 'small muted'}>{ra ? (ra.ok ? `${ra.deg.toFixed(6)}°` : ra.message) : ' '}</span>
        </label>
        <label>
          Dec (d:m:s or degrees)
          <input value={f.dec} onChange={set('dec')} placeholder="+02:12:21" required data-testid="target-dec" />
          <span className={dec && !dec.ok ? 'small error' : 'small muted'}>{dec ? (dec.ok ? `${dec.deg.toFixed(6)}°` : dec.message) : ' '}</span>
        </label>
      </div>
      <div className="target-form-row">
        <label>
          Aliases (comma-separated)
          <input value={f.aliases} onChange={set('aliases')} data-testid="target-aliases" />
        </label>
        <label>
          Tags (comma-separated)
          <input value={f.tags} onChange={set('tags')} data-testid="target-tags" />
        </label>
      </div>
      <div className="target-form-row">
        <label>
          Epoch
          <input value={f.epoch} onChange={set('epoch')} size={7} />
        </label>
        <label>
          μα cos δ (mas/yr)
          <input value={f.pmRa} onChange={set('pmRa')} size={8} />
        </label>
        <label>
          μδ (mas/yr)
          <input value={f.pmDec} onChange={set('pmDec')} size={8} />
        </label>
      </div>
      <label>
        Notes
        <textarea value={f.notes} onChange={set('notes')} rows={2} />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy} data-testid="target-save">
          {target ? 'Save' : 'Add target'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        {error && (
          <span className="error" data-testid="target-form-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
