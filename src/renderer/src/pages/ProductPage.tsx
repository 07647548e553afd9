import { useEffect, useMemo, useRef, useState } from 'react';
import { extractionStateText } from './extraction-state-text.js';
import type { Card } from '../../../core/fits/index.js';
import type { ProductDetail, SourceView } from '../../../shared/domain.js';
import { retryCannotHelp } from '../../../shared/task-error.js';
import { call, raw } from '../api/client.js';
import { productFileUrl } from '../api/files.js';
import { useQuery } from '../api/hooks.js';
import { CatalogTable } from '../catalog/CatalogTable.js';
import { HeaderView } from '../catalog/HeaderView.js';
import { ImageViewer } from '../viewer/ImageViewer.js';
import { ConfirmRemove } from '../library/ConfirmRemove.js';
import { ProductTargets } from '../targets/ProductTargets.js';
import { FrameControl } from '../library/FrameControl.js';
import { MasterChooser } from '../library/MasterChooser.js';
import { SolutionPanel } from './SolutionPanel.js';
import { formatDate } from '../format/date.js';
import { linkProps, navigate } from '../router/use-route.js';
import { planesOfCards } from '../viewer/cube.js';
import { carryToNextImage, forgetCarriedView, takeCarriedView, type ViewerCarry } from '../viewer/carry.js';
import { blinkPartner, StepBlink, type BlinkChoice } from '../viewer/StepBlink.js';
import { saveStepBy, savedStepBy, useImageSequence, type SequenceImage } from '../viewer/use-sequence.js';
import { counted } from '../library/count-text.js';

/** One image: the viewer with its sources, the catalog table and the header. */
export function ProductPage({
  id,
  from = null,
  markers = [],
}: {
  id: number;
  /** The target it was opened from: a link back to it is shown beside the one to the library. */
  from?: number | null;
  /** Circles to draw (e.g. a target); the view starts centred on the first. */
  markers?: ReadonlyArray<{ x: number; y: number; r: number; label: string }>;
}) {
  const product = useQuery(() => raw.products.get({ id }), ['products:changed']);
  const catalog = useQuery(() => raw.sources.list({ productId: id }), ['products:changed']);
  const [tab, setTab] = useState<'catalog' | 'header'>('catalog');
  // 'side': image and table side by side; 'wide': the image above, the table below at full width.
  const [layout, setLayout] = useState<'side' | 'wide'>(() => (globalThis.localStorage?.getItem('nightshift.product.layout') === 'wide' ? 'wide' : 'side'));
  const chooseLayout = (next: 'side' | 'wide') => {
    setLayout(next);
    try {
      globalThis.localStorage?.setItem('nightshift.product.layout', next);
    } catch {
      // Storage disabled: the layout lasts for this view only.
    }
  };
  const [cards, setCards] = useState<Card[]>([]);
  // a cube's planes, from the header the viewer decoded (the library keeps its first two axes)
  const planes = useMemo(() => planesOfCards(cards), [cards]);
  const [selected, setSelected] = useState<SourceView | null>(null);
  // Where the view was last asked to centre (a row picked in the table). It changes only then,
  // so other re-renders (a tab switch, a refresh) leave the view where the user left it.
  const [rowFocus, setRowFocus] = useState<{ x: number; y: number; key: number } | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  const thisOne = useMemo(() => [id], [id]);
  const extractAgain = async () => {
    try {
      const task = await call(raw.products.extract({ id }));
      setAction(`Extraction queued (task ${task.id}).`);
    } catch (err) {
      setAction(err instanceof Error ? err.message : String(err));
    }
  };

  // Without explicit markers (opened from the library), the targets on the image are marked.
  const [targetMarkers, setTargetMarkers] = useState<ReadonlyArray<{ x: number; y: number; r: number; label: string }>>([]);
  const shownMarkers = markers.length > 0 ? markers : targetMarkers;
  const first = markers[0];
  const markerFocus = useMemo(() => (first ? { x: first.x, y: first.y, key: 0 } : null), [first]);
  const overlay = useMemo(
    () => (catalog.data?.sources ?? []).map((s) => ({ id: s.id, x: s.x, y: s.y, a: s.a ?? 1, b: s.b ?? 1, theta: s.theta ?? 0 })),
    [catalog.data],
  );
  const p = product.data;

  // Stepping to another image of the target or field carries the view there; blinking shows one with this one.
  const [carried] = useState(() => takeCarriedView(id));
  useEffect(() => () => forgetCarriedView(id), [id]);
  const carry = useRef<ViewerCarry | null>(null);
  const [stepBy, setStepBy] = useState(savedStepBy);
  const sequence = useImageSequence(id, from, p?.object ?? null, stepBy);
  const [blink, setBlink] = useState<BlinkChoice>({ on: false, partner: null, intervalMs: 500 });
  const partner = blinkPartner(sequence, blink);
  const blinkRequest = useMemo(
    () => (blink.on && partner ? { src: productFileUrl(partner.id), name: partner.name, intervalMs: blink.intervalMs } : null),
    [blink.on, blink.intervalMs, partner?.id, partner?.name],
  );
  const step = (image: SequenceImage) => {
    carryToNextImage(image.id, carry.current);
    navigate(from !== null ? { page: 'product', id: image.id, from: { targetId: from, marker: image.marker } } : { page: 'product', id: image.id });
  };

  return (
    <section className="product-page">
      <div className="product-head">
        <a {...linkProps({ page: 'library' })} className="back-link" data-testid="back-library">
          ← Library
        </a>
        {from !== null && (
          <a {...linkProps({ page: 'target', id: from })} className="back-link" data-testid="back-target">
            ← {markers[0]?.label || 'Target'}
          </a>
        )}
        <h1 data-testid="product-title">{p ? p.name : '…'}</h1>
        <button type="button" onClick={() => void extractAgain()} data-testid="extract-again">
          Extract again
        </button>
        <button type="button" className="danger-outline" onClick={() => setRemoving(true)} data-testid="remove-product">
          Remove…
        </button>
        {action && <span className="muted">{action}</span>}
        {p?.error && p.status !== 'failed' && <span className="error">{p.error.message}</span>}
        {p?.wcsError && (
          <span className="error" data-testid="product-wcs-error" title={p.wcsError.keyword ? `keyword ${p.wcsError.keyword}` : undefined}>
            WCS cannot be read: {p.wcsError.message} [{p.wcsError.code}]
          </span>
        )}
        {p?.wcsFrame && p.wcsFrame !== 'ICRS' && (
          <span className="muted" data-testid="product-wcs-frame">
            coordinates: {p.wcsFrame}
          </span>
        )}
        {p && (
          <span className="muted" data-testid="product-summary">
            {[
              p.object,
              p.dateObs !== null ? formatDate(p.dateObs, true) : null,
              p.filter,
              p.width && p.height ? `${p.width}×${p.height}${planes > 1 ? `×${planes} (a cube: its first plane measured)` : ''}` : null,
              p.status,
              p.sources !== null ? counted(p.sources, 'source') : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        )}
        {p && <FrameControl product={p} />}
        {p && p.kind === 'raw' && p.frameType === 'light' && <MasterChooser lightId={p.id} />}
        {p && p.kind === 'calibrated' && p.rawId !== null && <MasterChooser lightId={p.rawId} />}
        <ProductTargets productId={id} onMarkers={setTargetMarkers} />
      </div>
      {p?.solution && <SolutionPanel solution={p.solution} />}
      <div className="step-bar">
        <StepBlink
          sequence={sequence}
          blink={blink}
          onBlink={setBlink}
          onStep={step}
          onBy={(by) => {
            saveStepBy(by);
            setStepBy(by);
            setBlink((b) => ({ ...b, partner: null }));
          }}
        />
      </div>
      {product.error && <p className="error">{product.error.message}</p>}
      <div className={layout === 'wide' ? 'product-body wide' : 'product-body'} data-testid="product-body" data-layout={layout}>
        <ImageViewer
          src={productFileUrl(id)}
          sources={overlay}
          focus={rowFocus ?? (carried ? null : markerFocus)}
          initial={carried}
          onCarry={(c) => (carry.current = c)}
          blink={blinkRequest}
          markers={shownMarkers}
          selectedId={selected?.id ?? null}
          onSelectSource={(sid) => setSelected(catalog.data?.sources.find((s) => s.id === sid) ?? null)}
          onLoaded={(info) => setCards(info.cards)}
          regionFileName={`${p?.name ?? 'sources'}.reg`}
          wcsCards={p?.solvedWcs ?? null}
        />
        <div className="product-side">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'catalog'} onClick={() => setTab('catalog')}>
              Catalog
            </button>
            <button type="button" role="tab" aria-selected={tab === 'header'} onClick={() => setTab('header')}>
              Header
            </button>
            <button
              type="button"
              className="layout-toggle"
              data-testid="layout-toggle"
              title={layout === 'wide' ? 'Image and table side by side' : 'Table at full width, below the image'}
              onClick={() => chooseLayout(layout === 'wide' ? 'side' : 'wide')}
            >
              {layout === 'wide' ? 'Side by side' : 'Full-width table'}
            </button>
          </div>
          {/* The table stays mounted behind the header tab, keeping its scroll, sorting and filters. */}
          <div className="tab-panel" hidden={tab !== 'catalog'}>
            {catalog.data ? (
              <CatalogTable
                catalog={catalog.data}
                exptime={p?.exptime ?? null}
                selectedId={selected?.id ?? null}
                fileName={`${p?.name ?? 'catalog'}.csv`}
                onSelect={(s) => {
                  setSelected(s);
                  setRowFocus((f) => ({ x: s.x, y: s.y, key: (f?.key ?? 0) + 1 }));
                }}
              />
            ) : (
              <ExtractionState product={p} error={catalog.error?.message ?? null} onExtract={() => void extractAgain()} />
            )}
          </div>
          {tab === 'header' && <HeaderView cards={cards} />}
        </div>
      </div>
      {removing && <ConfirmRemove ids={thisOne} onCancel={() => setRemoving(false)} onRemoved={() => navigate({ page: 'library' }, { replace: true })} />}
    </section>
  );
}

/**
 * Where the catalog will be while there is none: queued, running, waiting for calibration, not asked for, or failed with
 * the reason and Retry (which queues the extraction again) — or, when the file itself is the cause, why trying again cannot help.
 */
function ExtractionState({ product, error, onExtract }: { product: ProductDetail | undefined; error: string | null; onExtract: () => void }) {
  if (error) return <p className="error">{error}</p>;
  if (!product) return <p className="muted">…</p>;
  if (product.status === 'failed') {
    // a failure of the file itself (a 1×1 image, a truncated file) fails again: no Retry, and why
    const hopeless = retryCannotHelp(product.error);
    return (
      <div className="extraction-state failed" data-testid="extraction-failed" data-code={product.error?.code ?? ''} role="alert">
        <strong className="error">Extraction failed</strong>
        <span>{product.error ? product.error.message : 'no reason was recorded'}</span>
        {hopeless ? (
          <span className="muted" data-testid="extraction-no-retry">
            {hopeless}
          </span>
        ) : (
          <button type="button" onClick={onExtract}>
            Retry
          </button>
        )}
      </div>
    );
  }
  const text = extractionStateText(product);
  return (
    <div className="extraction-state" data-testid="extraction-state" data-status={product.status}>
      <span className="muted">{text}</span>
      {product.status === 'imported' && (
        <button type="button" onClick={onExtract}>
          Extract
        </button>
      )}
    </div>
  );
}
