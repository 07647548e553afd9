import { useEffect, useState, type FormEvent } from 'react';
import { largestImageProblem, type Settings, type SettingsPatch } from '../../../shared/settings.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { TargetSettings } from '../targets/TargetSettings.js';

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
  maxImageMb: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecure: boolean;
  smtpUser: string;
  smtpFrom: string;
  smtpTo: string;
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
    maxImageMb: String(s.images.maxImageMb),
    smtpHost: s.smtp.host ?? '',
    smtpPort: String(s.smtp.port),
    smtpSecure: s.smtp.secure,
    smtpUser: s.smtp.user ?? '',
    smtpFrom: s.smtp.from ?? '',
    smtpTo: s.smtp.to.join(', '),
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
    images: { maxImageMb: num(d.maxImageMb) },
    smtp: {
      host: d.smtpHost.trim() || null,
      port: num(d.smtpPort),
      secure: d.smtpSecure,
      user: d.smtpUser.trim() || null,
      from: d.smtpFrom.trim() || null,
      to: d.smtpTo
        .split(/[\s,;]+/)
        .filter((s) => s !== ''),
    },
  };
}

export function SettingsPage() {
  const settings = useQuery(() => raw.settings.get());
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [brokerCheck, setBrokerCheck] = useState<{ ok: boolean; message: string } | null>(null);
  const [password, setPassword] = useState('');
  const secrets = useQuery(() => raw.secrets.status());

  useEffect(() => {
    if (settings.data) setDraft(toDraft(settings.data));
  }, [settings.data]);

  if (settings.error) return <p className="error">{settings.error.message}</p>;
  if (!draft) return <p className="muted">Loading settings…</p>;

  const imageProblem = largestImageProblem(draft.maxImageMb);
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

  const testBroker = async () => {
    setBrokerCheck({ ok: true, message: 'Testing…' });
    try {
      setBrokerCheck(await call(raw.broker.test({ url: draft.brokerUrl.trim() })));
    } catch (err) {
      setBrokerCheck({ ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  };

  const savePassword = async (value: string | null) => {
    try {
      await call(raw.secrets.set({ name: 'smtp.password', value }));
      setPassword('');
      secrets.reload();
      setMessage({ kind: 'ok', text: value === null ? 'Password removed.' : 'Password stored.' });
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
          <div className="actions">
            <button type="button" className="secondary" disabled={draft.brokerUrl.trim() === ''} onClick={() => void testBroker()} data-testid="test-broker">
              Test connection
            </button>
            {brokerCheck && (
              <span className={brokerCheck.ok ? 'ok' : 'error'} data-testid="broker-check">
                {brokerCheck.message}
              </span>
            )}
          </div>
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
          <legend>Images</legend>
          <label>
            Largest image (MiB) <span className="muted">(larger images, or .fits.gz files inflating past it, are refused)</span>
            <input
              name="maxImageMb"
              inputMode="numeric"
              aria-invalid={imageProblem !== null}
              value={draft.maxImageMb}
              onChange={(e) => set('maxImageMb', e.target.value)}
            />
          </label>
          {imageProblem && (
            <p className="error" role="alert" data-testid="max-image-problem">
              {imageProblem}
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>Notifications</legend>
          <label className="check">
            <input type="checkbox" name="notifications" checked={draft.notifications} onChange={(e) => set('notifications', e.target.checked)} />
            Show a notification when a batch finishes
          </label>
        </fieldset>
        <fieldset>
          <legend>E-mail notices (SMTP)</legend>
          <label>
            Server
            <input name="smtpHost" placeholder="smtp.example.org" value={draft.smtpHost} onChange={(e) => set('smtpHost', e.target.value)} />
          </label>
          <label>
            Port
            <input name="smtpPort" inputMode="numeric" value={draft.smtpPort} onChange={(e) => set('smtpPort', e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" name="smtpSecure" checked={draft.smtpSecure} onChange={(e) => set('smtpSecure', e.target.checked)} />
            TLS from the start (port 465)
          </label>
          <label>
            User name
            <input name="smtpUser" value={draft.smtpUser} onChange={(e) => set('smtpUser', e.target.value)} />
          </label>
          <label>
            Password <span className="muted">({secrets.data?.['smtp.password'] ? 'stored' : 'not set'}; kept in the system keychain, not in the settings)</span>
            <span className="actions">
              <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              <button type="button" className="secondary" disabled={password === ''} onClick={() => void savePassword(password)}>
                Store
              </button>
              {secrets.data?.['smtp.password'] && (
                <button type="button" className="secondary" onClick={() => void savePassword(null)}>
                  Remove
                </button>
              )}
            </span>
          </label>
          <label>
            From
            <input name="smtpFrom" placeholder="nightshift@example.org" value={draft.smtpFrom} onChange={(e) => set('smtpFrom', e.target.value)} />
          </label>
          <label>
            Send to <span className="muted">(comma-separated)</span>
            <input name="smtpTo" value={draft.smtpTo} onChange={(e) => set('smtpTo', e.target.value)} />
          </label>
        </fieldset>
        <div className="actions">
          <button type="submit" data-testid="save-settings" disabled={imageProblem !== null}>
            Save
          </button>
          {message && (
            <span role="status" className={message.kind === 'ok' ? 'ok' : 'error'}>
              {message.text}
            </span>
          )}
        </div>
      </form>
      <TargetSettings />
    </section>
  );
}
