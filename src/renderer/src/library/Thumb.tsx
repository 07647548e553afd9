import { useState } from 'react';
import type { ProductView } from '../../../shared/domain.js';
import { thumbnailUrl } from '../api/files.js';

/** What a thumbnail needs of its product (a list's row has it). */
type ThumbProduct = Pick<ProductView, 'id' | 'width' | 'error'>;

/** Why a thumbnail failed, from the file endpoint's answer (`fits_error: name: reason [code]`), else the product's error. */
async function problemOf(p: ThumbProduct): Promise<string> {
  try {
    const res = await fetch(thumbnailUrl(p.id));
    if (!res.ok) {
      const text = (await res.text()).trim().replace(/^[a-z_]+: /, '');
      if (text) return text;
    }
  } catch {
    // The electron shell's scheme, or the host gone: fall back on what the product says.
  }
  return p.error?.message ?? 'the image cannot be read';
}

/**
 * A product's thumbnail in a list; when the image cannot be drawn (a truncated or damaged file
 * the import accepted from its header), a warning sign that says why, instead of a broken image.
 */
export function Thumb({ product }: { product: ThumbProduct }) {
  const [problem, setProblem] = useState<string | null>(null);
  if (product.width === null) return null;
  if (problem !== null) {
    return (
      <span className="thumb-problem" data-testid="thumb-problem" title={`Cannot be displayed: ${problem}`} aria-label={`Cannot be displayed: ${problem}`}>
        ⚠<small>no preview</small>
      </span>
    );
  }
  return <img src={thumbnailUrl(product.id)} alt="" loading="lazy" onError={() => void problemOf(product).then(setProblem)} />;
}
