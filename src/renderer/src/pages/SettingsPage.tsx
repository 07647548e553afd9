import { Fragment, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { useLeaveGuard } from '../router/leave-guard.js';
import { InstalledIndexes } from '../settings/InstalledIndexes.js';
import { changedFields, draftProblems, FIELD_GROUPS, toDraft, toPatch, type Draft, type FieldSpec } from '../settings/fields.js';

/**
 * Every setting on one page with one Save: each field says what is wrong with it as it is
 * typed (in words, naming the field), Save waits until nothing is, and leaving with unsaved
 * changes asks first.
 */
export function SettingsPage() {
  const settings = useQuery(() => raw.settings.get(), ['settings:changed']);
  const [stored, setStoredState] = useState<Settings | null>(null);
  const storedRef = useRef<Settings | null>(null);
  const setStored = (s: Settings) => {
    storedRef.current = s;
    setStoredState(s);
  };
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [brokerCheck, setBrokerCheck] = useState<{ ok: boolean; message: string } | null>(null);
  const [password, setPassword] = useState('');
  const secrets = useQuery(() => raw.secrets.status());

  // The settings as loaded, and again when they change elsewhere; fields being edited are kept.
  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    const prev = storedRef.current;
    setDraft((d) => {
      if (!d || !prev) return toDraft(s);
      const before = toDraft(prev);
      const after = toDraft(s);
      return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, d[k] !== before[k] ? d[k]! : v]));
    });
    setStored(s);
  }, [settings.data]);

  const problems = useMemo(() => (draft ? draftProblems(draft) : {}), [draft]);
  const changed = useMemo(() => (draft && stored ? changedFields(draft, stored) : []), [draft, stored]);
  useLeaveGuard(changed.length > 0 ? `Settings has unsaved changes (${changed.join(', ')}). Leave without saving?` : null);

  if (settings.error && !draft) return <p className="error">{settings.error.message}</p>;
  if (!draft) return <p className="muted">Loading settings…</p>;

  const problemList = Object.values(problems);
  const set = (key: string, value: string | boolean) => {
    setDraft({ ...draft, [key]: value });
    setMessage(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (problemList.length > 0) return;
    try {
      const saved = await call(raw.settings.set(toPatch(draft)));
      setStored(saved);
      setDraft(toDraft(saved));
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };

  const testBroker = async () => {
    setBrokerCheck({ ok: true, message: 'Testing…' });
    try {
      setBrokerCheck(await call(raw.broker.test({ url: String(draft.brokerUrl).trim() })));
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

  const field = (spec: FieldSpec) => (
    <Field key={spec.id} spec={spec} value={draft[spec.id] ?? ''} problem={problems[spec.id] ?? null} onChange={(v) => set(spec.id, v)} />
  );

  return (
    <section>
      <h1>Settings</h1>
      <form className="settings" onSubmit={(e) => void save(e)} data-testid="settings-form" noValidate>
        {FIELD_GROUPS.map((g) => (
          <fieldset key={g.legend}>
            <legend>{g.legend}</legend>
            {g.fields.map((spec) => (
              <Fragment key={spec.id}>
                {field(spec)}
                {spec.id === 'brokerUrl' && (
                  <div className="actions">
                    <button type="button" className="secondary" disabled={String(draft.brokerUrl).trim() === '' || problems.brokerUrl !== undefined} onClick={() => void testBroker()} data-testid="test-broker">
                      Test connection
                    </button>
                    {brokerCheck && (
                      <span className={brokerCheck.ok ? 'ok' : 'error'} data-testid="broker-check">
                        {brokerCheck.message}
                      </span>
                    )}
                  </div>
                )}
                {spec.id === 'indexDirs' && <InstalledIndexes />}
                {spec.id === 'smtpUser' && (
                  <label>
                    Password <span className="muted">({secrets.data?.['smtp.password'] ? 'stored' : 'not set'}; kept in the system keychain, not in the settings, and stored at once)</span>
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
                )}
              </Fragment>
            ))}
          </fieldset>
        ))}
        <div className="actions save-bar">
          <button type="submit" data-testid="save-settings" disabled={problemList.length > 0 || changed.length === 0}>
            Save
          </button>
          {problemList.length > 0 ? (
            <span className="error" data-testid="settings-problems">
              {problemList.length === 1 ? '1 field to correct' : `${problemList.length} fields to correct`} before saving
            </span>
          ) : changed.length > 0 ? (
            <span className="muted" data-testid="settings-unsaved">
              Unsaved: {changed.join(', ')}
            </span>
          ) : null}
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

/** One setting: its label, its input, and what is wrong with what was typed (announced as it changes). */
function Field({ spec, value, problem, onChange }: { spec: FieldSpec; value: string | boolean; problem: string | null; onChange: (v: string | boolean) => void }) {
  const problemId = `problem-${spec.id}`;
  const testId = spec.id === 'maxImageMb' ? 'max-image-problem' : `problem-${spec.id}`;
  const problemLine = problem && (
    <p className="error field-problem" id={problemId} role="alert" data-testid={testId}>
      {problem}
    </p>
  );
  if (spec.kind === 'bool') {
    return (
      <label className="check">
        <input type="checkbox" name={spec.id} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {spec.label}
      </label>
    );
  }
  const common = {
    name: spec.id,
    'aria-invalid': problem !== null,
    'aria-describedby': problem ? problemId : undefined,
    className: problem ? 'bad' : undefined,
  };
  let input;
  if (spec.kind === 'choice') {
    input = (
      <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {spec.choices?.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'gains' || spec.kind === 'lines' || spec.kind === 'typeMap') {
    input = (
      <textarea {...common} rows={spec.kind === 'lines' ? 4 : 3} placeholder={spec.placeholder} value={String(value)} onChange={(e) => onChange(e.target.value)} />
    );
  } else {
    const numeric = spec.kind === 'number' || spec.kind === 'optionalNumber';
    input = <input {...common} inputMode={numeric ? 'decimal' : undefined} placeholder={spec.placeholder} value={String(value)} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className="field">
      <label>
        <span>
          {spec.label}
          {spec.hint && <span className="muted"> {spec.hint}</span>}
        </span>
        {input}
      </label>
      {problemLine}
    </div>
  );
}
