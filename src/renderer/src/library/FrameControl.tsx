import { useState } from 'react';
import type { ProductDetail } from '../../../shared/domain.js';
import { FRAME_TYPES } from '../../../shared/words.js';
import { call, raw } from '../api/client.js';
import { linkProps } from '../router/use-route.js';
import { frameLabel } from './list-filters.js';

const NONE = 'none';

/**
 * A product's frame on its page (issue 17): its type, correctable by hand (bias, dark, flat,
 * light, or none for an image calibrated elsewhere); a calibrated frame's raw frame and masters
 * (and, on hover, why they were chosen);
 * why a raw light waits for calibration.
 */
export function FrameControl({ product }: { product: ProductDetail }) {
  const [error, setError] = useState<string | null>(null);
  const change = async (value: string) => {
    setError(null);
    try {
      await call(raw.products.setFrameType({ id: product.id, frameType: value === NONE ? null : (value as (typeof FRAME_TYPES)[number]) }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const m = product.masters;
  return (
    <span className="frame-control" data-testid="product-frame-control">
      {product.kind === 'raw' ? (
        <label title="The frame type read from IMAGETYP/FRAME; change it if the header is wrong">
          Frame{' '}
          <select value={product.frameType ?? NONE} data-testid="product-frame-type" onChange={(e) => void change(e.target.value)}>
            <option value={NONE}>none (use as it is)</option>
            {FRAME_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="muted" data-testid="product-frame-kind">
          {frameLabel(product)}
        </span>
      )}
      {product.rawId !== null && (
        <a {...linkProps({ page: 'product', id: product.rawId })} data-testid="product-raw-link">
          raw frame
        </a>
      )}
      {m && (
        <span className="muted" data-testid="product-masters" title={product.calibWhy ?? undefined}>
          masters:{' '}
          {(['bias', 'dark', 'flat'] as const).map((k) =>
            m[k] !== null ? (
              <a key={k} {...linkProps({ page: 'product', id: m[k] })}>
                {k}{' '}
              </a>
            ) : null,
          )}
        </span>
      )}
      {product.calibWait && (
        <span className="muted" data-testid="product-calib-wait">
          {/* a light calibrated already whose recalibration failed does not wait: it keeps its calibrated frame */}
          {product.calibWait.startsWith('recalibration failed') ? product.calibWait : `waits for calibration: ${product.calibWait}`}
        </span>
      )}
      {error && <span className="error">{error}</span>}
    </span>
  );
}
