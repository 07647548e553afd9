/**
 * How many images an image list shows, out of how many it has: "1 image", "12 images",
 * "3 of 12 images" (the numbers as they are, no separators). Pure.
 */
export function imagesShown(shown: number, total: number): string {
  const noun = total === 1 ? 'image' : 'images';
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
}
