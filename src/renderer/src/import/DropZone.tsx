import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { ImportSummaryView } from '../../../shared/domain.js';
import { filesFromDrop } from './collect-files.js';
import { importFiles, type ImportProgress } from './import-files.js';

/**
 * Accepts files and folders dropped anywhere on the window (or picked), imports them, and
 * keeps a panel with the progress and every file that could not be imported, with its reason.
 */
export function DropZone({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [last, setLast] = useState<ImportSummaryView | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const depth = useRef(0);

  const run = async (files: File[]) => {
    if (files.length === 0) return;
    try {
      setLast(await importFiles(files, setProgress));
    } catch (err) {
      setLast({ imported: [], errors: [{ path: '', code: 'internal', message: err instanceof Error ? err.message : String(err) }] });
    } finally {
      setProgress(null);
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    void filesFromDrop(e.dataTransfer).then(run);
  };

  return (
    <div
      className={over ? 'dropzone over' : 'dropzone'}
      data-testid="dropzone"
      onDragEnter={(e) => {
        if (![...e.dataTransfer.types].includes('Files')) return;
        depth.current += 1;
        setOver(true);
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      {children}
      {over && <div className="drop-hint">Drop FITS files or folders to import them</div>}
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        accept=".fits,.fit,.fts,.gz,.fz"
        data-testid="file-picker"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void run(files);
        }}
      />
      <div className="import-panel">
        <button type="button" className="import-button" onClick={() => picker.current?.click()}>
          Import…
        </button>
        {progress && (
          <span data-testid="import-progress">
            Importing {progress.done} of {progress.total}…
          </span>
        )}
        {last && !progress && (
          <div className="import-result" data-testid="import-result">
            <span>
              {last.imported.length} imported
              {last.errors.length > 0 ? `, ${last.errors.length} not imported` : ''}
            </span>
            {last.errors.length > 0 && (
              <ul data-testid="import-errors">
                {last.errors.map((e, i) => (
                  <li key={i} className="error">
                    {e.path && !e.message.startsWith(e.path) ? `${e.path}: ${e.message}` : e.message}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" className="link" onClick={() => setLast(null)}>
              dismiss
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
