import { useEffect, useMemo, useRef } from 'react';
import type { RouteMarker } from '../router/routes.js';
import { raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';

/** One image of a sequence to step through: its product, name, date, and the target's circle on it. */
export interface SequenceImage {
  id: number;
  name: string;
  dateObs: string | null;
  marker: RouteMarker | null;
}

/** How an image on no target finds the others to step through: the same OBJECT, or footprints that overlap its field. */
export type StepBy = 'object' | 'field';

/** The images of one target or field in time order, and what they share. */
export interface ImageSequence {
  /**
   * `target`: the images of a target (the one the image was opened from, else the first on it);
   * `object`: the images with the same OBJECT; `field`: the images whose footprint overlaps this
   * image's (it has a WCS).
   */
  kind: 'target' | StepBy;
  /** The target's id (kind `target`). */
  targetId: number | null;
  /** The target's name, the OBJECT, or the image's name (kind `field`). */
  label: string;
  /** For an image on no target: the ways of stepping that find another image (the user may switch). */
  choices: StepBy[];
  images: SequenceImage[];
  /** Where the current image is in `images` (−1 while it is not there yet). */
  index: number;
}

/** Date order, undated images last, then by id. */
function byDate(a: SequenceImage, b: SequenceImage): number {
  if (a.dateObs !== b.dateObs) {
    if (a.dateObs === null) return 1;
    if (b.dateObs === null) return -1;
    return a.dateObs < b.dateObs ? -1 : 1;
  }
  return a.id - b.id;
}

const STEP_BY_KEY = 'nightshift.stepBy';

/** The user's last choice of how to step between images on no target (kept in this browser). */
export function savedStepBy(): StepBy | null {
  try {
    const v = localStorage.getItem(STEP_BY_KEY);
    return v === 'object' || v === 'field' ? v : null;
  } catch {
    return null;
  }
}

export function saveStepBy(by: StepBy): void {
  try {
    localStorage.setItem(STEP_BY_KEY, by);
  } catch {
    // storage off: the choice lasts for this page only
  }
}

/**
 * The images to step or blink through from product `id`: those of the target it was opened from
 * (`fromTarget`), else of the first target on it; else, as `by` says when both find another
 * image, those with the same OBJECT or those overlapping its field (OBJECT first by default);
 * null when the image has none of these (or while they load).
 */
export function useImageSequence(id: number, fromTarget: number | null, object: string | null, by: StepBy | null = null): ImageSequence | null {
  const onImage = useQuery(() => raw.targets.ofProduct({ productId: id }), ['targets:changed'], 1000);
  const linked = onImage.data?.linked ?? [];
  const targetId = fromTarget ?? linked[0]?.id ?? null;
  const target = useQuery(() => (targetId === null ? Promise.resolve({ ok: true as const, data: null }) : raw.targets.get({ id: targetId })), ['targets:changed'], 1000);
  const targetImages = useQuery(
    () => (targetId === null ? Promise.resolve({ ok: true as const, data: [] }) : raw.targets.images({ id: targetId })),
    ['targets:changed', 'products:changed'],
    1000,
  );
  const products = useQuery(
    () => (targetId !== null || object === null ? Promise.resolve({ ok: true as const, data: [] }) : raw.products.list({ limit: 100_000 })),
    ['products:changed'],
    1000,
  );
  const field = useQuery(
    () => (targetId !== null ? Promise.resolve({ ok: true as const, data: null }) : raw.products.overlapping({ id })),
    ['products:changed'],
    1000,
  );
  // The queries above read `targetId` and `object` when they run: run them again when those change.
  const key = `${targetId ?? ''}|${object ?? ''}`;
  const first = useRef(key);
  useEffect(() => {
    if (first.current === key) return;
    first.current = key;
    target.reload();
    targetImages.reload();
    products.reload();
    field.reload();
  }, [key]);
  return useMemo(() => {
    if (targetId !== null) {
      const t = target.data;
      if (!t || !targetImages.data) return null;
      const images = targetImages.data
        .map((im) => ({ id: im.productId, name: im.name, dateObs: im.dateObs, marker: im.x !== null && im.y !== null ? { x: im.x, y: im.y, r: 8, label: t.name } : null }))
        .sort(byDate);
      return { kind: 'target', targetId, label: t.name, choices: [], images, index: images.findIndex((im) => im.id === id) };
    }
    const byObject =
      object !== null && products.data
        ? products.data.filter((p) => p.object === object).map((p) => ({ id: p.id, name: p.name, dateObs: p.dateObs, marker: null })).sort(byDate)
        : null;
    const byField = field.data ? field.data.map((p) => ({ ...p, marker: null })) : null;
    const lists: Record<StepBy, SequenceImage[] | null> = { object: byObject, field: byField };
    const choices = (['object', 'field'] as const).filter((k) => (lists[k]?.length ?? 0) > 1);
    const kind: StepBy | undefined = by !== null && choices.includes(by) ? by : (choices[0] ?? (byObject ? 'object' : byField ? 'field' : undefined));
    if (kind === undefined) return null;
    const images = lists[kind]!;
    const here = images.find((im) => im.id === id);
    const label = kind === 'object' ? object! : (here?.name ?? '');
    return { kind, targetId: null, label, choices, images, index: images.findIndex((im) => im.id === id) };
  }, [id, targetId, object, by, target.data, targetImages.data, products.data, field.data]);
}
