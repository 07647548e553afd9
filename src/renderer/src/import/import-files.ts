import type { ImportSummaryView } from '../../../shared/domain.js';
import type { Result } from '../../../shared/result.js';
import { call, raw, transport } from '../api/client.js';

export interface ImportProgress {
  done: number;
  total: number;
  /** What the files done so far gave (in the browser, file by file; in the desktop app, at the end). */
  summary: ImportSummaryView;
}

/**
 * Imports dropped or picked files. In the desktop app the preload turns each File into its
 * path and the main process imports them in one call; in the browser the bytes are streamed
 * to `nightshift host` one file after another, all in one batch.
 */
export async function importFiles(files: readonly File[], onProgress: (p: ImportProgress) => void): Promise<ImportSummaryView> {
  const total = files.length;
  onProgress({ done: 0, total, summary: { imported: [], errors: [] } });
  if (transport === 'electron') {
    const pathForFile = window.nightshift?.pathForFile;
    if (!pathForFile) throw new Error('this window cannot read dropped files');
    const summary = await call(raw.products.import({ paths: files.map((f) => pathForFile(f)) }));
    onProgress({ done: total, total, summary });
    return summary;
  }
  const batch = `drop-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const summary: ImportSummaryView = { imported: [], errors: [] };
  let done = 0;
  for (const file of files) {
    try {
      const res = await fetch(`/upload?name=${encodeURIComponent(file.name)}&batch=${batch}`, { method: 'POST', body: file });
      const result = (await res.json()) as Result<ImportSummaryView>;
      if (result.ok) {
        summary.imported.push(...result.data.imported.map((i) => ({ ...i, path: file.name })));
        summary.errors.push(...result.data.errors.map((e) => ({ ...e, path: file.name })));
      } else {
        summary.errors.push({ path: file.name, code: result.code, message: result.message });
      }
    } catch (err) {
      summary.errors.push({ path: file.name, code: 'unavailable', message: err instanceof Error ? err.message : String(err) });
    }
    onProgress({ done: ++done, total, summary: { imported: [...summary.imported], errors: [...summary.errors] } });
  }
  // the drop's last file is in: the host may now announce the batch when its tasks end
  await fetch(`/upload?batch=${batch}&end=1`, { method: 'POST' }).catch(() => undefined);
  return summary;
}
