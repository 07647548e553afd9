/**
 * The loop the library-opening probes share (`library-open-cpu.ts`, `-trace.ts`, `-profile.ts`):
 * a library of `count` seeded images (argv[2], 10,000 by default) served by `nightshift host`,
 * opened `runs` times (argv[3], 3 by default) in a fresh 1400 × 900 page of headless chromium;
 * `open` navigates and measures, the page is closed after it, and the host, browser and library
 * go at the end.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/helpers/chromium.js';
import { startHostProcess } from '../tests/helpers/host-process.js';
import { seedLibrary } from '../tests/helpers/seed-library.js';
import { tempDir } from '../tests/helpers/tmp.js';
import { season } from './season.js';

export interface Opening {
  page: Page;
  browser: Browser;
  /** The host's address, token included. */
  url: string;
  /** 0-based. */
  run: number;
  /** Images in the library. */
  count: number;
}

export async function eachOpening(open: (o: Opening) => Promise<void>): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const runs = Number(process.argv[3] ?? 3);
  const data = tempDir();
  seedLibrary(data.dir, season(count));
  const host = await startHostProcess(data.dir);
  const { browser, close } = await launchChromium();
  try {
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await open({ page, browser, url: host.url, run, count });
      await page.close();
    }
  } finally {
    await close();
    await host.stop();
    data.cleanup();
  }
}
