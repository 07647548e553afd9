import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startHostProcess } from './host-process.js';
import { tempDir } from './tmp.js';

/** A library in a temporary folder, `nightshift host` on it, and a chromium page open on its URL. */
export interface UiSession {
  page: Page;
  browser: Browser;
  host: Awaited<ReturnType<typeof startHostProcess>>;
  data: { dir: string; cleanup: () => void };
  close(): Promise<void>;
}

/** Starts a session; `prepare` may fill the library before the host opens it. */
export async function openUi(options: { viewport?: { width: number; height: number }; prepare?: (dataDir: string) => void } = {}): Promise<UiSession> {
  const data = tempDir();
  options.prepare?.(data.dir);
  const host = await startHostProcess(data.dir);
  const { browser, close } = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  await page.goto(host.url);
  return {
    page,
    browser,
    host,
    data,
    async close() {
      await close();
      await host.stop();
      data.cleanup();
    },
  };
}

/** A file to drop: its name and its bytes. */
export interface DropFile {
  name: string;
  bytes: Uint8Array;
}

/** Drops files on the window as a user's drag and drop would (dragenter, then drop). */
export async function dropFiles(page: Page, files: readonly DropFile[]): Promise<void> {
  const list = files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') }));
  const dt = await page.evaluateHandle((items) => {
    // Runs in the page; typed without the DOM library so Node-side tools can import this file.
    const Transfer = (globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } }).DataTransfer;
    const transfer = new Transfer();
    for (const f of items) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      transfer.items.add(new File([bytes], f.name));
    }
    return transfer;
  }, list);
  await page.dispatchEvent('[data-testid="dropzone"]', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('[data-testid="dropzone"]', 'drop', { dataTransfer: dt });
}
