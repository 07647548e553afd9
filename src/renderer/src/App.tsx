import { lazy, Suspense, useEffect } from 'react';
import type { NoticeView } from '../../shared/domain.js';
import { raw } from './api/client.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { Toasts } from './components/Toasts.js';
import { ShortcutHelp } from './keys/ShortcutHelp.js';
import { DropZone } from './import/DropZone.js';
import { StatusLine } from './components/StatusLine.js';
import { LibraryPage } from './pages/LibraryPage.js';

// The library is the first page; the others (the viewer, the plots) load when first opened, so
// the library's script is smaller and opens sooner.
const ProductPage = lazy(() => import('./pages/ProductPage.js').then((m) => ({ default: m.ProductPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.js').then((m) => ({ default: m.SettingsPage })));
const TargetsPage = lazy(() => import('./targets/TargetsPage.js').then((m) => ({ default: m.TargetsPage })));
const TasksPage = lazy(() => import('./pages/TasksPage.js').then((m) => ({ default: m.TasksPage })));
import { linkProps, navigate, useRoute } from './router/use-route.js';
import { sectionOf, type Route, type Section } from './router/routes.js';
import { applyTheme } from './theme/theme.js';
import { useQuery } from './api/hooks.js';

const SECTIONS: ReadonlyArray<{ id: Section; label: string }> = [
  { id: 'library', label: 'Library' },
  { id: 'tasks', label: 'Tasks' },
  { id: 'targets', label: 'Targets' },
  { id: 'settings', label: 'Settings' },
];

/** Where a notice (a toast, or the desktop menu) leads. */
function noticeRoute(target: NoticeView['target']): Route {
  return target.kind === 'product' ? { page: 'product', id: target.id } : { page: 'tasks' };
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'library':
      return <LibraryPage filters={route.filters} />;
    case 'product': {
      const m = route.from?.marker;
      return <ProductPage key={route.id} id={route.id} from={route.from?.targetId ?? null} markers={m ? [m] : []} />;
    }
    case 'targets':
      return <TargetsPage id={null} tonight={route.tonight ?? false} />;
    case 'target':
      return <TargetsPage key={route.id} id={route.id} imageFilters={route.filters} />;
    case 'tasks':
      return <TasksPage />;
    case 'settings':
      return <SettingsPage />;
    case 'missing':
      return (
        <section>
          <h1>No such page</h1>
          <p className="muted" data-testid="missing-page">
            Nothing here has the address <code>{route.hash}</code>. <a {...linkProps({ page: 'library' })}>Go to the library</a>.
          </p>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const section = sectionOf(route);
  useEffect(() => raw.on('open', (target) => navigate(noticeRoute(target))), []);
  const settings = useQuery(() => raw.settings.get(), ['settings:changed']);
  const theme = settings.data?.appearance.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);
  return (
    <DropZone>
      {(importPanel) => (
        <div className="app">
          <div className="sidebar">
            <nav className="nav" aria-label="Main">
              <div className="brand">Nightshift</div>
              {SECTIONS.map((s) => (
                <a
                  key={s.id}
                  {...linkProps({ page: s.id })}
                  className={s.id === section ? 'nav-item active' : 'nav-item'}
                  aria-current={s.id === section ? 'page' : undefined}
                  data-testid={`nav-${s.id}`}
                >
                  {s.label}
                </a>
              ))}
            </nav>
            {/* notices sit in the sidebar under its links (the Import… button has its foot), covering no control */}
            <Toasts onOpen={(target) => navigate(noticeRoute(target))} />
          </div>
          <main className="content">
            <ConnectionBanner />
            <Suspense fallback={<p className="muted">Loading…</p>}>
              <Page route={route} />
            </Suspense>
          </main>
          {importPanel}
          <StatusLine />
          <ShortcutHelp />
        </div>
      )}
    </DropZone>
  );
}
