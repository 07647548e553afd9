import { describe, expect, it } from 'vitest';
import { counted, imagesShown, sourcesShown } from '../../src/renderer/src/library/count-text.js';

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

describe('how many sources', () => {
  it('an image\'s head says "1 source", not "1 sources"', () => {
    expect(counted(1, 'source')).toBe('1 source');
    expect(counted(0, 'source')).toBe('0 sources');
    expect(counted(93, 'source')).toBe('93 sources');
  });

  it('the catalog says how many of them its filter shows', () => {
    expect(sourcesShown(1, 1)).toBe('1 of 1 source');
    expect(sourcesShown(3, 20000)).toBe('3 of 20000 sources');
  });
});
