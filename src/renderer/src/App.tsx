import { useState } from 'react';
import { StatusLine } from './components/StatusLine.js';
import { LibraryPage } from './pages/LibraryPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { TargetsPage } from './pages/TargetsPage.js';
import { TasksPage } from './pages/TasksPage.js';

const PAGES = [
  { id: 'library', label: 'Library', render: () => <LibraryPage /> },
  { id: 'tasks', label: 'Tasks', render: () => <TasksPage /> },
  { id: 'targets', label: 'Targets', render: () => <TargetsPage /> },
  { id: 'settings', label: 'Settings', render: () => <SettingsPage /> },
] as const;

type PageId = (typeof PAGES)[number]['id'];

export function App() {
  const [page, setPage] = useState<PageId>('library');
  const current = PAGES.find((p) => p.id === page) ?? PAGES[0];
  return (
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
            onClick={() => setPage(p.id)}
          >
            {p.label}
          </button>
        ))}
      </nav>
      <main className="content">{current.render()}</main>
      <StatusLine />
    </div>
  );
}
