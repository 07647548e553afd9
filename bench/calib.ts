/**
 * Calibration speed and memory against ccdproc (issue 17):
 *
 *   npx tsx bench/calib.ts [--size 2048] [--frames 20] [--lights 50] [--dir /tmp/ns-calib-bench] [--skip-ccdproc]
 *
 * Writes a raw night into --dir (int16 frames of size+32 columns with a 32-column overscan,
 * BIASSEC/TRIMSEC: `frames` biases, darks (60 s) and flats, `lights` lights (120 s)), then, in a
 * fresh process each, runs the same pipeline with ours (`makeMaster` ×3, then `applyMasters` per
 * light with the masters' paths, as the `calibrate` task does: the masters are read for the
 * first light and kept while their files are unchanged) and with ccdproc (/usr/bin/python3: subtract_overscan
 * (mean, overscan_axis=None), trim_image, subtract_bias, subtract_dark(scale=True), combine
 * (median; flats scaled by 1/median), flat_correct, each output written as float32 FITS).
 * Prints wall and CPU seconds, peak RSS of each process, the ratios and the load average. The
 * target is on the CPU ratio (both sides single-threaded here, and on a shared machine the
 * wall time measures the neighbours); the app calibrates lights on its pool's threads, which
 * lowers the wall time, not the CPU time.
 * Each light's output overwrites the previous one (disk space). Outputs are checked against
 * each other (largest relative difference of the last light).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { writeFits } from '../src/core/fits/index.js';
import { applyMasters, makeMaster } from '../src/cli/commands/calib.js';
import { openFits, readImage } from '../src/core/fits/index.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const size = Number(arg('size', '2048'));
const frames = Number(arg('frames', '20'));
const lights = Number(arg('lights', '50'));
const dir = arg('dir', '/tmp/ns-calib-bench');
const OS = 32;

let seed = 12345;
function uniform(): number {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
}
/** Roughly normal: sum of 4 uniforms, scaled to unit variance. */
function gauss(): number {
  return (uniform() + uniform() + uniform() + uniform() - 2) * Math.sqrt(3);
}

function makeNight(): void {
  mkdirSync(dir, { recursive: true });
  const w = size + OS;
  const h = size;
  const write = (name: string, type: string, exptime: number, signal: (x: number, y: number) => number, extra: Record<string, string> = {}) => {
    const path = join(dir, name);
    if (existsSync(path)) return;
    const data = new Int16Array(w * h);
    const drift = (uniform() - 0.5) * 6;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const s = x < size ? signal(x, y) : 0;
        const v = 1000 + drift + 0.01 * y + s + gauss() * Math.sqrt(16 + Math.max(s, 0));
        data[y * w + x] = Math.max(-32768, Math.min(32767, Math.round(v)));
      }
    }
    writeFileSync(path, writeFits([{ data, shape: [w, h], header: { IMAGETYP: type, EXPTIME: exptime, BIASSEC: `[${size + 2}:${w},1:${h}]`, TRIMSEC: `[1:${size},1:${h}]`, ...extra } }]));
  };
  const c = size / 2;
  const vig = (x: number, y: number) => 1 - 0.5 * ((x - c) ** 2 + (y - c) ** 2) / (size * size);
  for (let i = 0; i < frames; i++) {
    write(`bias-${i}.fits`, 'Bias Frame', 0, () => 0);
    write(`dark-${i}.fits`, 'Dark Frame', 60, (x, y) => ((x * 7 + y * 13) % 997 === 0 ? 300 : 3));
    write(`flat-${i}.fits`, 'Flat Field', 2, (x, y) => 15000 * (1 + 0.05 * i) * vig(x, y), { FILTER: 'V' });
  }
  for (let i = 0; i < lights; i++) write(`light-${i}.fits`, 'Light Frame', 120, (x, y) => 200 * vig(x, y) + 6, { FILTER: 'V' });
}

const list = (kind: string, n: number) => Array.from({ length: n }, (_, i) => join(dir, `${kind}-${i}.fits`));

function runOurs(): void {
  const out = join(dir, 'ours');
  mkdirSync(out, { recursive: true });
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const o = { overscan: 'mean' as const };
  makeMaster(list('bias', frames), { ...o, type: 'bias', method: 'median', out: join(out, 'bias.fits') });
  makeMaster(list('dark', frames), { ...o, type: 'dark', method: 'median', bias: join(out, 'bias.fits'), out: join(out, 'dark.fits') });
  makeMaster(list('flat', frames), { ...o, type: 'flat', method: 'median', bias: join(out, 'bias.fits'), dark: join(out, 'dark.fits'), darkScale: true, out: join(out, 'flat.fits') });
  const lo = { ...o, bias: join(out, 'bias.fits'), dark: join(out, 'dark.fits'), darkScale: true, flat: join(out, 'flat.fits'), out: join(out, 'light.fits') };
  // one call per light with the masters' paths, as the `calibrate` task kind does (its pool
  // thread keeps the masters read last while their files are unchanged: master-cache.ts)
  for (const l of list('light', lights)) applyMasters(l, lo);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

const PY = String.raw`
import sys, time, os, resource, warnings, json
warnings.simplefilter('ignore')
import numpy as np
from astropy import units as u
from astropy.io import fits
from astropy.nddata import CCDData
import ccdproc
d, frames, lights = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = os.path.join(d, 'ccdproc'); os.makedirs(out, exist_ok=True)
t0 = time.time(); c0 = time.process_time()
def prep(p, bias=None, dark=None):
    c = CCDData.read(p, unit='adu')
    c = ccdproc.subtract_overscan(c, fits_section=c.header['BIASSEC'], overscan_axis=None)
    c = ccdproc.trim_image(c, fits_section=c.header['TRIMSEC'])
    if bias is not None: c = ccdproc.subtract_bias(c, bias)
    if dark is not None: c = ccdproc.subtract_dark(c, dark, exposure_time='EXPTIME', exposure_unit=u.s, scale=True)
    return c
def save(name, c, exptime=None):
    h = fits.Header()
    if exptime is not None: h['EXPTIME'] = exptime
    p = os.path.join(out, name)
    fits.PrimaryHDU(np.asarray(c.data, dtype=np.float32), h).writeto(p, overwrite=True)
    return CCDData.read(p, unit='adu')
L = lambda k, n: [os.path.join(d, f'{k}-{i}.fits') for i in range(n)]
mb = save('bias.fits', ccdproc.combine([prep(p) for p in L('bias', frames)], method='median'))
md = save('dark.fits', ccdproc.combine([prep(p, mb) for p in L('dark', frames)], method='median'), 60.0)
fl = ccdproc.combine([prep(p, mb, md) for p in L('flat', frames)], method='median', scale=lambda a: 1 / np.median(a))
mf = save('flat.fits', fl.data / np.mean(fl.data))
for p in L('light', lights):
    save('light.fits', ccdproc.flat_correct(prep(p, mb, md), mf))
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'wall': time.time() - t0, 'cpu': time.process_time() - c0, 'maxRssMb': ru.ru_maxrss / 1024}))
`;

function maxRel(a: string, b: string): number {
  const x = readImage(openFits(readFileSync(a)), 0).data;
  const y = readImage(openFits(readFileSync(b)), 0).data;
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]) / Math.max(Math.abs(y[i]), 1e-3));
  return m;
}

if (process.argv.includes('--child')) runOurs();
else {
  const load0 = loadavg();
  const g0 = Date.now();
  makeNight();
  console.log(`night: ${frames} bias, ${frames} darks, ${frames} flats, ${lights} lights of ${size + OS}×${size} int16 in ${dir} (${((Date.now() - g0) / 1000).toFixed(1)} s)`);
  const ours = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--child', '--size', String(size), '--frames', String(frames), '--lights', String(lights), '--dir', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const o = JSON.parse(ours.stdout.trim().split('\n').pop() ?? '{}') as { wall: number; cpu: number; maxRssMb: number };
  console.log(`ours:    wall ${o.wall.toFixed(1)} s, cpu ${o.cpu.toFixed(1)} s, peak RSS ${o.maxRssMb.toFixed(0)} MB`);
  if (!process.argv.includes('--skip-ccdproc')) {
    writeFileSync(join(dir, 'ccdproc-bench.py'), PY);
    const py = execFileSync('/usr/bin/python3', [join(dir, 'ccdproc-bench.py'), dir, String(frames), String(lights)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const p = JSON.parse(py.trim().split('\n').pop() ?? '{}') as { wall: number; cpu: number; maxRssMb: number };
    console.log(`ccdproc: wall ${p.wall.toFixed(1)} s, cpu ${p.cpu.toFixed(1)} s, peak RSS ${p.maxRssMb.toFixed(0)} MB`);
    console.log(`ratio ours/ccdproc: wall ${(o.wall / p.wall).toFixed(3)}, cpu ${(o.cpu / p.cpu).toFixed(3)} (target ≤ 0.2), peak RSS ${(o.maxRssMb / p.maxRssMb).toFixed(3)} (target ≤ 0.25)`);
    for (const f of ['bias', 'dark', 'flat', 'light']) console.log(`max relative difference ${f}: ${maxRel(join(dir, 'ours', `${f}.fits`), join(dir, 'ccdproc', `${f}.fits`)).toExponential(2)}`);
  }
  console.log(`load average before ${load0.map((x) => x.toFixed(1)).join(' ')}, after ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}
