import { describe, expect, it } from 'vitest';
import { imagesShown } from '../../src/renderer/src/library/count-text.js';

describe('how many images a list shows', () => {
  it('says "image" for one and "images" otherwise', () => {
    expect(imagesShown(1, 1)).toBe('1 image');
    expect(imagesShown(0, 0)).toBe('0 images');
    expect(imagesShown(1500, 1500)).toBe('1500 images');
  });

  it('says how many of them when a filter hides some', () => {
    expect(imagesShown(3, 12)).toBe('3 of 12 images');
    expect(imagesShown(0, 1)).toBe('0 of 1 image');
  });
});
