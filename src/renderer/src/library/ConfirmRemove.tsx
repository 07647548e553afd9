import { useEffect, useRef, useState } from 'react';
import type { RemovalView } from '../../../shared/domain.js';
import { call, raw } from '../api/client.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** The lines of what goes, from a dry run. */
function WhatGoes({ r }: { r: RemovalView }) {
  return (
    <ul className="remove-list" data-testid="remove-what">
      <li>{plural(r.images, 'image')}</li>
      <li>
        {plural(r.catalogs, 'catalog')} ({plural(r.sources, 'source')})
      </li>
      <li>
        {plural(r.photometryPoints, 'photometry point')}
        {r.targets > 0 ? ` on the light curves of ${plural(r.targets, 'target')}` : ''}
      </li>
      <li>
        {plural(r.files, 'stored file')} ({size(r.bytes)})
        {r.files < r.images ? `; ${plural(r.images - r.files, 'file')} another image uses stays` : ''}
      </li>
      {r.tasks > 0 && <li>{plural(r.tasks, 'unfinished task')} will be cancelled</li>}
    </ul>
  );
}

/**
 * Asks before removing images from the library: counts what would go (a dry run of
 * `library:remove`), then removes on "Remove". Escape, Cancel or a click outside closes it
 * without removing anything; Cancel has the focus.
 */
export function ConfirmRemove({ ids, onCancel, onRemoved }: { ids: readonly number[]; onCancel: () => void; onRemoved: (r: RemovalView) => void }) {
  const [preview, setPreview] = useState<RemovalView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let live = true;
    call(raw.library.remove({ ids: [...ids], dryRun: true })).then(
      (r) => live && setPreview(r),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [ids]);
  useEffect(() => {
    cancel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  const remove = async () => {
    setBusy(true);
    try {
      onRemoved(await call(raw.library.remove({ ids: [...ids] })));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  const title = ids.length === 1 ? 'Remove this image from the library?' : `Remove ${ids.length.toLocaleString('en-US')} images from the library?`;
  return (
    <div className="modal-backdrop" onClick={onCancel}>
      <div className="confirm-dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-remove-title" data-testid="confirm-remove" onClick={(e) => e.stopPropagation()}>
        <h2 id="confirm-remove-title">{title}</h2>
        {preview && (
          <>
            <p className="muted names" title={preview.names.join('\n')}>
              {preview.names.slice(0, 3).join(', ')}
              {preview.names.length > 3 ? ` and ${preview.names.length - 3} more` : ''}
            </p>
            <p>These go with them:</p>
            <WhatGoes r={preview} />
            <p className="muted small">This cannot be undone: import the files again to get them back (their catalogs are extracted again).</p>
          </>
        )}
        {!preview && !error && <p className="muted">Counting what goes…</p>}
        {error && <p className="error">{error}</p>}
        <div className="dialog-actions">
          <button ref={cancel} type="button" className="secondary" onClick={onCancel} data-testid="remove-cancel">
            Cancel
          </button>
          <button type="button" className="danger" disabled={!preview || busy} onClick={() => void remove()} data-testid="remove-confirm">
            {busy ? 'Removing…' : ids.length === 1 ? 'Remove image' : `Remove ${ids.length.toLocaleString('en-US')} images`}
          </button>
        </div>
      </div>
    </div>
  );
}
