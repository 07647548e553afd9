import { useEffect, useRef } from 'react';
import type { ImportSummaryView } from '../../../shared/domain.js';
import { linkProps } from '../router/use-route.js';
import { importOutcomes, reasonOf, type ImportOutcome } from './import-outcomes.js';

/** The last import: the files in the order they were given, how many are done, and what they gave. */
export interface ImportBatch {
  files: readonly string[];
  done: number;
  summary: ImportSummaryView;
  finished: boolean;
}

const LABEL: Record<ImportOutcome['kind'], string> = { new: 'new', existing: 'already in the library', refused: 'refused' };

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function Detail({ item }: { item: ImportOutcome }) {
  if (item.kind === 'refused') return <span className="error">{reasonOf(item)}</span>;
  const link = (
    <a {...linkProps({ page: 'product', id: item.productId })} data-testid="import-item-link">
      {item.name}
    </a>
  );
  if (item.kind === 'existing') return <span className="muted">the same bytes as {link}: nothing added</span>;
  return <span className="muted">added as {link}</span>;
}

/**
 * The import panel (issue 15): opened by an import, it lists every file of the batch as new,
 * already in the library (the same bytes: nothing was added) or refused with the reason, and
 * counts them so that "new" is how much the library grew. Escape or × closes it; the sidebar's
 * "Last import" opens it again.
 */
export function ImportPanel({ batch, onClose }: { batch: ImportBatch; onClose: () => void }) {
  const { items, added, existing, refused } = importOutcomes(batch.summary, batch.files);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <section className="import-sheet" role="dialog" aria-label="Import" data-testid="import-panel" data-finished={batch.finished ? 'yes' : 'no'}>
      <header>
        <h2>
          {batch.finished ? 'Import' : 'Importing'} · {batch.files.length} {batch.files.length === 1 ? 'file' : 'files'}
        </h2>
        <button ref={close} type="button" className="icon" aria-label="Close the import panel" title="Close (Esc)" onClick={onClose} data-testid="import-panel-close">
          ×
        </button>
      </header>
      {!batch.finished && (
        <p className="muted" data-testid="import-progress">
          Importing {batch.done} of {batch.files.length}…
        </p>
      )}
      <p className="import-counts" data-testid="import-counts">
        <span className={added > 0 ? 'ok' : undefined}>{added} new</span> · <span>{existing} already in the library</span> ·{' '}
        <span className={refused > 0 ? 'error' : undefined}>{refused} refused</span>
      </p>
      <ul className="import-items">
        {items.map((item, i) => (
          <li key={`${item.path}-${i}`} data-testid="import-item" data-outcome={item.kind}>
            <span className="import-name" data-testid="import-item-name" title={item.path}>
              {baseName(item.path)}
            </span>
            <span className={`badge ${item.kind === 'new' ? 'succeeded' : item.kind === 'refused' ? 'failed' : ''}`}>{LABEL[item.kind]}</span>
            <span className="import-detail">
              <Detail item={item} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
