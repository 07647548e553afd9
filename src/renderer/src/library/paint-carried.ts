/**
 * The library's first screen as static HTML, for the boot script to paint from the rows the page
 * carried (`nightshift host` wrote them into index.html) before the app's modules have loaded and
 * run: the app's skeleton (sidebar, the library's heading and table) in the same markup and
 * classes as React renders it (App.tsx, LibraryPage.tsx, VirtualTable.tsx), the rows as the
 * library shows them before its whole list is in (the default order, newest first). What works
 * without the app works here: the rows' and the sidebar's links are real links (a click opens the
 * image's page, whose address the app shows once it has run), the rows are in the Tab order and
 * answer keys as the live ones (library/painted-rows.ts), and the table scrolls; the controls only
 * the app can run (the filters, the sort buttons, the checkboxes, Import…) are `inert`. React
 * replaces it when it mounts on the same root.
 * Only the rows and their cells have the live ones' test ids (`product-row`, `product-link`…): a
 * test waiting for a control waits for the live one.
 * Pure: builds a string, touches no DOM. Every text from the library is escaped.
 */
import type { ProductView } from '../../../shared/domain.js';
import { formatDate } from '../format/date.js';
import { frameLabel } from './frame-label.js';

/** What a painted row shows of a product. */
export type PaintedProduct = Pick<ProductView, 'id' | 'name' | 'object' | 'dateObs' | 'filter' | 'kind' | 'frameType' | 'calibWait' | 'status' | 'error' | 'sources' | 'width'>;

/** The attribute marking the painted screen (`data-painted`), gone once React has mounted. */
export const PAINTED_ATTRIBUTE = 'data-painted';

/** Row and header heights in CSS pixels, as LibraryPage and VirtualTable give them. */
const ROW_HEIGHT = 56;
const HEAD_HEIGHT = 30;

/** The library's columns: the select column, then LibraryPage's; widths as CSS grid tracks. */
const COLUMNS: ReadonlyArray<{ id: string; label: string; width: string; className?: string; sortable?: boolean }> = [
  { id: 'select', label: 'Select', width: '36px', className: 'select' },
  { id: 'thumb', label: '', width: '56px', className: 'thumb' },
  { id: 'name', label: 'Name', width: 'minmax(180px, 2fr)', sortable: true },
  { id: 'object', label: 'Object', width: 'minmax(100px, 1fr)', sortable: true },
  { id: 'dateObs', label: 'Date (UTC)', width: '200px', sortable: true },
  { id: 'filter', label: 'Filter', width: '80px', sortable: true },
  { id: 'frame', label: 'Frame', width: 'minmax(90px, 1fr)', sortable: true },
  { id: 'status', label: 'Status', width: 'minmax(110px, 1fr)', sortable: true },
  { id: 'sources', label: 'Sources', width: '80px', sortable: true, className: 'num' },
];
const TEMPLATE = COLUMNS.map((c) => c.width).join(' ');
const SECTIONS = [
  ['library', 'Library'],
  ['tasks', 'Tasks'],
  ['targets', 'Targets'],
  ['settings', 'Settings'],
] as const;

/** `text` safe as HTML text or a double-quoted attribute's value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A product's status badge class, as LibraryPage picks it. */
function badgeClass(status: string): string {
  return status === 'extracted' ? 'succeeded' : status === 'failed' ? 'failed' : status === 'extracting' || status === 'solving' ? 'running' : '';
}

function cells(p: PaintedProduct): string[] {
  const name = escapeHtml(String(p.name));
  const id = Number(p.id);
  const wait = p.calibWait ? String(p.calibWait) : null;
  const waitText = wait === null ? '' : wait.startsWith('recalibration failed') ? wait : `waits: ${wait}`;
  const status = String(p.status);
  return [
    `<input type="checkbox" aria-label="Select ${name}" inert="">`,
    // the thumbnail's frame without its picture (a black square, as a live row's before its
    // thumbnail comes): fetched before the page's load event, thumbnails held it back (and the
    // app's script behind them); the live row brings them
    p.width === null ? '' : '<img alt="">',
    `<a href="#/products/${id}" class="row-link" data-testid="product-link" title="${name}">${name}</a>`,
    escapeHtml(p.object ?? ''),
    p.dateObs !== null ? escapeHtml(formatDate(String(p.dateObs))) : '',
    escapeHtml(p.filter ?? ''),
    escapeHtml(frameLabel(p)) + (wait === null ? '' : `<span class="muted small" title="${escapeHtml(wait)}"> ${escapeHtml(waitText)}</span>`),
    `<span class="badge ${badgeClass(status)}">${escapeHtml(status)}</span>` +
      (p.error ? `<span class="error small" title="${escapeHtml(String(p.error.message))}"> ${escapeHtml(String(p.error.message))}</span>` : ''),
    p.sources === null ? '' : escapeHtml(String(p.sources)),
  ];
}

/** A filter's choice with nothing to choose yet, as FilterBar shows it before the whole list is in. */
const choice = (key: string, label: string) => `<label>${label}<select><option>all</option></select></label>`;
/** The filter bar before the whole list is in (no filter set: the only address painted). */
const FILTER_BAR =
  '<div class="filter-bar" inert=""><input type="search" placeholder="Search name, object, filter, date">' +
  choice('night', 'Night') +
  '<label>by<select><option>site night (evening date)</option><option>UTC date</option></select></label>' +
  choice('object', 'Object') +
  choice('filter', 'Filter') +
  choice('status', 'Status') +
  '</div>';

const TEST_IDS: Readonly<Record<string, string>> = { dateObs: 'product-date', frame: 'product-frame' };

/**
 * The app's first screen on the library, showing `rows` (the carried first screenful, in the
 * library's default order) as HTML for `#root`. The thumbnails are not fetched (see
 * {@link cells}): the app's rows bring them.
 */
export function paintCarried(rows: readonly PaintedProduct[]): string {
  const head = COLUMNS.map((c) => {
    const sorted = c.id === 'dateObs';
    const inner =
      c.id === 'select'
        ? '<input type="checkbox" aria-label="Select every image shown" inert="">'
        : c.sortable
          ? `<button type="button" class="sort" inert="">${escapeHtml(c.label)}${sorted ? ' ▼' : ''}</button>`
          : escapeHtml(c.label);
    return `<div role="columnheader" class="vt-th ${c.className ?? ''}"${sorted ? ' aria-sort="descending"' : ''}>${inner}</div>`;
  }).join('');
  const body = rows
    .map((p, i) => {
      const tds = cells(p)
        .map((html, k) => {
          const c = COLUMNS[k]!;
          const testId = TEST_IDS[c.id];
          return `<div role="cell" class="vt-td ${c.className ?? ''}"${testId ? ` data-testid="${testId}"` : ''}>${html}</div>`;
        })
        .join('');
      return (
        `<div role="row" aria-rowindex="${i + 2}" class="vt-row clickable" aria-selected="false" data-testid="product-row" tabindex="0" ` +
        `style="grid-template-columns: ${TEMPLATE}; height: ${ROW_HEIGHT}px; transform: translateY(${HEAD_HEIGHT + i * ROW_HEIGHT}px);">${tds}</div>`
      );
    })
    .join('');
  const nav = SECTIONS.map(
    ([id, label]) =>
      `<a href="#/${id}" class="${id === 'library' ? 'nav-item active' : 'nav-item'}"${id === 'library' ? ' aria-current="page"' : ''}>${label}</a>`,
  ).join('');
  const table =
    rows.length === 0
      ? ''
      : `<div class="vt-scroller library" role="table" aria-rowcount="${rows.length + 1}">` +
        `<div class="vt-sheet" style="height: ${HEAD_HEIGHT + rows.length * ROW_HEIGHT}px;">` +
        `<div class="vt-head" role="row" style="grid-template-columns: ${TEMPLATE}; height: ${HEAD_HEIGHT}px;">${head}</div>${body}</div></div>`;
  return (
    `<div class="dropzone" ${PAINTED_ATTRIBUTE}=""><div class="app">` +
    `<div class="sidebar"><nav class="nav" aria-label="Main"><div class="brand">Nightshift</div>${nav}</nav></div>` +
    `<main class="content"><section class="library-page"><div class="page-head"><h1>Library</h1>` +
    (rows.length > 0 ? '<span class="muted">listing every image…</span>' : '') +
    `</div>${FILTER_BAR}${table}</section></main>` +
    `<footer class="status-line"><span>…</span></footer></div>` +
    '<div class="import-panel"><button type="button" class="import-button" inert="">Import…</button></div></div>'
  );
}
