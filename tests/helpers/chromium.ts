import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's chromium; `.ci/run` installs it. Override with NIGHTSHIFT_CHROMIUM. */
export const CHROMIUM = process.env.NIGHTSHIFT_CHROMIUM ?? '/usr/bin/chromium';

/** Headless chromium with the flags this closed network needs (no background connections). */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (or set NIGHTSHIFT_CHROMIUM)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  // playwright gives the browser a fresh temporary profile and removes it on close.
  return { browser, close: () => browser.close() };
}

/** The flags every launch here uses: no sandbox (root in a VM), no GPU, no connections of its own. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Headless chromium on the profile in `profileDir` (made if missing), as a returning user's
 * browser: its HTTP cache and V8's code cache for the page's scripts persist between the pages
 * it opens (a context of {@link launchChromium} is a private one, fresh for every page).
 */
export async function launchChromiumProfile(profileDir: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (or set NIGHTSHIFT_CHROMIUM)`);
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
}
