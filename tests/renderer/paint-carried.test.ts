/**
 * The library's first screen painted by the boot script from the carried rows
 * (src/renderer/src/library/paint-carried.ts): the rows' cells as the library shows them, the
 * app's skeleton, nothing interactive, and every text from the library escaped.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, paintCarried, type PaintedProduct } from '../../src/renderer/src/library/paint-carried.js';

function product(over: Partial<PaintedProduct> = {}): PaintedProduct {
  return {
    id: 7,
    name: 'm31-001.fits',
    object: 'M31',
    dateObs: '2026-01-15T03:12:45.500',
    filter: 'R',
    kind: 'raw',
    frameType: 'light',
    calibWait: null,
    status: 'extracted',
    error: null,
    sources: 1234,
    width: 4096,
    ...over,
  };
}

/** The text of each cell of each painted row, tags removed and entities decoded. */
function cellTexts(html: string): string[][] {
  const decode = (s: string) => s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  // a row's cells hold no divs: everything after a cell's start tag up to the next cell is its content
  return html
    .split('</section>')[0]!
    .split('<div role="row" aria-rowindex')
    .slice(1)
    .map((row) => row.split('<div role="cell"').slice(1).map((cell) => decode(cell.slice(cell.indexOf('>') + 1))));
}

describe('paintCarried', () => {
  it('shows each row as the library does: ISO UTC date, frame, status, sources', () => {
    const html = paintCarried(
      [product(), product({ id: 8, name: 'flat.fits', object: null, dateObs: '2026-01-14', filter: null, kind: 'master', frameType: 'flat', status: 'failed', error: { code: 'x', message: 'bad' }, sources: null, width: null })],
    );
    expect(cellTexts(html)).toEqual([
      ['', '', 'm31-001.fits', 'M31', '2026-01-15 03:12:45.5', 'R', 'light', 'extracted', '1234'],
      ['', '', 'flat.fits', '', '2026-01-14', '', 'master flat', 'failed bad', ''],
    ]);
    expect(html.match(/data-testid="product-row"/g)).toHaveLength(2);
    expect(html).toContain('<a href="#/products/7" class="row-link" data-testid="product-link" title="m31-001.fits">m31-001.fits</a>');
    // the thumbnail's frame, not fetched (it would hold the page's load event back): the live row brings it
    expect(html.match(/<img[^>]*>/g)).toEqual(['<img alt="">']);
    expect(html).toContain('<span class="badge succeeded">extracted</span>');
    // rows at the live table's offsets (a 30 px header, 56 px rows)
    expect(html).toContain('transform: translateY(86px)');
    expect(html).toContain('height: 142px');
  });

  it('says why a raw light waits, as the library does', () => {
    const waits = cellTexts(paintCarried([product({ calibWait: 'no flat for filter R' }), product({ id: 9, calibWait: 'recalibration failed: x' })]));
    expect(waits.map((r) => r[6])).toEqual(['light waits: no flat for filter R', 'light recalibration failed: x']);
  });

  it('is the app skeleton on the library, marked as painted: its links and rows live, the controls only the app runs inert', () => {
    const html = paintCarried([product()]);
    expect(html.startsWith('<div class="dropzone" data-painted=""><div class="app">')).toBe(true);
    expect(html).toContain('<a href="#/library" class="nav-item active" aria-current="page">Library</a>');
    expect(html).toContain('<h1>Library</h1>');
    expect(html).toContain('aria-sort="descending"><button type="button" class="sort" inert="">Date (UTC) ▼</button>');
    expect(html).toContain('<div class="filter-bar" inert="">');
    expect(html).toContain('<input type="checkbox" aria-label="Select every image shown" inert="">');
    expect(html).toContain('<button type="button" class="import-button" inert="">');
    // a row: in the Tab order, its name a link to the image, its checkbox inert
    expect(html).toMatch(/<div role="row" aria-rowindex="2" class="vt-row clickable" aria-selected="false" data-testid="product-row" tabindex="0" /);
    expect(html).toMatch(/<a href="#\/products\/\d+" class="row-link" data-testid="product-link"/);
    expect(html).toMatch(/<input type="checkbox" aria-label="Select [^"]*" inert="">/);
  });

  it('escapes hostile names and texts', () => {
    const hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>&amp;\'';
    const html = paintCarried([product({ name: hostile, object: hostile, dateObs: hostile, filter: hostile, calibWait: hostile, error: { code: 'x', message: hostile }, status: hostile as PaintedProduct['status'] })]);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    // the same elements as with harmless texts: no text made an element or an attribute
    const tags = (h: string) => [...h.replace(/"[^"]*"/g, '""').matchAll(/<[^>]*>/g)].map((m) => m[0]);
    expect(tags(html)).toEqual(tags(paintCarried([product({ calibWait: 'x', error: { code: 'x', message: 'x' }, status: 'x' as PaintedProduct['status'] })])));
    expect(cellTexts(html)[0]!.slice(2, 6)).toEqual([hostile, hostile, hostile, hostile]);
    expect(html).toContain(`title="${escapeHtml(hostile)}"`);
  });

  it('paints a table only when there are rows', () => {
    expect(paintCarried([])).not.toContain('vt-scroller');
  });
});
