import { useMemo, useRef, useState } from 'react';
import { linkProps, navigate } from '../router/use-route.js';
import { formatDec, formatRa } from '../../../core/coords/index.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { downloadText } from './download.js';
import { TargetForm } from './TargetForm.js';
import { TargetPage } from './TargetPage.js';
import { rowKeys } from '../keys/row-keys.js';
import './targets.css';

/** The Targets page (`#/targets`): the list (with add, CSV import/export), or one target (`#/targets/3`). */
export function TargetsPage({ id }: { id: number | null }) {
  if (id !== null) {
    return (
      <TargetPage
        id={id}
        onBack={() => navigate({ page: 'targets' })}
        onOpenImage={(productId, markers) => navigate({ page: 'product', id: productId, from: { targetId: id, marker: markers[0] ?? null } })}
      />
    );
  }
  return <TargetList onOpen={(target) => navigate({ page: 'target', id: target })} />;
}

/** The columns the target list sorts by. */
type SortKey = 'name' | 'ra' | 'dec' | 'images' | 'points';

function TargetList({ onOpen }: { onOpen: (id: number) => void }) {
  const targets = useQuery(() => raw.targets.list(), ['targets:changed']);
  const [adding, setAdding] = useState(false);
  const [query, setQuery] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const file = useRef<HTMLInputElement>(null);

  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const found = (targets.data ?? []).filter((t) => q === '' || [t.name, ...t.aliases, ...t.tags].some((s) => s.toLowerCase().includes(q)));
    const sign = sort.desc ? -1 : 1;
    return [...found].sort((a, b) => {
      const d = sort.key === 'name' ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a[sort.key] - b[sort.key];
      return sign * d || a.id - b.id;
    });
  }, [targets.data, query, sort]);
  const sortBy = (key: SortKey) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }));
  const head = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="th-sort" onClick={() => sortBy(key)} data-testid={`targets-sort-${key}`}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  const importFile = async (f: File) => {
    try {
      const r = await call(raw.targets.importCsv({ text: await f.text() }));
      setMessage({
        text: `${f.name}: ${r.created.length} created, ${r.updated.length} updated, ${r.errors.length} rejected${r.errors.length ? ` — ${r.errors.slice(0, 3).join('; ')}` : ''}`,
        error: r.errors.length > 0,
      });
      targets.reload();
    } catch (err) {
      setMessage({ text: `${f.name}: ${(err as Error).message}`, error: true });
    }
  };

  const exportAll = async () => {
    const { csv } = await call(raw.targets.exportCsv());
    downloadText('targets.csv', csv);
  };

  return (
    <section className="targets-page">
      <div className="page-head">
        <h1>Targets</h1>
        <input type="search" placeholder="Search name, alias, tag" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="targets-search" />
        <div className="actions">
          <button type="button" onClick={() => setAdding(true)} data-testid="target-add">
            Add target
          </button>
          <button type="button" className="secondary" onClick={() => file.current?.click()} data-testid="targets-import">
            Import CSV…
          </button>
          <button type="button" className="secondary" onClick={() => void exportAll()} disabled={!targets.data?.length} data-testid="targets-export">
            Export CSV
          </button>
        </div>
        <input
          ref={file}
          type="file"
          accept=".csv,text/csv"
          hidden
          data-testid="targets-import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
      </div>
      {message && (
        <p className={message.error ? 'error' : 'ok'} data-testid="targets-message">
          {message.text}
        </p>
      )}
      {adding && (
        <TargetForm
          target={null}
          onCancel={() => setAdding(false)}
          onSubmit={async (input) => {
            const t = await call(raw.targets.create(input));
            setAdding(false);
            targets.reload();
            onOpen(t.id);
          }}
        />
      )}
      {targets.error && <p className="error">{targets.error.message}</p>}
      {targets.data && targets.data.length === 0 && !adding && (
        <p className="muted">No targets yet. Add one (RA/Dec as 10:00:28.0 +02:12:21 or degrees) or import a TOM Toolkit target CSV; images that show it are found and measured.</p>
      )}
      {rows.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              {head('name', 'Name')}
              {head('ra', 'RA')}
              {head('dec', 'Dec')}
              <th>Tags</th>
              {head('images', 'Images')}
              {head('points', 'Points')}
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr
                key={t.id}
                className="clickable"
                onClick={() => onOpen(t.id)}
                {...rowKeys(() => onOpen(t.id))}
                data-testid="target-row"
              >
                <td>
                  <a {...linkProps({ page: 'target', id: t.id })} className="row-link">
                    {t.name}
                  </a>
                  {t.aliases.length > 0 && <span className="muted small"> ({t.aliases.join(', ')})</span>}
                </td>
                <td className="num">{formatRa(t.ra, 2)}</td>
                <td className="num">{formatDec(t.dec, 1)}</td>
                <td>
                  {t.tags.map((g) => (
                    <span key={g} className="badge">
                      {g}
                    </span>
                  ))}
                </td>
                <td className="num">{t.images}</td>
                <td className="num" data-testid="target-points">
                  {t.points}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
