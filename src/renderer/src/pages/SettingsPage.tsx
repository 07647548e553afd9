import { useEffect, useState, type FormEvent } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/settings.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';

interface Draft {
  threads: string;
  brokerUrl: string;
  sharedFilesystem: boolean;
  thresh: string;
  minarea: string;
  apertures: string;
  onImport: boolean;
  notifications: boolean;
  taskDays: string;
}

function toDraft(s: Settings): Draft {
  return {
    threads: s.workers.threads === null ? '' : String(s.workers.threads),
    brokerUrl: s.broker.url ?? '',
    sharedFilesystem: s.broker.sharedFilesystem,
    thresh: String(s.extraction.thresh),
    minarea: String(s.extraction.minarea),
    apertures: s.extraction.apertures.join(', '),
    onImport: s.extraction.onImport,
    notifications: s.notifications.enabled,
    taskDays: String(s.retention.taskDays),
  };
}

function toPatch(d: Draft): SettingsPatch {
  const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  return {
    workers: { threads: d.threads.trim() === '' ? null : num(d.threads) },
    broker: { url: d.brokerUrl.trim() === '' ? null : d.brokerUrl.trim(), sharedFilesystem: d.sharedFilesystem },
    extraction: {
      thresh: num(d.thresh),
      minarea: num(d.minarea),
      apertures: d.apertures
        .split(/[\s,]+/)
        .filter((s) => s !== '')
        .map(Number),
      onImport: d.onImport,
    },
    notifications: { enabled: d.notifications },
    retention: { taskDays: num(d.taskDays) },
  };
}

export function SettingsPage() {
  const settings = useQuery(() => raw.settings.get());
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    if (settings.data) setDraft(toDraft(settings.data));
  }, [settings.data]);

  if (settings.error) return <p className="error">{settings.error.message}</p>;
  if (!draft) return <p className="muted">Loading settings…</p>;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await call(raw.settings.set(toPatch(draft)));
      setDraft(toDraft(saved));
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <section>
      <h1>Settings</h1>
      <form className="settings" onSubmit={(e) => void save(e)}>
        <fieldset>
          <legend>Background work</legend>
          <label>
            Worker threads <span className="muted">(empty = cores − 1)</span>
            <input name="threads" inputMode="numeric" value={draft.threads} onChange={(e) => set('threads', e.target.value)} />
          </label>
          <label>
            Broker URL <span className="muted">(empty = local pool only)</span>
            <input name="brokerUrl" placeholder="redis://host:6379" value={draft.brokerUrl} onChange={(e) => set('brokerUrl', e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" name="sharedFilesystem" checked={draft.sharedFilesystem} onChange={(e) => set('sharedFilesystem', e.target.checked)} />
            Workers share this computer's file system
          </label>
          <label>
            Keep finished task records (days)
            <input name="taskDays" inputMode="numeric" value={draft.taskDays} onChange={(e) => set('taskDays', e.target.value)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Extraction</legend>
          <label>
            Detection threshold (× background RMS)
            <input name="thresh" inputMode="decimal" value={draft.thresh} onChange={(e) => set('thresh', e.target.value)} />
          </label>
          <label>
            Minimum area (pixels)
            <input name="minarea" inputMode="numeric" value={draft.minarea} onChange={(e) => set('minarea', e.target.value)} />
          </label>
          <label>
            Aperture radii (pixels)
            <input name="apertures" value={draft.apertures} onChange={(e) => set('apertures', e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" name="onImport" checked={draft.onImport} onChange={(e) => set('onImport', e.target.checked)} />
            Extract sources when an image is imported
          </label>
        </fieldset>
        <fieldset>
          <legend>Notifications</legend>
          <label className="check">
            <input type="checkbox" name="notifications" checked={draft.notifications} onChange={(e) => set('notifications', e.target.checked)} />
            Show a notification when a batch finishes
          </label>
        </fieldset>
        <div className="actions">
          <button type="submit" data-testid="save-settings">
            Save
          </button>
          {message && (
            <span role="status" className={message.kind === 'ok' ? 'ok' : 'error'}>
              {message.text}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
