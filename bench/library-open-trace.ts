/**
 * The library's opening as chromium's main thread of the page sees it: `nightshift host` on a
 * seeded library (10,000 images by default), headless chromium at 1400 × 900, a performance
 * trace (devtools.timeline) from opening the address to the first row, and per run the page
 * thread's tasks in order with their times (ms since navigation started; with `--until-count`, on
 * until the whole list is counted): script compile and
 * run (per script), HTML parse, style, layout, paint, the WebSocket's handshake and messages,
 * and the main thread's busy time split by kind. Where the waiting is, on the page's clock.
 *
 *   npm run build && npx tsx bench/library-open-trace.ts [--until-count] [count] [runs]
 */
import { loadavg } from 'node:os';
import { eachOpening } from './library-open-runs.js';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

const untilCount = process.argv.includes('--until-count');
if (untilCount) process.argv.splice(process.argv.indexOf('--until-count'), 1);

await eachOpening(async ({ page, browser, url, run, count: n }) => {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'] });
  await page.goto(url);
  await page.getByTestId('product-row').first().waitFor({ timeout: 60_000 });
  if (untilCount) await page.getByTestId('library-count').getByText(`${n} images`).waitFor({ timeout: 60_000 });
  const firstRow = (await page.evaluate(`(() => {
    const e = document.querySelector('[data-testid="product-row"]');
    return performance.now();
  })()`)) as number;
  const buf = await browser.stopTracing();
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  // The page's main thread: the thread of the navigation's ParseHTML.
  // (the ParseHTML of the host's page, not of about:blank)
  const parse = events.find((e) => e.name === 'ParseHTML' && String((e.args?.beginData as { url?: string } | undefined)?.url ?? '').startsWith('http'));
  if (!parse) throw new Error('no ParseHTML of the page in the trace');
  const nav = events.filter((e) => e.name === 'navigationStart' && e.pid === parse.pid && String(e.args?.data?.documentLoaderURL ?? '').startsWith('http'));
  if (nav.length === 0) throw new Error('no navigationStart of the page in the trace');
  const t0 = nav[nav.length - 1]!.ts;
  const ms = (ts: number) => ((ts - t0) / 1000).toFixed(0);
  const main = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid);
  const tasks = main.filter((e) => e.ph === 'X' && e.name === 'RunTask' && (e.dur ?? 0) > 3000).sort((a, b) => a.ts - b.ts);
  const inside = (t: TraceEvent) => main.filter((e) => e.ph === 'X' && e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0));
  const lines: string[] = [];
  for (const t of tasks) {
    const kinds = new Map<string, number>();
    for (const e of inside(t)) {
      let k = e.name;
      if (k === 'EvaluateScript' || k === 'v8.compileModule' || k === 'v8.evaluateModule' || k === 'v8.compile') {
        const url = String(e.args?.data?.url ?? e.args?.data?.fileName ?? '').split('/').pop();
        k = `${k}(${url ?? ''})`;
      }
      if (['FunctionCall', 'EvaluateScript', 'ParseHTML', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'v8.compileModule', 'v8.evaluateModule', 'v8.compile', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'ParseAuthorStyleSheet', 'v8.parseOnBackground'].some((p) => k.startsWith(p))) {
        kinds.set(k, (kinds.get(k) ?? 0) + (e.dur ?? 0) / 1000);
      }
    }
    const top = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    lines.push(`  ${ms(t.ts)}–${ms(t.ts + t.dur!)} (${((t.dur ?? 0) / 1000).toFixed(0)} ms): ${top}`);
  }
  const ws = main
    .filter((e) => e.name.startsWith('WebSocket') || e.name === 'ResourceReceiveResponse' || e.name === 'ResourceFinish')
    .map((e) => `${e.name}${e.args?.data?.url ? `(${String(e.args.data.url).split('/').pop()?.split('?')[0]})` : ''} ${ms(e.ts)}`);
  const busy = tasks.reduce((s, t) => s + (t.dur ?? 0) / 1000, 0);
  console.log(`${n} images, run ${run + 1} (load ${loadavg()[0]!.toFixed(1)}): first row ${firstRow.toFixed(0)} ms (page clock), main thread busy ${busy.toFixed(0)} ms in tasks over 3 ms`);
  console.log(lines.join('\n'));
  console.log(`  network/socket: ${ws.join(', ')}`);
  // the page's own marks (library/open-marks.ts), on the same clock
  const marks = events.filter((e) => e.pid === parse.pid && e.cat.includes('user_timing') && e.name.startsWith('nightshift:') && e.ph !== 'e');
  if (marks.length > 0) console.log(`  marks: ${marks.map((e) => `${e.name.slice('nightshift:'.length)} ${ms(e.ts)}`).join(', ')}`);
});
