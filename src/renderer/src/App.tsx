import { useEffect, useState } from 'react';
import type { NoticeView } from '../../shared/domain.js';
import { raw } from './api/client.js';
import { Toasts } from './components/Toasts.js';
import { DropZone } from './import/DropZone.js';
import { StatusLine } from './components/StatusLine.js';
import { LibraryPage } from './pages/LibraryPage.js';
import { ProductPage } from './pages/ProductPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { TargetsPage } from './targets/TargetsPage.js';
import type { ImageMarker } from './targets/TargetPage.js';
import { TasksPage } from './pages/TasksPage.js';

/** Opens a product page; with markers (from a target) the current page stays, so Back returns to it. */
type Open = (productId: number, markers?: ImageMarker[]) => void;

const PAGES = [
  { id: 'library', label: 'Library', render: (open: Open) => <LibraryPage onOpen={open} /> },
  { id: 'tasks', label: 'Tasks', render: () => <TasksPage /> },
  { id: 'targets', label: 'Targets', render: (open: Open) => <TargetsPage onOpenImage={open} /> },
  { id: 'settings', label: 'Settings', render: () => <SettingsPage /> },
] as const;

type PageId = (typeof PAGES)[number]['id'];

export function App() {
  const [page, setPage] = useState<PageId>('library');
  const [productId, setProductId] = useState<number | null>(null);
  const [markers, setMarkers] = useState<ImageMarker[]>([]);
  const current = PAGES.find((p) => p.id === page) ?? PAGES[0];
  const open: Open = (id, m) => {
    setProductId(id);
    setMarkers(m ?? []);
    if (m === undefined) setPage('library');
  };
  const navigate = (target: NoticeView['target']) => {
    if (target.kind === 'product') open(target.id);
    else {
      setProductId(null);
      setPage('tasks');
    }
  };
  useEffect(() => raw.on('open', navigate), []);
  return (
    <DropZone>
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Nightshift</div>
        {PAGES.map((p) => (
          <button
            key={p.id}
            type="button"
            className={p.id === page ? 'nav-item active' : 'nav-item'}
            aria-current={p.id === page ? 'page' : undefined}
            data-testid={`nav-${p.id}`}
            onClick={() => {
              setPage(p.id);
              setProductId(null);
            }}
          >
            {p.label}
          </button>
        ))}
      </nav>
      <main className="content">
        {productId !== null ? <ProductPage id={productId} markers={markers} onBack={() => setProductId(null)} /> : current.render(open)}
      </main>
      <StatusLine />
      <Toasts onOpen={navigate} />
    </div>
    </DropZone>
  );
}
