import { useState } from 'react';
import type { MasterOption, MasterType } from '../../../shared/calib.js';
import { MASTER_TYPES } from '../../../shared/words.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';

const AUTO = 'auto';

function optionText(o: MasterOption): string {
  const marks = [o.automatic ? 'rule' : '', o.used ? 'used' : ''].filter(Boolean).join(', ');
  return `#${o.id} ${o.name}${marks ? ` (${marks})` : ''} — ${o.fits ? 'fits' : 'does not fit'}: ${o.why}`;
}

/**
 * A raw light's masters on its page and on its calibrated frame's (issue 17): for bias, dark and
 * flat, a selector of the masters of its camera — "by the rule" first, then each master with
 * whether it fits the rule and why (filter, exposure, temperature, time from the light). A
 * choice by hand is kept against better masters and recalibrates the light; "by the rule"
 * clears it.
 */
export function MasterChooser({ lightId }: { lightId: number }) {
  const q = useQuery(() => raw.calib.masters({ id: lightId }), ['products:changed']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const m = q.data;
  if (!m) return q.error ? <span className="error">{q.error.message}</span> : null;
  const choose = async (type: MasterType, value: string) => {
    setError(null);
    setBusy(true);
    try {
      await call(raw.calib.choose({ id: lightId, [type]: value === AUTO ? null : Number(value) }));
      q.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="frame-control" data-testid="master-chooser">
      {MASTER_TYPES.map((type) => {
        const options = m.options[type];
        const rule = options.find((o) => o.automatic);
        return (
          <label key={type} title={`The master ${type} for this light: by the rule, or one chosen by hand (kept against better masters)`}>
            {type}{' '}
            <select value={m.choice[type] === null ? AUTO : String(m.choice[type])} disabled={busy} data-testid={`master-choice-${type}`} onChange={(e) => void choose(type, e.target.value)}>
              <option value={AUTO}>by the rule{rule ? `: #${rule.id} ${rule.name}` : ': none fits'}</option>
              {options.map((o) => (
                <option key={o.id} value={String(o.id)} title={o.why}>
                  {optionText(o)}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      {error && (
        <span className="error" data-testid="master-chooser-error">
          {error}
        </span>
      )}
    </span>
  );
}
