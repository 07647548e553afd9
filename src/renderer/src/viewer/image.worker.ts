/// <reference lib="webworker" />
/**
 * The image worker: downloads a product's FITS bytes, decodes the image with our FITS core,
 * computes zscale limits and renders RGBA frames, so the UI thread never touches pixels.
 */
import { histogram, PERCENTILES, percentileLimits, renderRgba, sortedFinite, zscale } from '../../../core/display/index.js';
import { firstImageHdu, openFits, readImage, type FitsFile } from '../../../core/fits/index.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { planeCount } from './cube.js';

declare const self: DedicatedWorkerGlobalScope;

let image: { data: Float32Array; width: number; height: number } | null = null;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

/** The open file while it is a cube (its other planes are read from it), with its image HDU and plane count. */
let cube: { file: FitsFile; index: number; planes: number } | null = null;

async function load(url: string, hdu?: number): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not read the image (${response.status} ${await response.text()})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const file = openFits(bytes);
  const index = hdu ?? firstImageHdu(file);
  const planes = planeCount(file.hdus[index]!.shape);
  cube = planes > 1 ? { file, index, planes } : null;
  show(file, index, 0, planes);
}

/**
 * Decodes plane `plane` (0-based over NAXIS3..n; a 2-D image has one) and posts it with its
 * limits and histogram. A 2-D image is decoded in place (its bytes are not needed again); a
 * cube's planes are copied out, so that any of them can be shown again.
 */
function show(file: FitsFile, index: number, plane: number, planes: number): void {
  const read = readImage(file, index, planes > 1 ? { type: 'float32', plane } : { type: 'float32', inPlace: true });
  const data = read.data instanceof Float32Array ? read.data : Float32Array.from(read.data);
  image = { data, width: read.width, height: read.height };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const [low, high] = zscale(data);
  // Percentiles over every finite pixel (a sorted copy, dropped once the limits are known).
  const sorted = sortedFinite(data);
  const percentiles: Record<string, [number, number]> = {};
  for (const p of PERCENTILES) percentiles[String(p)] = percentileLimits(sorted, p);
  // The histogram spans the zscale and 99.5 % limits, widened by a quarter on each side.
  const wide = percentiles['99.5']!;
  let hLow = Math.min(low, wide[0]);
  let hHigh = Math.max(high, wide[1]);
  const pad = (hHigh - hLow) * 0.25;
  hLow = Math.max(min, hLow - pad);
  hHigh = Math.min(max, hHigh + pad);
  const hist = Number.isFinite(hLow) && Number.isFinite(hHigh) ? histogram(data, hLow, hHigh, 200) : { low: 0, high: 0, counts: new Uint32Array(0) };
  const info = file.hdus[index]!;
  post({
    type: 'loaded',
    width: read.width,
    height: read.height,
    hdu: index,
    plane,
    planes,
    cards: [...info.header.cards],
    low,
    high,
    min,
    max,
    percentiles,
    histogram: { low: hist.low, high: hist.high, counts: Array.from(hist.counts) },
  });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  try {
    if (msg.type === 'load') {
      load(msg.url, msg.hdu).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
    } else if (msg.type === 'plane') {
      if (cube && msg.plane >= 0 && msg.plane < cube.planes) show(cube.file, cube.index, msg.plane, cube.planes);
    } else if (msg.type === 'render') {
      if (!image) return;
      const rgba = renderRgba(image.data, image.width, image.height, msg);
      post({ type: 'frame', width: image.width, height: image.height, rgba: rgba.buffer as ArrayBuffer }, [rgba.buffer as ArrayBuffer]);
    } else if (msg.type === 'value') {
      if (!image) return;
      const x = Math.round(msg.x);
      const y = Math.round(msg.y);
      const inside = x >= 0 && y >= 0 && x < image.width && y < image.height;
      const v = inside ? image.data[y * image.width + x]! : Number.NaN;
      post({ type: 'value', seq: msg.seq, value: Number.isNaN(v) ? null : v });
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
