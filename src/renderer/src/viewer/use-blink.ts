import { useEffect, useRef, useState } from 'react';
import type { Colormap, Stretch } from '../../../core/display/index.js';
import { Header, type Card } from '../../../core/fits/index.js';
import { readWcs, type Wcs } from '../../../core/wcs/index.js';
import { limitsFor, type LimitMode, type LimitSource } from './carry.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** Blink the shown image with another: its file, its name, and how long each is shown (ms). */
export interface BlinkRequest {
  src: string;
  name: string;
  intervalMs: number;
}

/** The other image of a blink, decoded. */
export interface BlinkImage extends LimitSource {
  width: number;
  height: number;
  wcs: Wcs | null;
}

export interface BlinkDisplay {
  limits: LimitMode;
  manual: { low: string; high: string };
  stretch: Stretch;
  colormap: Colormap;
  cb: { contrast: number; bias: number };
}

function wcsOf(cards: Card[]): Wcs | null {
  try {
    return readWcs(new Header(cards)).wcs ?? null;
  } catch {
    return null;
  }
}

/**
 * The second image of a blink, in a worker of its own (decoded once, rendered with the same
 * display settings as the first, its limits mode applied to its own pixels), and which of the
 * two is on screen: they alternate every `intervalMs` once the second one's frame is ready.
 * `bitmap.current` is its latest frame; `tick` changes with each new frame and each swap.
 */
export function useBlink(blink: BlinkRequest | null, display: BlinkDisplay) {
  const bitmap = useRef<ImageBitmap | null>(null);
  const worker = useRef<Worker | null>(null);
  const [image, setImage] = useState<BlinkImage | null>(null);
  const [ready, setReady] = useState(false);
  const [showingOther, setShowingOther] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const src = blink?.src ?? null;

  useEffect(() => {
    setImage(null);
    setReady(false);
    setShowingOther(false);
    setError(null);
    if (src === null) return;
    const w = new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const msg = event.data;
      if (msg.type === 'loaded') {
        setImage({ width: msg.width, height: msg.height, low: msg.low, high: msg.high, min: msg.min, max: msg.max, percentiles: msg.percentiles, wcs: wcsOf(msg.cards) });
      } else if (msg.type === 'frame') {
        void createImageBitmap(new ImageData(new Uint8ClampedArray(msg.rgba), msg.width, msg.height)).then((bmp) => {
          bitmap.current?.close();
          bitmap.current = bmp;
          setReady(true);
          setTick((t) => t + 1);
        });
      } else if (msg.type === 'error') {
        setError(msg.message);
      }
    };
    w.postMessage({ type: 'load', url: src } satisfies ToWorker);
    return () => {
      w.terminate();
      worker.current = null;
      bitmap.current?.close();
      bitmap.current = null;
    };
  }, [src]);

  const { limits, manual, stretch, colormap, cb } = display;
  useEffect(() => {
    if (!image || !worker.current) return;
    const [low, high] = limitsFor(image, limits, manual);
    worker.current.postMessage({ type: 'render', low, high, stretch, colormap, contrast: cb.contrast, bias: cb.bias } satisfies ToWorker);
  }, [image, limits, manual.low, manual.high, stretch, colormap, cb.contrast, cb.bias]);

  const interval = blink?.intervalMs ?? 0;
  useEffect(() => {
    if (!ready || interval <= 0) return;
    const timer = setInterval(() => {
      setShowingOther((s) => !s);
      setTick((t) => t + 1);
    }, interval);
    return () => clearInterval(timer);
  }, [ready, interval]);

  return { image, bitmap, showingOther: ready && showingOther && src !== null, tick, error };
}
