import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogView, SourceView } from '../../../shared/domain.js';
import { catalogCsv } from './catalog-csv.js';

const ROW_HEIGHT = 26;
const col = createColumnHelper<SourceView>();

const num = (digits: number) => (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(digits));

export interface CatalogTableProps {
  catalog: CatalogView;
  selectedId?: number | null;
  onSelect?: (source: SourceView) => void;
  fileName?: string;
}

/**
 * The catalog as a sortable, filterable table. Only the rows in view are in the DOM, so
 * 20,000 sources scroll as smoothly as 20.
 */
export function CatalogTable({ catalog, selectedId = null, onSelect, fileName = 'catalog.csv' }: CatalogTableProps) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [unflaggedOnly, setUnflaggedOnly] = useState(false);
  const [minFlux, setMinFlux] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const r0 = catalog.apertures[0];

  const columns = useMemo(
    () => [
      col.accessor('id', { header: 'id', cell: (c) => c.getValue() }),
      col.accessor('x', { header: 'x', cell: (c) => num(2)(c.getValue()) }),
      col.accessor('y', { header: 'y', cell: (c) => num(2)(c.getValue()) }),
      col.accessor('ra', { header: 'RA (°)', cell: (c) => num(6)(c.getValue()) }),
      col.accessor('dec', { header: 'Dec (°)', cell: (c) => num(6)(c.getValue()) }),
      col.accessor((s) => s.fluxAper[0] ?? null, { id: 'flux_aper', header: r0 ? `flux r=${r0}` : 'flux aper', cell: (c) => num(1)(c.getValue()) }),
      col.accessor('fluxAuto', { header: 'flux auto', cell: (c) => num(1)(c.getValue()) }),
      col.accessor('fluxIso', { header: 'flux iso', cell: (c) => num(1)(c.getValue()) }),
      col.accessor('fwhm', { header: 'FWHM', cell: (c) => num(2)(c.getValue()) }),
      col.accessor('a', { header: 'a', cell: (c) => num(2)(c.getValue()) }),
      col.accessor('b', { header: 'b', cell: (c) => num(2)(c.getValue()) }),
      col.accessor('theta', { header: 'θ (°)', cell: (c) => num(1)(c.getValue()) }),
      col.accessor('flags', { header: 'flags', cell: (c) => c.getValue() }),
    ],
    [r0],
  );

  const data = useMemo(() => {
    const min = minFlux.trim() === '' ? Number.NEGATIVE_INFINITY : Number(minFlux);
    return catalog.sources.filter((s) => (!unflaggedOnly || s.flags === 0) && (!(min > Number.NEGATIVE_INFINITY) || (s.fluxAuto ?? -Infinity) >= min));
  }, [catalog, unflaggedOnly, minFlux]);

  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = table.getRowModel().rows;
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  // A source selected elsewhere (a click on its ellipse) scrolls its row into view; only when the
  // selection moves, not on every scroll or sort.
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((r) => r.original.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId]);
  const template = `repeat(${columns.length}, minmax(64px, 1fr))`;

  const exportCsv = () => {
    const blob = new Blob([catalogCsv(catalog, rows.map((r) => r.original))], { type: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
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
        <span className="muted" data-testid="catalog-count">
          {rows.length} of {catalog.sources.length} sources
        </span>
        <button type="button" onClick={exportCsv}>
          Export CSV
        </button>
      </div>
      <div className="catalog-head" style={{ gridTemplateColumns: template }}>
        {table.getHeaderGroups()[0]!.headers.map((h) => (
          <button key={h.id} type="button" className="th" onClick={h.column.getToggleSortingHandler()}>
            {flexRender(h.column.columnDef.header, h.getContext())}
            {{ asc: ' ▲', desc: ' ▼' }[h.column.getIsSorted() as string] ?? ''}
          </button>
        ))}
      </div>
      <div ref={scroller} className="catalog-body" data-testid="catalog-scroller">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={row.id}
                data-testid="catalog-row"
                data-source-id={row.original.id}
                className={row.original.id === selectedId ? 'tr selected' : 'tr'}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => onSelect?.(row.original)}
              >
                {row.getVisibleCells().map((cell) => (
                  <span key={cell.id} className="td">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
