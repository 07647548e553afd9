import { useEffect, useRef, useState } from 'react';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import type { ImageMarker } from './TargetPage.js';

/**
 * The targets on an image, for the product page: their names (their markers go to
 * `onMarkers`), and the targets its OBJECT keyword names, with a button to link them by hand
 * (images without a WCS cannot be matched by footprint).
 */
export function ProductTargets({ productId, onMarkers }: { productId: number; onMarkers?: (markers: ImageMarker[]) => void }) {
  const q = useQuery(() => raw.targets.ofProduct({ productId }), ['targets:changed', 'products:changed'], 500);
  const [error, setError] = useState<string | null>(null);
  const onMarkersRef = useRef(onMarkers);
  onMarkersRef.current = onMarkers;
  const linked = q.data?.linked;
  useEffect(() => {
    onMarkersRef.current?.(
      (linked ?? []).flatMap((t) => (t.x !== null && t.y !== null ? [{ x: t.x, y: t.y, r: 8, label: t.name }] : [])),
    );
  }, [linked]);
  if (!q.data || (q.data.linked.length === 0 && q.data.hints.length === 0)) return null;
  const link = async (targetId: number) => {
    try {
      await call(raw.targets.link({ targetId, productId }));
      q.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <span className="product-targets small" data-testid="product-targets">
      {q.data.linked.length > 0 && <span>Targets: {q.data.linked.map((t) => t.name).join(', ')}</span>}
      {q.data.hints.map((t) => (
        <span key={t.id}>
          OBJECT names target {t.name}{' '}
          <button type="button" className="link" onClick={() => void link(t.id)}>
            link
          </button>
        </span>
      ))}
      {error && <span className="error">{error}</span>}
    </span>
  );
}
