import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HeaderValue } from '../../../src/core/wcs/index.js';

/** One reference case written by scripts/fixtures/wcs-make.py (astropy). */
export interface WcsCase {
  name: string;
  description: string;
  alt: string | null;
  header: Record<string, HeaderValue>;
  expect: 'wcs' | 'null' | 'error';
  astropyError?: string;
  plate?: boolean;
  size?: [number, number];
  frame?: 'equatorial' | 'galactic' | 'ecliptic';
  pix?: Array<[number, number]>;
  sky?: Array<[number, number]>;
  skyq?: Array<[number, number]>;
  pixq?: Array<[number, number]>;
}

const here = dirname(fileURLToPath(import.meta.url));

export function loadCases(): WcsCase[] {
  const path = join(here, '..', '..', 'fixtures', 'wcs', 'cases.json');
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { cases: WcsCase[] };
  return doc.cases;
}
