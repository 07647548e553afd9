/**
 * Where the page's CPU goes while the library opens: `nightshift host` on a seeded library
 * (10,000 images by default), headless chromium at 1400 × 900, V8's sampling profiler (CDP
 * `Profiler`, 100 µs) from opening the address to the first row, and the self time summed by
 * script and, where the build has source maps (`npx electron-vite build --sourcemap`), by source
 * file or package. Prints the top entries per run. With `--until-count`, the profile runs on until
 * the whole list is in and counted ("10000 images"): what the page does after its first rows. With
 * `--by-line`, our own sources' samples are told apart by line and function.
 *
 *   npx electron-vite build --sourcemap && npx tsx bench/library-open-cpu.ts [--until-count] [--by-line] [count] [runs]
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { ROOT } from '../tests/helpers/host-process.js';
import { eachOpening } from './library-open-runs.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMapConsumer | null>();
function mapOf(file: string): SourceMapConsumer | null {
  if (!maps.has(file)) {
    const path = join(ROOT, 'out', 'renderer', 'assets', `${file}.map`);
    maps.set(file, existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))) : null);
  }
  return maps.get(file)!;
}
/** A sample's place: the package or source file when mapped, the script's name otherwise. */
function where(frame: ProfileNode['callFrame']): string {
  if (frame.url === '') return `(${frame.functionName || 'native'})`;
  const file = frame.url.split('/').pop()!.split('?')[0]!;
  const map = mapOf(file);
  if (!map) return file;
  const pos = map.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  if (!pos.source) return file;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(pos.source);
  const line = byLine && !nm ? `:${pos.line} ${frame.functionName}` : '';
  return `${file}: ${nm ? nm[1] : pos.source.replace(/.*\/src\//, 'src/')}${line}`;
}

const untilCount = process.argv.includes('--until-count');
const byLine = process.argv.includes('--by-line');
if (byLine) process.argv.splice(process.argv.indexOf('--by-line'), 1);
if (untilCount) process.argv.splice(process.argv.indexOf('--until-count'), 1);

await eachOpening(async ({ page, url, run, count: n }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(url);
  await page.getByTestId('product-row').first().waitFor({ timeout: 60_000 });
  const firstRow = (await page.evaluate('performance.now()')) as number;
  if (untilCount) await page.getByTestId('library-count').getByText(`${n} images`).waitFor({ timeout: 60_000 });
  const end = (await page.evaluate('performance.now()')) as number;
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const dt = profile.timeDeltas[i]! / 1000;
    total += dt;
    const k = where(frame);
    self.set(k, (self.get(k) ?? 0) + dt);
  });
  console.log(`${n} images, run ${run + 1} (load ${loadavg()[0]!.toFixed(1)}): first row at ${firstRow.toFixed(0)} ms (page clock)${untilCount ? `, counted at ${end.toFixed(0)} ms` : ''}; ${total.toFixed(0)} ms of samples in JS and GC`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`  ${v.toFixed(1).padStart(7)} ms  ${k}`);
});
