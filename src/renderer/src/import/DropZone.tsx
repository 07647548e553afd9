import { useCallback, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { filesFromDrop } from './collect-files.js';
import { importFiles } from './import-files.js';
import { ImportPanel, type ImportBatch } from './ImportPanel.js';

/**
 * Accepts files and folders dropped anywhere on the window (or picked), imports them, and opens
 * the import panel on the batch (every file: new, already in the library, or refused and why).
 * `children` places the panel (given, or null while it is closed) in the page's layout, where it
 * takes room of its own instead of covering controls.
 */
export function DropZone({ children }: { children: (importPanel: ReactNode) => ReactNode }) {
  const [over, setOver] = useState(false);
  const [batch, setBatch] = useState<ImportBatch | null>(null);
  const [open, setOpen] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const depth = useRef(0);
  const close = useCallback(() => setOpen(false), []);

  const run = async (files: File[]) => {
    if (files.length === 0) return;
    const names = files.map((f) => f.name);
    setBatch({ files: names, done: 0, summary: { imported: [], errors: [] }, finished: false });
    setOpen(true);
    try {
      const summary = await importFiles(files, (p) => setBatch({ files: names, done: p.done, summary: p.summary, finished: false }));
      setBatch({ files: names, done: names.length, summary, finished: true });
    } catch (err) {
      setBatch((b) => ({
        files: names,
        done: names.length,
        summary: { imported: b?.summary.imported ?? [], errors: [...(b?.summary.errors ?? []), { path: '', code: 'internal', message: err instanceof Error ? err.message : String(err) }] },
        finished: true,
      }));
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
      {children(batch && open ? <ImportPanel batch={batch} onClose={close} /> : null)}
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
        {batch && !open && (
          <button type="button" className="import-reopen" onClick={() => setOpen(true)} data-testid="import-panel-open">
            {batch.finished ? 'Last import' : `Importing ${batch.done} of ${batch.files.length}…`}
          </button>
        )}
      </div>
    </div>
  );
}
