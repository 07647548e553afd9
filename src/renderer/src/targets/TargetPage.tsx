import { useState } from 'react';
import { formatDec, formatRa } from '../../../core/coords/index.js';
import { noMagnitudeReason } from '../../../core/photometry/index.js';
import type { ComparisonStarView, LightCurvePointView, TargetImageView } from '../../../shared/targets.js';
import { call, raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { downloadText } from './download.js';
import { MeasureStatus } from './MeasureStatus.js';
import { LightCurvePlot, type LightCurveMode } from './LightCurvePlot.js';
import { lightCurveEmptyText } from './lightcurve-empty.js';
import { TargetForm } from './TargetForm.js';
import { VisibilityChart } from './VisibilityChart.js';
import { formatDate } from '../format/date.js';
import { FilterBar } from '../library/FilterBar.js';
import type { ListFilters } from '../library/list-filters.js';
import { useFiltered } from '../library/use-filtered.js';
import { VirtualTable, type VirtualColumn } from '../library/VirtualTable.js';
import { imagesShown } from '../library/count-text.js';

export interface ImageMarker {
  x: number;
  y: number;
  r: number;
  label: string;
}

/** Opens a product page with markers drawn on the image. */
export type OpenImage = (productId: number, markers: ImageMarker[]) => void;

/** One target: details, light curve, visibility, images and comparison stars. */
export function TargetPage({
  id,
  onBack,
  onOpenImage,
  imageFilters = {},
  onImageFilters,
}: {
  id: number;
  onBack: () => void;
  onOpenImage: OpenImage;
  /** Filters of the image list (from the page's address). */
  imageFilters?: ListFilters;
  onImageFilters?: (filters: ListFilters) => void;
}) {
  const target = useQuery(() => raw.targets.get({ id }), ['targets:changed']);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const t = target.data;

  const remove = async () => {
    if (!t || !window.confirm(`Delete target "${t.name}" with its light curve?`)) return;
    try {
      await call(raw.targets.delete({ id }));
      onBack();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  // The task "Measure again" queued (0: there was nothing to measure), to show its progress and end.
  const [measureTask, setMeasureTask] = useState<number | null>(null);
  const measure = async () => {
    try {
      const task = await call(raw.targets.measure({ id }));
      setMeasureTask(task ? task.id : 0);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const open = (productId: number, x: number | null, y: number | null, r = 8) =>
    onOpenImage(productId, x !== null && y !== null && t ? [{ x, y, r, label: t.name }] : []);

  return (
    <section className="target-page" data-testid="target-page">
      <div className="product-head">
        <button type="button" onClick={onBack}>
          ← Targets
        </button>
        <h1 data-testid="target-title">{t ? t.name : '…'}</h1>
        {t && (
          <span className="muted">
            {formatRa(t.ra, 2)} {formatDec(t.dec, 1)} · {t.ra.toFixed(5)}° {t.dec.toFixed(5)}° (J{t.epoch})
            {t.pmRa !== null || t.pmDec !== null ? ` · μ ${t.pmRa ?? 0}, ${t.pmDec ?? 0} mas/yr` : ''}
          </span>
        )}
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setEditing((e) => !e)} disabled={!t}>
            Edit
          </button>
          <button type="button" className="secondary" onClick={() => void measure()} disabled={!t} data-testid="target-measure">
            Measure again
          </button>
          {measureTask !== null &&
            (measureTask === 0 ? (
              <span className="muted small" data-testid="measure-status" data-status="none">
                Nothing to measure: no extracted image with a WCS shows this target.
              </span>
            ) : (
              <MeasureStatus key={measureTask} taskId={measureTask} />
            ))}
          <button type="button" className="secondary" onClick={() => void remove()} disabled={!t} data-testid="target-delete">
            Delete
          </button>
        </div>
      </div>
      {(target.error || error) && <p className="error">{target.error?.message ?? error}</p>}
      {t && (t.aliases.length > 0 || t.tags.length > 0 || t.notes) && (
        <p className="small">
          {t.aliases.length > 0 && <span className="muted">also {t.aliases.join(', ')} · </span>}
          {t.tags.map((g) => (
            <span key={g} className="badge">
              {g}
            </span>
          ))}{' '}
          {t.notes}
        </p>
      )}
      {t && editing && (
        <TargetForm
          target={t}
          onCancel={() => setEditing(false)}
          onSubmit={async (patch) => {
            await call(raw.targets.update({ id, patch }));
            setEditing(false);
            target.reload();
          }}
        />
      )}
      {t && (
        <>
          <LightCurveSection id={id} name={t.name} onOpen={(p) => open(p.productId, p.x, p.y, p.aperture)} />
          <div className="target-columns">
            <div>
              <h2>Visibility</h2>
              <VisibilitySection id={id} />
            </div>
            <div>
              <h2>Images</h2>
              <ImagesSection
                id={id}
                names={[t.name, ...t.aliases]}
                onOpen={(im) => open(im.productId, im.x, im.y)}
                filters={imageFilters}
                onFilters={onImageFilters ?? (() => undefined)}
              />
            </div>
          </div>
          <h2>Comparison stars</h2>
          <ComparisonSection id={id} />
        </>
      )}
    </section>
  );
}

function LightCurveSection({ id, name, onOpen }: { id: number; name: string; onOpen: (p: LightCurvePointView) => void }) {
  const lc = useQuery(() => raw.targets.lightcurve({ id }), ['targets:changed'], 500);
  const running = useQuery(() => raw.tasks.list({ kind: 'photometry', status: ['queued', 'running', 'waiting'] }), ['tasks:changed'], 500);
  const [mode, setMode] = useState<LightCurveMode>('mag');
  const exportCsv = async (layout: 'tom' | 'table') => {
    const r = await call(raw.targets.exportPhotometry({ id, layout }));
    downloadText(r.fileName, r.csv);
  };
  const points = lc.data ?? [];
  // an empty plot says nothing: say why there is nothing to plot (and what makes points appear)
  const empty = lc.error ? null : lightCurveEmptyText(name, lc.data, mode);
  return (
    <div className="lightcurve-section">
      <div className="section-head">
        <h2>Light curve</h2>
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={mode === 'mag'} onClick={() => setMode('mag')}>
            Δ magnitude
          </button>
          <button type="button" role="tab" aria-selected={mode === 'flux'} onClick={() => setMode('flux')}>
            Relative flux
          </button>
        </div>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void exportCsv('tom')} disabled={points.length === 0} data-testid="export-tom">
            TOM photometry CSV
          </button>
          <button type="button" className="secondary" onClick={() => void exportCsv('table')} disabled={points.length === 0} data-testid="export-table">
            Full table CSV
          </button>
        </div>
        {running.data && running.data.length > 0 && <span className="muted small">measuring…</span>}
      </div>
      {lc.error && <p className="error">{lc.error.message}</p>}
      {lc.error ? null : empty !== null ? (
        <p className="muted lightcurve-empty" data-testid="lightcurve-empty">
          {empty}
        </p>
      ) : (
        <LightCurvePlot points={points} mode={mode} onPick={onOpen} />
      )}
      <NoMagnitudeList points={points} onOpen={onOpen} />
    </div>
  );
}

/** The points without a differential magnitude, grouped by why (upper limits, no comparison star, ...). */
function NoMagnitudeList({ points, onOpen }: { points: readonly LightCurvePointView[]; onOpen: (p: LightCurvePointView) => void }) {
  const groups = new Map<string, LightCurvePointView[]>();
  for (const p of points) {
    const why = noMagnitudeReason(p);
    if (why !== null) groups.set(why, [...(groups.get(why) ?? []), p]);
  }
  if (groups.size === 0) return null;
  return (
    <div className="small no-magnitude" data-testid="no-magnitude">
      <p className="muted">Points without a differential magnitude:</p>
      <ul>
        {[...groups].map(([why, ps]) => (
          <li key={why}>
            {ps.length} × {why}:{' '}
            {ps.slice(0, 20).map((p, i) => (
              <span key={p.productId}>
                {i > 0 && ', '}
                <button type="button" className="link" onClick={() => onOpen(p)}>
                  {p.product}
                </button>
              </span>
            ))}
            {ps.length > 20 && ` and ${ps.length - 20} more`}
          </li>
        ))}
      </ul>
    </div>
  );
}

function VisibilitySection({ id }: { id: number }) {
  const vis = useQuery(() => raw.targets.visibility({ id, nights: 3 }), ['targets:changed', 'settings:changed']);
  if (vis.error) return <p className="error">{vis.error.message}</p>;
  if (!vis.data) return <p className="muted">Computing…</p>;
  return <VisibilityChart visibility={vis.data} />;
}

/** Names compared as the TOM Toolkit does: lower case without blanks, -, _, ( and ). */
const simple = (s: string): string => s.toLowerCase().replace(/[\s\-_()]/g, '');

function ImagesSection({
  id,
  names,
  onOpen,
  filters,
  onFilters,
}: {
  id: number;
  names: string[];
  onOpen: (im: TargetImageView) => void;
  filters: ListFilters;
  onFilters: (filters: ListFilters) => void;
}) {
  const images = useQuery(() => raw.targets.images({ id }), ['targets:changed', 'products:changed'], 500);
  const products = useQuery(() => raw.products.list(), ['products:changed'], 1000);
  const settings = useQuery(() => raw.settings.get(), ['settings:changed']);
  const site = settings.data?.site;
  const [linkId, setLinkId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { rows, options } = useFiltered(images.data, filters, filters.nightBy === 'utc' ? 0 : (site?.lon ?? 0), false);
  const linked = new Set((images.data ?? []).map((i) => i.productId));
  // Images whose OBJECT names this target come first in the manual-link list (a hint for images without WCS).
  const keys = new Set(names.map(simple));
  const hinted = (p: { object: string | null }) => p.object !== null && keys.has(simple(p.object));
  const others = (products.data ?? []).filter((p) => !linked.has(p.id)).sort((a, b) => Number(hinted(b)) - Number(hinted(a)));
  const act = async (p: Promise<unknown>) => {
    try {
      await p;
      images.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const columns: Array<VirtualColumn<TargetImageView>> = [
    { id: 'name', label: 'Image', width: 'minmax(120px, 2fr)', cell: (im) => <span title={im.name}>{im.name}</span> },
    { id: 'date', label: 'Date (UTC)', width: '150px', testId: 'target-image-date', cell: (im) => (im.dateObs !== null ? formatDate(im.dateObs) : '—') },
    { id: 'filter', label: 'Filter', width: '56px', cell: (im) => im.filter ?? '—' },
    { id: 'xy', label: 'x, y', width: '96px', className: 'num', cell: (im) => (im.x !== null && im.y !== null ? `${im.x.toFixed(1)}, ${im.y.toFixed(1)}` : '—') },
    { id: 'point', label: 'Point', width: '80px', cell: (im) => (im.measured ? '✓' : im.status === 'extracted' ? '' : im.status) },
    {
      id: 'unlink',
      label: '',
      width: '56px',
      cell: (im) => (
        <button
          type="button"
          className="link"
          title={im.origin === 'footprint' ? 'matched by footprint; unlinking keeps it out' : 'linked by hand'}
          onClick={(e) => {
            e.stopPropagation();
            void act(call(raw.targets.unlink({ targetId: id, productId: im.productId })));
          }}
        >
          unlink
        </button>
      ),
    },
  ];
  const total = images.data?.length ?? 0;
  return (
    <div className="target-images" data-testid="target-images">
      {images.data && images.data.length === 0 && <p className="muted">No image shows this target yet.</p>}
      {total > 0 && (
        <>
          <FilterBar filters={filters} options={options} siteName={site?.name ?? null} onChange={onFilters} searchPlaceholder="Search name, filter, date" />
          <p className="muted small" data-testid="target-images-count">
            {imagesShown(rows.length, total)}
          </p>
          <VirtualTable rows={rows} columns={columns} rowKey={(im) => im.productId} rowHeight={28} onOpen={onOpen} rowTestId="target-image-row" scrollerTestId="target-images-scroller" />
        </>
      )}
      {others.length > 0 && others.length <= 2000 && (
        <div className="link-image small">
          <select value={linkId} onChange={(e) => setLinkId(e.target.value)} aria-label="Image to link">
            <option value="">Link an image by hand…</option>
            {others.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.object ? ` (${p.object}${hinted(p) ? ' — OBJECT matches' : ''})` : ''}
                {p.hasWcs ? '' : ' — no WCS'}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={linkId === ''}
            onClick={() => {
              void act(call(raw.targets.link({ targetId: id, productId: Number(linkId) })));
              setLinkId('');
            }}
          >
            Link
          </button>
        </div>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  );
}

function ComparisonSection({ id }: { id: number }) {
  const comps = useQuery(() => raw.targets.comparisons({ id }), ['targets:changed'], 500);
  const [error, setError] = useState<string | null>(null);
  const choose = async (c: ComparisonStarView, choice: ComparisonStarView['choice']) => {
    try {
      await call(raw.targets.setComparison({ id, ra: c.ra, dec: c.dec, choice }));
      comps.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  if (!comps.data) return null;
  if (comps.data.length === 0) return <p className="muted">Chosen automatically from the images' catalogues once the target is measured.</p>;
  return (
    <div className="comparisons">
      <p className="small muted">
        {comps.data.filter((c) => c.verdict === 'selected').length} in the ensemble: each image uses the (up to 12) brightest of them measured
        on it (on the frame, not saturated or flagged); variable ones are left out. Choices apply on the next measurement (queued when you
        change one).
      </p>
      <table className="grid small">
        <thead>
          <tr>
            <th>RA</th>
            <th>Dec</th>
            <th>Flux</th>
            <th>Verdict</th>
            <th>χ²ν</th>
            <th title="images whose ensemble uses it">Images</th>
            <th>Use</th>
          </tr>
        </thead>
        <tbody>
          {comps.data.map((c) => (
            <tr key={c.id}>
              <td className="num">{formatRa(c.ra, 2)}</td>
              <td className="num">{formatDec(c.dec, 1)}</td>
              <td className="num">{c.flux?.toFixed(0) ?? '—'}</td>
              <td>
                <span className={`badge ${c.verdict === 'selected' ? 'succeeded' : c.verdict === 'variable' ? 'failed' : ''}`}>{c.verdict}</span>
              </td>
              <td className="num">{c.reducedChi2?.toFixed(2) ?? '—'}</td>
              <td className="num">{c.imagesUsed ?? '—'}</td>
              <td>
                <select value={c.choice} onChange={(e) => void choose(c, e.target.value as ComparisonStarView['choice'])}>
                  <option value="auto">auto</option>
                  <option value="include">always</option>
                  <option value="exclude">never</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="error">{error}</p>}
    </div>
  );
}
