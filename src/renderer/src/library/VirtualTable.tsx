import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import { rowKeys } from '../keys/row-keys.js';
import './library.css';

/** One column: its header, its CSS grid width (`56px`, `minmax(160px, 2fr)`) and its cell. */
export interface VirtualColumn<T> {
  id: string;
  label: string;
  width: string;
  cell: (row: T) => ReactNode;
  /** A header button sorts by this column. */
  sortable?: boolean;
  /** Header content in place of the label (a select-all checkbox); `label` stays its accessible name. */
  head?: ReactNode;
  className?: string;
  testId?: string;
}

export interface VirtualTableProps<T> {
  rows: readonly T[];
  columns: ReadonlyArray<VirtualColumn<T>>;
  rowKey: (row: T) => number | string;
  /** Row height in CSS pixels (every row has it). */
  rowHeight: number;
  sort?: { id: string; dir: 1 | -1 };
  onSort?: (id: string) => void;
  /**
   * A click on a row, or Enter (or Space) on a focused row; rows are then in the Tab order and
   * ↑ ↓ Home End move the focus, scrolling rows not yet in the page into view.
   */
  onOpen?: (row: T) => void;
  rowTestId: string;
  scrollerTestId: string;
  className?: string;
  /** Rows shown as selected (`aria-selected`, class `selected`). */
  isSelected?: (row: T) => boolean;
}

const HEAD_HEIGHT = 30;

/**
 * A list as a table whose rows only exist in the page while they are in view (TanStack
 * Virtual), so 10,000 rows open and scroll as 20 do. Header and rows share one scroller with
 * the header sticky, and every row uses the same grid columns, so the header stays over its
 * columns. The scroller fills its container (give the container a height).
 */
export function VirtualTable<T>({ rows, columns, rowKey, rowHeight, sort, onSort, onOpen, rowTestId, scrollerTestId, className, isSelected }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    paddingStart: HEAD_HEIGHT,
  });
  const template = columns.map((c) => c.width).join(' ');
  /** Focuses row `index` (0-based), after scrolling it into the page if it is not there yet. */
  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    virtual.scrollToIndex(target, { align: 'auto' });
    const attempt = (tries: number) => {
      const el = scroller.current?.querySelector<HTMLElement>(`[aria-rowindex="${target + 2}"]`);
      if (el) el.focus();
      else if (tries > 0) requestAnimationFrame(() => attempt(tries - 1));
    };
    attempt(10);
  };
  return (
    <div ref={scroller} className={`vt-scroller ${className ?? ''}`} data-testid={scrollerTestId} role="table" aria-rowcount={rows.length + 1}>
      <div className="vt-sheet" style={{ height: virtual.getTotalSize() }}>
        <div className="vt-head" role="row" style={{ gridTemplateColumns: template, height: HEAD_HEIGHT }}>
          {columns.map((c) => (
            <div key={c.id} role="columnheader" className={`vt-th ${c.className ?? ''}`} aria-sort={sort?.id === c.id ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}>
              {c.head !== undefined ? (
                c.head
              ) : c.sortable && onSort ? (
                <button type="button" className="sort" onClick={() => onSort(c.id)} data-testid={`sort-${c.id}`}>
                  {c.label}
                  {sort?.id === c.id ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                </button>
              ) : (
                c.label
              )}
            </div>
          ))}
        </div>
        {virtual.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const selected = isSelected?.(row) ?? false;
          return (
            <div
              key={rowKey(row)}
              role="row"
              aria-rowindex={item.index + 2}
              className={`vt-row${onOpen ? ' clickable' : ''}${selected ? ' selected' : ''}`}
              aria-selected={isSelected ? selected : undefined}
              data-testid={rowTestId}
              style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${item.start}px)` }}
              onClick={onOpen ? () => onOpen(row) : undefined}
              {...(onOpen
                ? rowKeys(() => onOpen(row), {
                    onMove: (delta) => focusRow(delta === 'first' ? 0 : delta === 'last' ? rows.length - 1 : item.index + delta),
                  })
                : {})}
            >
              {columns.map((c) => (
                <div key={c.id} role="cell" className={`vt-td ${c.className ?? ''}`} data-testid={c.testId}>
                  {c.cell(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
