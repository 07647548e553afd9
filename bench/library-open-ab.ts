/**
 * Two builds of the page compared on one machine at one time (a shared machine's load moves
 * too much for runs minutes apart): `nightshift host` on a seeded library (10,000 images by
 * default), headless chromium at 1400 × 900, and the time from opening the address to the first
 * row, alternating the builds run by run. Each build is a renderer folder (`out/renderer` of a
 * build); for each run `out/renderer` is pointed at it (a symbolic link; the folder is put back
 * at the end). Prints every run and each build's median: the time to the first row as the bench
 * sees it, and on the page's clock (a MutationObserver's, ms since navigation started). With
 * `--cpu`, each opening is traced and the CPU time of the page's main thread until the first row
 * (the thread time of its tasks begun by then, which other processes' load inflates far less than
 * the wall time) is printed too. Also the page's first contentful paint (its clock): when the first
 * rows were drawn on screen, whether React or the boot script's painting put them there.
 *
 * The first row found is not yet a row one can use (the boot script's painted rows were inert
 * until 2026-12-07), so each run also opens each build a second time as a user would use it
 * (`usable`): the address opened (`page.goto` to its commit, not its `load` event) and, from
 * then on, a click every 10 ms where the first row's name is (its place read in the first
 * opening), asking the page nothing in between, until a click opens the image. Printed on the
 * page's clock: when React's rows were in the page (rows not inside the painted screen; from the
 * first opening: in the second a click may come first, and React then draws the image's page),
 * when the whole list was counted ("10000 images": every image listed and filterable),
 * when a click first opened the image (the address became `#/products/ID`: the list is usable; with that click's wait, from
 * the browser taking it in to the page handling it), the page's longest task until then, and
 * when the image's page showed its name (the product page open, the app and its page's script
 * loaded). And where the time to the count went (page's clock): the boot script's `library:list`
 * fetch sent, its first and last byte in (Resource Timing), the app's scripts' last byte, and the
 * page's marks (library/open-marks.ts): the library page's first render, the fetched text taken
 * in, parsed and decoded.
 *
 * With `--returning`, the pages are opened in one browser profile kept for the whole run (a
 * returning user's browser: the scripts in its HTTP cache, and, from the third opening of a
 * script on, compiled from V8's code cache, which chromium makes on the second), after three
 * untimed openings of each build; without it, every page is a first visit (a private context of
 * its own, nothing cached).
 *
 *   npm run build && npx tsx bench/library-open-ab.ts [--cpu | --returning] COUNT RUNS DIR_A DIR_B [DIR …]
 *   (e.g. an older commit built with `electron-vite build` in a `git archive` copy)
 */
import { existsSync, lstatSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, launchChromiumProfile } from '../tests/helpers/chromium.js';
import { startHostProcess } from '../tests/helpers/host-process.js';
import { seedLibrary } from '../tests/helpers/seed-library.js';
import { tempDir } from '../tests/helpers/tmp.js';
import { season } from './season.js';

const args = process.argv.slice(2);
const cpu = args.includes('--cpu');
const returning = args.includes('--returning');
if (cpu && returning) throw new Error('--cpu traces through a private browser: not with --returning');
const [count = '10000', runsText = '6', ...dirs] = args.filter((a) => a !== '--cpu' && a !== '--returning');
if (dirs.length < 2) throw new Error('usage: library-open-ab.ts COUNT RUNS DIR_A DIR_B');
const builds = dirs.map((d) => resolve(d));
const served = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'renderer');
const aside = `${served}.ab-aside`;
// out/renderer itself may be one of the builds: move it aside and name it there.
const own = builds.map((b) => (b === served ? aside : b));
if (!lstatSync(served).isSymbolicLink()) renameSync(served, aside);
const point = (dir: string) => {
  rmSync(served, { force: true });
  symlinkSync(dir, served, 'dir');
};

const data = tempDir();
seedLibrary(data.dir, season(Number(count)));
point(own[0]!);
const host = await startHostProcess(data.dir);
const { browser, close } = await launchChromium();
const VIEWPORT = { width: 1400, height: 900 };
const profile = returning ? tempDir() : undefined;
const kept = profile ? await launchChromiumProfile(profile.dir, VIEWPORT) : undefined;
/** A new page: in the kept profile with `--returning`, else in a private context of its own. */
const newPage = () => (kept ? kept.newPage() : browser.newPage({ viewport: VIEWPORT }));
const times: number[][] = own.map(() => []);
const cpus: number[][] = own.map(() => []);
const pageTimes: number[][] = own.map(() => []);
const paints: number[][] = own.map(() => []);
const liveRows: number[][] = own.map(() => []);
const usable: number[][] = own.map(() => []);
const opened: number[][] = own.map(() => []);
const waits: number[][] = own.map(() => []);
const longest: number[][] = own.map(() => []);
const counted: number[][] = own.map(() => []);
/**
 * Where the time to the count went, on the page's clock, per build and run: the `library:list`
 * fetch's request sent, its answer's first and last byte (Resource Timing), the app's scripts'
 * last byte, and the page's own marks (library/open-marks.ts; NaN in a build without them).
 */
const PHASES = ['callSent', 'callFirstByte', 'callLastByte', 'scriptsIn', 'appRender', 'firstRender', 'fetched', 'parsed', 'decoded'] as const;
type Phase = (typeof PHASES)[number];
const phases: Array<Record<Phase, number[]>> = own.map(() => Object.fromEntries(PHASES.map((p) => [p, []])) as unknown as Record<Phase, number[]>);
/** Reads {@link PHASES} in the page. */
const READ_PHASES = `(() => {
  const res = performance.getEntriesByType('resource');
  const call = res.find((r) => new URL(r.name).pathname === '/call');
  const scripts = res.filter((r) => r.name.endsWith('.js'));
  const mark = (n) => performance.getEntriesByName('nightshift:' + n, 'mark')[0]?.startTime ?? NaN;
  return {
    callSent: call ? call.requestStart : NaN,
    callFirstByte: call ? call.responseStart : NaN,
    callLastByte: call ? call.responseEnd : NaN,
    scriptsIn: scripts.length ? Math.max(...scripts.map((r) => r.responseEnd)) : NaN,
    appRender: mark('app-render'),
    firstRender: mark('library-first-render'),
    fetched: mark('list-fetched'),
    parsed: mark('list-parsed'),
    decoded: mark('list-decoded'),
  };
})()`;
/** Notes (page's clock) when the count of the whole list showed ("10000 images"): every image listed, the filters offered. */
const COUNT_MARK = `window.__counted = NaN;
new MutationObserver((_, obs) => {
  const el = document.querySelector('[data-testid="library-count"]');
  if (el && /^\\d+ images/.test(el.textContent || '')) { window.__counted = performance.now(); obs.disconnect(); }
}).observe(document, { childList: true, subtree: true, characterData: true });`;
/** Notes when the first row is in the page (ms on the page's clock). */
const FIRST_ROW_MARK = `new MutationObserver((_, obs) => {
  if (document.querySelector('[data-testid="product-row"]')) { window.__firstRow = performance.now(); obs.disconnect(); }
}).observe(document, { childList: true, subtree: true });`;
/**
 * Notes (page's clock) when React's rows are in the page (not the painted ones), when the address
 * first became an image's (a click opened it) and when the image's page showed its name.
 */
const USE_MARKS = `window.__use = { live: NaN, opened: NaN, shown: NaN, sent: NaN, handled: NaN, longest: 0 };
// the click that opens the image (the last before the address changes): when the browser took
// it in (the event's timeStamp) and when the page handled it
window.addEventListener('click', (e) => {
  if (!location.hash.startsWith('#/products/')) { window.__use.sent = e.timeStamp; window.__use.handled = performance.now(); }
}, true);
// the page's longest task until the image's page shows: the longest a click may wait
new PerformanceObserver((list) => {
  for (const t of list.getEntries()) if (Number.isNaN(window.__use.shown)) window.__use.longest = Math.max(window.__use.longest, t.duration);
}).observe({ type: 'longtask', buffered: true });
new MutationObserver((_, obs) => {
  const u = window.__use;
  if (Number.isNaN(u.live) && document.querySelector('[data-testid="product-row"]:not([data-painted] *)')) u.live = performance.now();
  const title = document.querySelector('[data-testid="product-title"]');
  if (Number.isNaN(u.shown) && title && title.textContent !== '…') { u.shown = performance.now(); obs.disconnect(); }
}).observe(document, { childList: true, subtree: true, characterData: true });
window.addEventListener('hashchange', () => {
  if (Number.isNaN(window.__use.opened) && location.hash.startsWith('#/products/')) window.__use.opened = performance.now();
});`;

/** Opens the library as a user: clicks the first row's name as soon as it is there, until a click opens the image. */
interface Use {
  live: number;
  opened: number;
  shown: number;
  /** The click that opened the image: taken in by the browser, handled by the page (page's clock). */
  sent: number;
  handled: number;
  /** The page's longest task (ms) until the image's page showed. */
  longest: number;
  clicks: number;
}
async function useOnce(page: import('playwright-core').Page, at: { x: number; y: number }): Promise<Use> {
  await page.addInitScript(USE_MARKS);
  await page.goto(host.url, { waitUntil: 'commit' });
  // clicks where the first row's name will be, from the start and every 10 ms, asking the page
  // nothing in between (each click waits only for the page to take it, as a user's would)
  let clicks = 0;
  while (!new URL(page.url()).hash.startsWith('#/products/')) {
    await page.mouse.click(at.x, at.y);
    clicks++;
    await new Promise((r) => setTimeout(r, 10));
    if (clicks > 3000) throw new Error('no click opened the image');
  }
  await page.getByTestId('product-title').filter({ hasNotText: '…' }).waitFor({ timeout: 60_000 });
  const u = (await page.evaluate('window.__use')) as Omit<Use, 'clicks'>;
  return { ...u, clicks };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { beginData?: { url?: string } };
}
/**
 * CPU ms of the page's main thread (the thread that parsed its document) in the tasks begun
 * before `untilMs` on the page's clock (its navigationStart is 0), NaN if the trace lacks them.
 */
function mainThreadCpu(events: TraceEvent[], untilMs: number): number {
  const parse = events.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url ?? '').startsWith('http'));
  if (!parse) return NaN;
  const starts = events.filter((e) => e.name === 'navigationStart' && e.pid === parse.pid && e.ts <= parse.ts);
  if (starts.length === 0) return NaN;
  const until = starts[starts.length - 1]!.ts + untilMs * 1000;
  return events
    .filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && e.name === 'RunTask' && e.ts <= until)
    .reduce((sum, e) => sum + (e.tdur ?? 0) / 1000, 0);
}
try {
  // a returning user's browser has opened the page before: its scripts cached and code-cached
  for (let visit = 0; kept && visit < 3; visit++) {
    for (const dir of own) {
      point(dir);
      const page = await kept.newPage();
      await page.goto(host.url);
      await page.getByTestId('library-count').getByText(`${count} images`).waitFor({ timeout: 60_000 });
      await page.close();
    }
  }
  for (let run = 0; run < Number(runsText); run++) {
    for (let b = 0; b < own.length; b++) {
      point(own[b]!);
      const page = await newPage();
      await page.addInitScript(FIRST_ROW_MARK);
      await page.addInitScript(USE_MARKS);
      await page.addInitScript(COUNT_MARK);
      if (cpu) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
      const t = performance.now();
      await page.goto(host.url);
      await page.getByTestId('product-row').first().waitFor({ timeout: 60_000 });
      const ms = performance.now() - t;
      times[b]!.push(ms);
      const onPage = (await page.evaluate('window.__firstRow')) as number;
      pageTimes[b]!.push(onPage);
      // when the first pixels of content were on screen (the first rows, in either build: nothing is drawn before them)
      const fcp = (await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN")) as number;
      paints[b]!.push(fcp);
      let cpuText = '';
      if (cpu) {
        const events = (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
        const c = mainThreadCpu(events, onPage);
        cpus[b]!.push(c);
        cpuText = `, page main thread CPU until then ${c.toFixed(0)} ms`;
      }
      // React's rows (in the painting build, after the painted ones)
      await page.locator('[data-testid="product-row"]:not([data-painted] *)').first().waitFor({ timeout: 60_000 });
      const live = (await page.evaluate('window.__use.live')) as number;
      liveRows[b]!.push(live);
      await page.getByTestId('library-count').getByText(`${count} images`).waitFor({ timeout: 60_000 });
      const countMs = (await page.evaluate('window.__counted')) as number;
      counted[b]!.push(countMs);
      const ph = (await page.evaluate(READ_PHASES)) as Record<Phase, number>;
      for (const p of PHASES) phases[b]![p].push(ph[p]);
      // where a user would click the first row: the middle of its name, a few characters in
      const box = (await page.getByTestId('product-link').first().boundingBox())!;
      const at = { x: box.x + Math.min(20, box.width / 2), y: box.y + box.height / 2 };
      await page.close();
      const user = await newPage();
      const u = await useOnce(user, at);
      await user.close();
      usable[b]!.push(u.opened);
      opened[b]!.push(u.shown);
      waits[b]!.push(u.handled - u.sent);
      longest[b]!.push(u.longest);
      console.log(
        `run ${run + 1}, ${dirs[b]} (load ${loadavg()[0]!.toFixed(1)}): first row ${ms.toFixed(0)} ms (page clock ${onPage.toFixed(0)} ms, first contentful paint ${fcp.toFixed(0)} ms)${cpuText}; ` +
          `React's rows ${live.toFixed(0)} ms; the whole list counted ${countMs.toFixed(0)} ms ` +
          `(${PHASES.map((p) => `${p} ${ph[p].toFixed(0)}`).join(', ')}); usable: a click opened the image ${u.opened.toFixed(0)} ms (${u.clicks} click(s); that click taken in at ${u.sent.toFixed(0)}, handled at ${u.handled.toFixed(0)} ms), its page showed ${u.shown.toFixed(0)} ms; longest task ${u.longest.toFixed(0)} ms`,
      );
    }
  }
} finally {
  await kept?.close();
  profile?.cleanup();
  await close();
  await host.stop();
  data.cleanup();
  rmSync(served, { force: true });
  if (existsSync(aside)) renameSync(aside, served);
}
/** The median of the numbers that are not NaN (the lower middle one of an even count). */
const median = (all: number[]) => {
  const xs = all.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return xs[Math.floor((xs.length - 1) / 2)] ?? NaN;
};
for (let b = 0; b < own.length; b++) {
  console.log(`${dirs[b]}: median ${median(times[b]!).toFixed(0)} ms over ${times[b]!.length} runs (${times[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  on the page's clock: median ${median(pageTimes[b]!).toFixed(0)} ms (${pageTimes[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  first contentful paint (page's clock): median ${median(paints[b]!).toFixed(0)} ms (${paints[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  React's rows in the page (page's clock): median ${median(liveRows[b]!).toFixed(0)} ms (${liveRows[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  the whole list counted ("N images", page's clock): median ${median(counted[b]!).toFixed(0)} ms (${counted[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  for (const p of PHASES) console.log(`    ${p}: median ${median(phases[b]![p]).toFixed(0)} ms (${phases[b]![p].map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  usable, a click on the first row opened the image (page's clock): median ${median(usable[b]!).toFixed(0)} ms (${usable[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  the opening click's wait (handled − taken in): median ${median(waits[b]!).toFixed(0)} ms (${waits[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  the page's longest task until the image's page showed: median ${median(longest[b]!).toFixed(0)} ms (${longest[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  the image's page showed its name (page's clock): median ${median(opened[b]!).toFixed(0)} ms (${opened[b]!.map((x) => x.toFixed(0)).join(', ')})`);
  if (cpu) console.log(`  page main thread CPU until the first row: median ${median(cpus[b]!).toFixed(0)} ms (${cpus[b]!.map((x) => x.toFixed(0)).join(', ')})`);
}
