import { transport } from './client.js';

/** Where the image worker fetches a product's FITS bytes in this shell. */
export function productFileUrl(productId: number): string {
  return transport === 'electron' ? `nightshift://product/${productId}` : `${window.location.origin}/files/product/${productId}`;
}

/** A product's PNG thumbnail (made on first request). */
export function thumbnailUrl(productId: number): string {
  return transport === 'electron' ? `nightshift://thumb/${productId}` : `${window.location.origin}/files/thumb/${productId}`;
}
