import { useMemo, useRef, useState } from 'react';
import { linkProps, navigate } from '../router/use-route.js';
import { formatDec, formatRa } from '../../../core/coords/index.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { downloadText } from './download.js';
import { TargetForm } from './TargetForm.js';
import { TargetPage } from './TargetPage.js';
import type { ListFilters } from '../library/list-filters.js';
import { mjdToIso } from '../../../core/time/index.js';
import type { TonightVisibility } from '../../../core/visibility/index.js';
import { MIN_HOURS, useTonight } from './use-tonight.js';
import { rowKeys } from '../keys/row-keys.js';
import './targets.css';

/** The Targets page (`#/targets`): the list (with add, CSV import/export), or one target (`#/targets/3`). */
export function TargetsPage({ id, imageFilters, tonight = false }: { id: number | null; imageFilters?: ListFilters; tonight?: boolean }) {
  if (id !== null) {
    return (
      <TargetPage
        id={id}
        imageFilters={imageFilters ?? {}}
        onImageFilters={(filters) => navigate({ page: 'target', id, filters }, { replace: true })}
        onBack={() => navigate({ page: 'targets' })}
        onOpenImage={(productId, markers) => navigate({ page: 'product', id: productId, from: { targetId: id, marker: markers[0] ?? null } })}
      />
    );
  }
  return <TargetList onOpen={(target) => navigate({ page: 'target', id: target })} tonightOnly={tonight} />;
}

/** The columns the target list sorts by. */
type SortKey = 'name' | 'ra' | 'dec' | 'images' | 'points' | 'tonight';

function TargetList({ onOpen, tonightOnly }: { onOpen: (id: number) => void; tonightOnly: boolean }) {
  const targets = useQuery(() => raw.targets.list(), ['targets:changed']);
  const tonight = useTonight(targets.data);
  const hours = (id: number) => tonight?.byId.get(id)?.hours ?? -1;
  const [adding, setAdding] = useState(false);
  const [query, setQuery] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const file = useRef<HTMLInputElement>(null);

  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const found = (targets.data ?? []).filter(
      (t) => (q === '' || [t.name, ...t.aliases, ...t.tags].some((s) => s.toLowerCase().includes(q))) && (!tonightOnly || hours(t.id) >= MIN_HOURS),
    );
    const sign = sort.desc ? -1 : 1;
    return [...found].sort((a, b) => {
      const d =
        sort.key === 'name' ? a.name.localeCompare(b.name, undefined, { numeric: true }) : sort.key === 'tonight' ? hours(a.id) - hours(b.id) : a[sort.key] - b[sort.key];
      return sign * d || a.id - b.id;
    });
  }, [targets.data, query, sort, tonight, tonightOnly]);
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
        <label className="check" title={tonight?.caption}>
          <input
            type="checkbox"
            checked={tonightOnly}
            onChange={(e) => navigate({ page: 'targets', tonight: e.target.checked }, { replace: true })}
            data-testid="targets-tonight-only"
          />
          Observable tonight
        </label>
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
      {tonight && (targets.data?.length ?? 0) > 0 && (
        <p className="muted small" data-testid="tonight-caption">
          {tonight.caption}
          {tonightOnly ? ` ${rows.length} of ${targets.data?.length ?? 0} targets are.` : ''}
        </p>
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
              {head('tonight', 'Tonight')}
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
                <TonightCell visibility={tonight?.byId.get(t.id)} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Hours above the limit in tonight's dark time, and how high and when; "—" when not observable. */
function TonightCell({ visibility: v }: { visibility: TonightVisibility | undefined }) {
  if (!v) return <td className="muted" data-testid="target-tonight" data-hours="" />;
  const best = `highest ${v.maxAltitude.toFixed(0)}° at ${mjdToIso(v.bestMjd, 0).slice(11, 16)} UTC`;
  return (
    <td className={v.hours >= MIN_HOURS ? 'num' : 'num muted'} title={best} data-testid="target-tonight" data-hours={v.hours.toFixed(2)}>
      {v.hours >= MIN_HOURS ? `${v.hours.toFixed(1)} h · ${v.maxAltitude.toFixed(0)}°` : `— (${v.maxAltitude.toFixed(0)}°)`}
    </td>
  );
}
