/** Names Nightshift imports from a dropped folder (single dropped files are all tried: the server checks the first card). */
const FITS_NAME = /\.(fits|fit|fts)(\.(gz|fz))?$/i;

export function looksLikeFitsName(name: string): boolean {
  return FITS_NAME.test(name);
}

/** Minimal shapes of the File and Directory System entries a drop gives (webkitGetAsEntry). */
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?: (ok: (f: File) => void, fail: (e: unknown) => void) => void;
  createReader?: () => { readEntries: (ok: (entries: Entry[]) => void, fail: (e: unknown) => void) => void };
}

async function walk(entry: Entry, out: File[], topLevel: boolean): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, fail) => entry.file!(ok, fail));
    if (topLevel || looksLikeFitsName(file.name)) out.push(file);
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out, false);
    }
  }
}

/** Every file of a drop: dropped files as they are, folders walked for FITS names. */
export async function filesFromDrop(data: DataTransfer): Promise<File[]> {
  const items = [...data.items].filter((i) => i.kind === 'file');
  const entries = items.map((i) => (i as DataTransferItem & { webkitGetAsEntry?: () => Entry | null }).webkitGetAsEntry?.() ?? null);
  if (entries.every((e) => e === null)) return [...data.files];
  const out: File[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry) await walk(entry, out, true);
    else {
      const f = items[i]!.getAsFile();
      if (f) out.push(f);
    }
  }
  return out;
}
