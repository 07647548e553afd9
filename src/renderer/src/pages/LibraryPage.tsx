import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { ProductView, RemovalView } from '../../../shared/domain.js';
import { decodeLibraryList, type LibraryColumns, type LibraryRow } from '../../../shared/library-list.js';
import type { Result } from '../../../shared/result.js';
import { raw } from '../api/client.js';
import { fetchedNow, libraryChangedSinceServed, takeCarried, takeFetched } from '../api/early-socket.js';
import { useQuery } from '../api/hooks.js';
import { formatDate } from '../format/date.js';
import { ConfirmRemove } from '../library/ConfirmRemove.js';
import { FilterBar } from '../library/FilterBar.js';
import { FIRST_SCREENFUL_INPUT, LIBRARY_LIST_INPUT, LIBRARY_LIST_LIMIT } from '../library/first-screenful.js';
import { Thumb } from '../library/Thumb.js';
import { frameLabel, noFilters, type ListFilters } from '../library/list-filters.js';
import type { FilterOptions } from '../library/FilterBar.js';
import { useFiltered } from '../library/use-filtered.js';
import { VirtualTable, type VirtualColumn } from '../library/VirtualTable.js';
import { linkProps, navigate } from '../router/use-route.js';
import { imagesShown } from '../library/count-text.js';
import { markOnce, OPEN_MARKS } from '../library/open-marks.js';

type SortKey = 'name' | 'object' | 'dateObs' | 'filter' | 'frame' | 'status' | 'sources';

/** An image with its frame label ({@link frameLabel}), as the list filters and sorts it. */
type Row = LibraryRow & { frame: string };

/** The whole list's rows from its columns (a malformed list fails the call). */
function decoded(result: Result<LibraryColumns>): Result<LibraryRow[]> {
  return result.ok ? { ok: true, data: decodeLibraryList(result.data) } : result;
}

/** The whole list's rows from the boot script's fetched answer (JSON text), or undefined if it failed or does not decode. */
function readFetchedList(text: string | null): LibraryRow[] | undefined {
  if (text === null) return undefined;
  try {
    const result = JSON.parse(text) as Result<LibraryColumns>;
    markOnce(OPEN_MARKS.parsed);
    const rows = result.ok ? decodeLibraryList(result.data) : undefined;
    markOnce(OPEN_MARKS.decoded);
    return rows;
  } catch {
    return undefined;
  }
}

const NO_OPTIONS: FilterOptions = { nights: [], objects: [], filters: [], statuses: [] };
const DEFAULT_SORT = { key: 'dateObs', dir: -1 } as const;

/**
 * Orders two products by a column, `dir` 1 ascending or -1 descending; an empty value (an
 * undated image) comes last either way. Dates are stored as ISO UTC, so their text sorts as
 * the dates do.
 */
function compare(a: Row, b: Row, key: SortKey, dir: 1 | -1): number {
  const x = a[key];
  const y = b[key];
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return (x < y ? -1 : 1) * dir;
}

const COLUMNS: ReadonlyArray<VirtualColumn<Row>> = [
  { id: 'thumb', label: '', width: '56px', className: 'thumb', cell: (p) => <Thumb product={p} /> },
  {
    id: 'name',
    label: 'Name',
    width: 'minmax(180px, 2fr)',
    sortable: true,
    cell: (p) => (
      <a {...linkProps({ page: 'product', id: p.id })} className="row-link" data-testid="product-link" title={p.name}>
        {p.name}
      </a>
    ),
  },
  { id: 'object', label: 'Object', width: 'minmax(100px, 1fr)', sortable: true, cell: (p) => p.object ?? '' },
  { id: 'dateObs', label: 'Date (UTC)', width: '200px', sortable: true, testId: 'product-date', cell: (p) => (p.dateObs !== null ? formatDate(p.dateObs) : '') },
  { id: 'filter', label: 'Filter', width: '80px', sortable: true, cell: (p) => p.filter ?? '' },
  {
    id: 'frame',
    label: 'Frame',
    width: 'minmax(90px, 1fr)',
    sortable: true,
    testId: 'product-frame',
    cell: (p) => (
      <>
        {p.frame}
        {p.calibWait && (
          <span className="muted small" title={p.calibWait}>
            {' '}
            {p.calibWait.startsWith('recalibration failed') ? p.calibWait : `waits: ${p.calibWait}`}
          </span>
        )}
      </>
    ),
  },
  {
    id: 'status',
    label: 'Status',
    width: 'minmax(110px, 1fr)',
    sortable: true,
    cell: (p) => (
      <>
        <span className={`badge ${p.status === 'extracted' ? 'succeeded' : p.status === 'failed' ? 'failed' : p.status === 'extracting' || p.status === 'solving' ? 'running' : ''}`}>{p.status}</span>
        {p.error && (
          <span className="error small" title={p.error.message}>
            {' '}
            {p.error.message}
          </span>
        )}
      </>
    ),
  },
  { id: 'sources', label: 'Sources', width: '80px', sortable: true, className: 'num', cell: (p) => p.sources ?? '' },
];

/** The checkbox column: a click selects or clears one row (Shift-click a range); the header one selects every row shown. */
function selectColumn(
  selected: ReadonlySet<number>,
  rows: readonly LibraryRow[],
  toggle: (p: LibraryRow, e: MouseEvent<HTMLInputElement>) => void,
  toggleAll: () => void,
): VirtualColumn<LibraryRow> {
  const all = rows.length > 0 && rows.every((p) => selected.has(p.id));
  const some = !all && rows.some((p) => selected.has(p.id));
  return {
    id: 'select',
    label: 'Select',
    width: '36px',
    className: 'select',
    head: (
      <input
        type="checkbox"
        aria-label="Select every image shown"
        checked={all}
        ref={(el) => {
          if (el) el.indeterminate = some;
        }}
        onChange={toggleAll}
        data-testid="select-all"
      />
    ),
    cell: (p) => (
      <input
        type="checkbox"
        aria-label={`Select ${p.name}`}
        checked={selected.has(p.id)}
        onClick={(e) => {
          e.stopPropagation();
          toggle(p, e);
        }}
        onChange={() => {}}
        onKeyDown={(e) => e.stopPropagation()}
        data-testid="row-select"
      />
    ),
  };
}

/**
 * Every image in the library: thumbnail, OBJECT, date, filter, frame (bias, master flat,
 * calibrated…, and why a raw light waits), status and source count; sortable, searchable and
 * filtered by night, object, filter, status and frame (the filters are in the
 * page's address). Only the rows in view are in the page, so a season of 10,000 images opens
 * and scrolls as quickly as a night's. Images are selected with the checkboxes and removed
 * after a confirmation that says what goes with them.
 */
export function LibraryPage({ filters = {} }: { filters?: ListFilters }) {
  markOnce(OPEN_MARKS.firstRender);
  // The first screenful comes quickly (a few rows, by the index), the whole list after it. The
  // host answers one call after another, so the whole list is asked for once the first screenful
  // is in: asked together, the long query would run before the short one's answer is sent. In
  // the browser host the boot script has asked for the first screenful already (src/boot.ts).
  // (and in the browser host it came with the page: shown in the first render)
  const [carried] = useState(() => takeCarried('products:list', FIRST_SCREENFUL_INPUT) as ProductView[] | undefined);
  const firstCall = useMemo(() => raw.products.list(FIRST_SCREENFUL_INPUT), []);
  const first = useQuery<readonly LibraryRow[]>(() => firstCall, [], undefined, carried);
  // (only what the list shows, by columns: a tenth of the full rows' bytes; in the browser host
  // the boot script fetched it at once, so it is here soon after the first render, not asked after it)
  // If it is in already (it often is: it comes while the app's script runs), the first render
  // shows the whole list, with no render of the first screenful before it.
  const [fetched] = useState(() => {
    const now = fetchedNow('library:list', LIBRARY_LIST_INPUT);
    const text = takeFetched('library:list', LIBRARY_LIST_INPUT);
    return text && { text, rows: now !== undefined ? readFetchedList(now) : undefined };
  });
  const fromBoot = useRef(fetched);
  const products = useQuery(
    () => {
      const early = fromBoot.current;
      fromBoot.current = undefined;
      const ask = () => firstCall.then(() => raw.library.list(LIBRARY_LIST_INPUT)).then(decoded);
      if (!early) return ask();
      // (a turn later: the effect below, which runs after this one, says whether the library changed before the page listened)
      return early.text.then((text) => {
        const rows = changedBeforeListening.current ? undefined : (early.rows ?? readFetchedList(text));
        return rows ? { ok: true as const, data: rows } : ask();
      });
    },
    ['products:changed'],
    undefined,
    fetched?.rows,
  );
  // This page listens to products:changed from its first render's effects (the query's, just
  // above): a change since the page's serving that came before is what libraryChangedSinceServed
  // tells (one after reloads the query, which then asks).
  const changedBeforeListening = useRef(false);
  useEffect(() => {
    if (fetched) changedBeforeListening.current = libraryChangedSinceServed();
  }, []);
  const settings = useQuery(() => raw.settings.get(), ['settings:changed']);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>(DEFAULT_SORT);
  const site = settings.data?.site;
  // Until the whole list is in, the first screenful stands for it when it shows what the list would (no filter, the default order).
  const preview = products.data === undefined && noFilters(filters) && sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir ? first.data : undefined;
  const source = products.data ?? preview;
  // The rows are this page's own (parsed from the host's reply, or from the answer the page came
  // with), so they take their frame label in place: copying 10,000 rows cost 100-200 ms of the opening.
  // (set on each row, not Object.assign'd from a new object per row: 10,000 fewer objects made and collected)
  const listed = useMemo(
    () =>
      source?.map((p): Row => {
        (p as Row).frame = frameLabel(p);
        return p as Row;
      }),
    [source],
  );
  const { rows: found, options } = useFiltered(listed, filters, filters.nightBy === 'utc' ? 0 : (site?.lon ?? 0), true);
  // Nights at the site need its longitude: with a night filter, wait for the settings.
  const ready = products.data !== undefined && (filters.night === undefined || filters.nightBy === 'utc' || site !== undefined);
  const rows = useMemo(() => [...found].sort((a, b) => compare(a, b, sort.key, sort.dir) || b.id - a.id), [found, sort]);
  const total = products.data?.length ?? 0;

  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  // Only images still in the library count (another window may have removed some).
  const selected = useMemo(() => {
    if (picked.size === 0) return picked;
    const ids = new Set(products.data?.map((p) => p.id));
    return new Set([...picked].filter((id) => ids.has(id)));
  }, [picked, products.data]);
  const anchor = useRef<number | null>(null);
  const [confirming, setConfirming] = useState<number[] | null>(null);
  const [removed, setRemoved] = useState<RemovalView | null>(null);
  const toggle = useCallback(
    (p: LibraryRow, e: MouseEvent<HTMLInputElement>) => {
      setPicked((before) => {
        const next = new Set(before);
        const on = !before.has(p.id);
        const from = anchor.current === null ? -1 : rows.findIndex((r) => r.id === anchor.current);
        const to = rows.findIndex((r) => r.id === p.id);
        const range = e.shiftKey && from >= 0 && to >= 0 ? rows.slice(Math.min(from, to), Math.max(from, to) + 1) : [p];
        for (const r of range) {
          if (on) next.add(r.id);
          else next.delete(r.id);
        }
        return next;
      });
      anchor.current = p.id;
    },
    [rows],
  );
  const toggleAll = useCallback(() => {
    setPicked((before) => (rows.length > 0 && rows.every((p) => before.has(p.id)) ? new Set() : new Set([...before, ...rows.map((p) => p.id)])));
  }, [rows]);
  const columns = useMemo(() => [selectColumn(selected, rows, toggle, toggleAll), ...COLUMNS], [selected, rows, toggle, toggleAll]);
  const cancel = useCallback(() => setConfirming(null), []);

  return (
    <section className="library-page">
      <div className="page-head">
        <h1>Library</h1>
        {ready && (
          <span className="muted" data-testid="library-count">
            {imagesShown(rows.length, total)}
            {total >= LIBRARY_LIST_LIMIT ? ` (the first ${LIBRARY_LIST_LIMIT} are listed)` : ''}
          </span>
        )}
        {!ready && preview && preview.length > 0 && (
          <span className="muted" data-testid="library-loading">
            listing every image…
          </span>
        )}
      </div>
      <FilterBar filters={filters} options={products.data !== undefined ? options : NO_OPTIONS} siteName={site?.name ?? null} onChange={(next) => navigate({ page: 'library', filters: next }, { replace: true })} />
      {(selected.size > 0 || removed) && (
        <div className="selection-bar" data-testid="selection-bar">
          {selected.size > 0 ? (
            <>
              <span data-testid="selection-count">{selected.size === 1 ? '1 image selected' : `${selected.size} images selected`}</span>
              <button type="button" className="danger-outline" onClick={() => setConfirming([...selected])} data-testid="remove-selected">
                Remove {selected.size === 1 ? '1 image' : `${selected.size} images`}…
              </button>
              <button type="button" className="secondary" onClick={() => setPicked(new Set())}>
                Clear selection
              </button>
            </>
          ) : (
            removed && (
              <span className="muted" data-testid="removed-note">
                Removed {removed.images === 1 ? '1 image' : `${removed.images} images`}.
              </span>
            )
          )}
        </div>
      )}
      {products.error && <p className="error">{products.error.message}</p>}
      {products.data && products.data.length === 0 && <p className="muted">No images yet. Drop FITS files or folders anywhere on this window, or use Import….</p>}
      {ready && total > 0 && rows.length === 0 && <p className="muted">No image passes these filters.</p>}
      {(ready || preview !== undefined) && rows.length > 0 && (
        <VirtualTable
          rows={rows}
          columns={columns}
          rowKey={(p) => p.id}
          rowHeight={56}
          sort={{ id: sort.key, dir: sort.dir }}
          onSort={(id) => setSort((s) => ({ key: id as SortKey, dir: s.key === id ? (-s.dir as 1 | -1) : 1 }))}
          onOpen={(p) => navigate({ page: 'product', id: p.id })}
          isSelected={(p) => selected.has(p.id)}
          rowTestId="product-row"
          scrollerTestId="library-scroller"
          className="library"
        />
      )}
      {confirming && (
        <ConfirmRemove
          ids={confirming}
          onCancel={cancel}
          onRemoved={(r) => {
            setConfirming(null);
            setPicked(new Set());
            setRemoved(r);
          }}
        />
      )}
    </section>
  );
}
