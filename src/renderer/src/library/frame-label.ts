/** A product's frame as the lists name it; in its own file so the boot script takes no more than it. Pure. */

/**
 * A product's frame in one word or two: `bias`, `dark`, `flat`, `light` (raw frames of that
 * type), `master bias`/`master dark`/`master flat`, `calibrated`; '' for an image whose header
 * names no frame type (calibrated elsewhere).
 */
export function frameLabel(p: { kind: 'raw' | 'master' | 'calibrated'; frameType: string | null }): string {
  if (p.kind === 'calibrated') return 'calibrated';
  if (p.kind === 'master') return `master ${p.frameType ?? ''}`.trim();
  return p.frameType ?? '';
}
