import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogView, SourceView } from '../../../shared/domain.js';
import { rowKeys } from '../keys/row-keys.js';
import { catalogCsv } from '../../../shared/catalog-csv.js';
import { columnOverflow, overflowNotice, type ColumnOverflow } from './column-overflow.js';
import { decText, fixed, instrumentalMag, instrumentalMagErr, raText, signalToNoise, zeroPointCaption, type CoordFormat } from './catalog-values.js';
import { sourcesShown } from '../library/count-text.js';

const ROW_HEIGHT = 26;
const HEAD_HEIGHT = 28;
const col = createColumnHelper<SourceView>();
const VISIBILITY_KEY = 'nightshift.catalog.columns';
const COORDS_KEY = 'nightshift.catalog.coords';

/** Columns hidden until the user shows them (the chooser remembers the choice). */
const HIDDEN_BY_DEFAULT: VisibilityState = { npix: false, peak: false, background: false, mag_err: false };

function stored<T>(key: string, fallback: T): T {
  try {
    const text = globalThis.localStorage?.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

function remember(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the choice lasts for this view only.
  }
}

export interface CatalogTableProps {
  catalog: CatalogView;
  /** Exposure time in seconds, for the instrumental magnitudes (flux per second); null when unknown. */
  exptime?: number | null;
  selectedId?: number | null;
  onSelect?: (source: SourceView) => void;
  fileName?: string;
}

/**
 * The catalog as a sortable, filterable table. Only the rows in view are in the DOM, so
 * 20,000 sources scroll as smoothly as 20. Header and rows share one scroller (the header is
 * sticky), so the header stays over its columns when the table scrolls sideways. Every column
 * has a fixed width; a value wider than its cell ends in "…" and its full text is the cell's
 * tooltip. Columns out of view are never cut without notice: a notice counts them (a click
 * scrolls to them), the edge they are behind fades, and the scrollbar is always drawn.
 */
export function CatalogTable({ catalog, exptime = null, selectedId = null, onSelect, fileName = 'catalog.csv' }: CatalogTableProps) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [unflaggedOnly, setUnflaggedOnly] = useState(false);
  const [minFlux, setMinFlux] = useState('');
  const [coords, setCoords] = useState<CoordFormat>(() => (stored<string>(COORDS_KEY, 'degrees') === 'sexagesimal' ? 'sexagesimal' : 'degrees'));
  const [visibility, setVisibility] = useState<VisibilityState>(() => ({ ...HIDDEN_BY_DEFAULT, ...stored<VisibilityState>(VISIBILITY_KEY, {}) }));
  useEffect(() => remember(VISIBILITY_KEY, visibility), [visibility]);
  useEffect(() => remember(COORDS_KEY, coords), [coords]);
  const scroller = useRef<HTMLDivElement>(null);

  const columns = useMemo(() => {
    const c: ColumnDef<SourceView, number | null>[] = [
      col.accessor('id', { header: 'id', size: 60, cell: (v) => String(v.getValue()) }),
      col.accessor('x', { header: 'x', size: 72, cell: (v) => fixed(v.getValue(), 2) }),
      col.accessor('y', { header: 'y', size: 72, cell: (v) => fixed(v.getValue(), 2) }),
      col.accessor('ra', { header: coords === 'sexagesimal' ? 'RA (h:m:s)' : 'RA (°)', size: 104, cell: (v) => raText(v.getValue(), coords) }),
      col.accessor('dec', { header: coords === 'sexagesimal' ? 'Dec (d:m:s)' : 'Dec (°)', size: 104, cell: (v) => decText(v.getValue(), coords) }),
      col.accessor((s) => instrumentalMag(s, exptime), { id: 'mag', header: 'mag auto', size: 76, cell: (v) => fixed(v.getValue(), 3) }),
      col.accessor((s) => instrumentalMagErr(s), { id: 'mag_err', header: 'σ mag', size: 64, cell: (v) => fixed(v.getValue(), 3) }),
      col.accessor((s) => signalToNoise(s), { id: 'snr', header: 'S/N', size: 64, cell: (v) => fixed(v.getValue(), 1) }),
      ...catalog.apertures.map((r, i) =>
        col.accessor((s) => s.fluxAper[i] ?? null, { id: `flux_aper_${i}`, header: `flux r=${r}`, size: 96, cell: (v) => fixed(v.getValue(), 1) }),
      ),
      col.accessor('fluxAuto', { header: 'flux auto', size: 96, cell: (v) => fixed(v.getValue(), 1) }),
      col.accessor('fluxIso', { header: 'flux iso', size: 96, cell: (v) => fixed(v.getValue(), 1) }),
      col.accessor('fwhm', { header: 'FWHM', size: 64, cell: (v) => fixed(v.getValue(), 2) }),
      col.accessor('a', { header: 'a', size: 60, cell: (v) => fixed(v.getValue(), 2) }),
      col.accessor('b', { header: 'b', size: 60, cell: (v) => fixed(v.getValue(), 2) }),
      col.accessor('theta', { header: 'θ (°)', size: 60, cell: (v) => fixed(v.getValue(), 1) }),
      col.accessor('peak', { header: 'peak', size: 88, cell: (v) => fixed(v.getValue(), 1) }),
      col.accessor('background', { header: 'background', size: 88, cell: (v) => fixed(v.getValue(), 1) }),
      col.accessor('npix', { header: 'npix', size: 60, cell: (v) => (v.getValue() === null ? '' : String(v.getValue())) }),
      col.accessor('flags', { header: 'flags', size: 52, cell: (v) => String(v.getValue()) }),
    ] as ColumnDef<SourceView, number | null>[];
    return c;
  }, [catalog.apertures, coords, exptime]);

  const data = useMemo(() => {
    const min = minFlux.trim() === '' ? Number.NEGATIVE_INFINITY : Number(minFlux);
    return catalog.sources.filter((s) => (!unflaggedOnly || s.flags === 0) && (!(min > Number.NEGATIVE_INFINITY) || (s.fluxAuto ?? -Infinity) >= min));
  }, [catalog, unflaggedOnly, minFlux]);

  const table = useReactTable({
    data,
    columns,
    state: { sorting, columnVisibility: visibility },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = table.getRowModel().rows;
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    paddingStart: HEAD_HEIGHT,
  });
  // A source selected elsewhere (a click on its ellipse) scrolls its row into view; only when the
  // selection moves, not on every scroll or sort.
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((r) => r.original.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId]);
  const shown = table.getVisibleLeafColumns();
  const template = shown.map((c) => `${c.getSize()}px`).join(' ');
  const width = shown.reduce((sum, c) => sum + c.getSize(), 0);

  // Columns out of view on either side: a notice and fading edges say the table scrolls sideways
  // (an overlay scrollbar, as macOS shows, is invisible until the table is scrolled).
  const [overflow, setOverflow] = useState<ColumnOverflow & { bars: { right: number; bottom: number } }>({ left: 0, right: 0, bars: { right: 0, bottom: 0 } });
  const measureOverflow = () => {
    const el = scroller.current;
    if (!el) return;
    const cols = columnOverflow(shown.map((c) => c.getSize()), el.scrollLeft, el.clientWidth);
    // the fades stop at the scrollbars (none where the system hides them)
    const bars = { right: el.offsetWidth - el.clientWidth - 2 * el.clientLeft, bottom: el.offsetHeight - el.clientHeight - 2 * el.clientTop };
    setOverflow((o) =>
      o.left === cols.left && o.right === cols.right && o.bars.right === bars.right && o.bars.bottom === bars.bottom ? o : { ...cols, bars },
    );
  };
  useEffect(() => {
    measureOverflow();
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(measureOverflow);
    ro.observe(el);
    return () => ro.disconnect();
  }, [template]);
  const notice = overflowNotice(overflow);
  const scrollToHidden = () => {
    const el = scroller.current;
    if (el) el.scrollTo({ left: overflow.right > 0 ? el.scrollWidth : 0 });
  };

  const exportCsv = () => {
    const blob = new Blob([catalogCsv({ apertures: catalog.apertures, sources: rows.map((r) => r.original) })], { type: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  /** Scrolls row `index` (clamped) into view and focuses it (it may first have to be rendered). */
  const focusRow = (index: number) => {
    const i = Math.max(0, Math.min(rows.length - 1, index));
    virtual.scrollToIndex(i, { align: 'auto' });
    const tryFocus = (attempts: number) => {
      const el = scroller.current?.querySelector<HTMLElement>(`[data-row-index="${i}"]`);
      if (el) el.focus({ preventScroll: true });
      else if (attempts > 0) requestAnimationFrame(() => tryFocus(attempts - 1));
    };
    requestAnimationFrame(() => tryFocus(10));
  };

  return (
    <div className="catalog">
      <div className="catalog-tools">
        <label className="check">
          <input type="checkbox" checked={unflaggedOnly} onChange={(e) => setUnflaggedOnly(e.target.checked)} />
          Unflagged only
        </label>
        <label className="inline">
          Min flux auto
          <input value={minFlux} onChange={(e) => setMinFlux(e.target.value)} inputMode="decimal" size={8} data-testid="min-flux" />
        </label>
        <label className="inline">
          RA/Dec
          <select value={coords} onChange={(e) => setCoords(e.target.value === 'sexagesimal' ? 'sexagesimal' : 'degrees')} data-testid="coord-format">
            <option value="degrees">degrees</option>
            <option value="sexagesimal">h:m:s d:m:s</option>
          </select>
        </label>
        <details className="column-chooser" data-testid="column-chooser">
          <summary>Columns</summary>
          <div className="column-chooser-list">
            {table.getAllLeafColumns().map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} data-column={c.id} />
                {typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id}
              </label>
            ))}
          </div>
        </details>
        <span className="muted" data-testid="catalog-count">
          {sourcesShown(rows.length, catalog.sources.length)}
        </span>
        <button type="button" onClick={exportCsv}>
          Export CSV
        </button>
        {notice && (
          <button type="button" className="catalog-overflow" onClick={scrollToHidden} data-testid="catalog-overflow" title="Some columns are out of view: click to show them, or scroll the table sideways">
            {notice}
          </button>
        )}
      </div>
      <div className="muted catalog-zp" data-testid="catalog-zero-point">
        Instrumental {zeroPointCaption(exptime)}; S/N = flux auto / its 1σ error.
      </div>
      <div className="catalog-frame">
        {overflow.left > 0 && <div className="catalog-fade left" style={{ bottom: overflow.bars.bottom + 1 }} data-testid="catalog-fade-left" aria-hidden="true" />}
        {overflow.right > 0 && (
          <div className="catalog-fade right" style={{ right: overflow.bars.right + 1, bottom: overflow.bars.bottom + 1 }} data-testid="catalog-fade-right" aria-hidden="true" />
        )}
        <div ref={scroller} className="catalog-body" data-testid="catalog-scroller" onScroll={measureOverflow}>
          <div className="catalog-sheet" style={{ height: virtual.getTotalSize(), width }}>
            <div className="catalog-head" style={{ gridTemplateColumns: template, height: HEAD_HEIGHT, width }} data-testid="catalog-head">
              {table.getHeaderGroups()[0]!.headers.map((h) => (
                <button key={h.id} type="button" className="th" data-column={h.column.id} onClick={h.column.getToggleSortingHandler()} title={`Sort by ${String(h.column.columnDef.header)}`}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                  {{ asc: ' ▲', desc: ' ▼' }[h.column.getIsSorted() as string] ?? ''}
                </button>
              ))}
            </div>
            {virtual.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              const keys = rowKeys(() => onSelect?.(row.original), {
                onMove: (d) => focusRow(d === 'first' ? 0 : d === 'last' ? rows.length - 1 : item.index + d),
              });
              return (
                <div
                  key={row.id}
                  data-testid="catalog-row"
                  data-source-id={row.original.id}
                  className={row.original.id === selectedId ? 'tr selected' : 'tr'}
                  style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width }}
                  data-row-index={item.index}
                  onClick={() => onSelect?.(row.original)}
                  {...keys}
                >
                  {row.getVisibleCells().map((cell) => {
                    // Every cell of this table renders to plain text (see the columns above).
                    const text = (cell.column.columnDef.cell as (ctx: ReturnType<typeof cell.getContext>) => string)(cell.getContext());
                    return (
                      <span key={cell.id} className="td" data-column={cell.column.id} title={text}>
                        {text}
                      </span>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
