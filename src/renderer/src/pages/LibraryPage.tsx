import { useMemo, useState } from 'react';
import type { ProductView } from '../../../shared/domain.js';
import { raw } from '../api/client.js';
import { thumbnailUrl } from '../api/files.js';
import { useQuery } from '../api/hooks.js';
import { formatDate } from '../format/date.js';
import { rowKeys } from '../keys/row-keys.js';
import { linkProps, navigate } from '../router/use-route.js';

type SortKey = 'name' | 'object' | 'dateObs' | 'filter' | 'status' | 'sources';

const COLUMNS: Array<{ key: SortKey; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'object', label: 'Object' },
  { key: 'dateObs', label: 'Date (UTC)' },
  { key: 'filter', label: 'Filter' },
  { key: 'status', label: 'Status' },
  { key: 'sources', label: 'Sources' },
];

/**
 * Orders two products by a column, `dir` 1 ascending or -1 descending; an empty value (an
 * undated image) comes last either way. Dates are stored as ISO UTC, so their text sorts as
 * the dates do.
 */
function compare(a: ProductView, b: ProductView, key: SortKey, dir: 1 | -1): number {
  const x = a[key];
  const y = b[key];
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return (x < y ? -1 : 1) * dir;
}

/** Every image in the library: thumbnail, OBJECT, date, filter, status and source count; sortable and searchable. */
export function LibraryPage() {
  const products = useQuery(() => raw.products.list(), ['products:changed']);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'dateObs', dir: -1 });

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = (products.data ?? []).filter(
      (p) => q === '' || [p.name, p.object, p.filter, p.dateObs, p.dateObs !== null ? formatDate(p.dateObs) : null].some((v) => v !== null && v.toLowerCase().includes(q)),
    );
    return list.sort((a, b) => compare(a, b, sort.key, sort.dir) || b.id - a.id);
  }, [products.data, query, sort]);

  return (
    <section>
      <div className="page-head">
        <h1>Library</h1>
        <input type="search" placeholder="Search name, object, filter, date" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="library-search" />
        {products.data && <span className="muted">{rows.length === products.data.length ? `${rows.length} images` : `${rows.length} of ${products.data.length} images`}</span>}
      </div>
      {products.error && <p className="error">{products.error.message}</p>}
      {products.data && products.data.length === 0 && <p className="muted">No images yet. Drop FITS files or folders anywhere on this window, or use Import….</p>}
      {rows.length > 0 && (
        <table className="grid library">
          <thead>
            <tr>
              <th />
              {COLUMNS.map((c) => (
                <th key={c.key}>
                  <button type="button" className="sort" onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key ? (-s.dir as 1 | -1) : 1 }))}>
                    {c.label}
                    {sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id} className="clickable" data-testid="product-row" onClick={() => navigate({ page: 'product', id: p.id })} {...rowKeys(() => navigate({ page: 'product', id: p.id }))}>
                <td className="thumb">{p.width !== null ? <img src={thumbnailUrl(p.id)} alt="" loading="lazy" /> : null}</td>
                <td>
                  <a {...linkProps({ page: 'product', id: p.id })} className="row-link" data-testid="product-link">
                    {p.name}
                  </a>
                </td>
                <td>{p.object ?? ''}</td>
                <td data-testid="product-date">{p.dateObs !== null ? formatDate(p.dateObs) : ''}</td>
                <td>{p.filter ?? ''}</td>
                <td>
                  <span className={`badge ${p.status === 'extracted' ? 'succeeded' : p.status === 'failed' ? 'failed' : p.status === 'extracting' ? 'running' : ''}`}>{p.status}</span>
                  {p.error && <div className="error small">{p.error.message}</div>}
                </td>
                <td>{p.sources ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
