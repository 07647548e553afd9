import { useEffect, useRef, useState } from 'react';
import { keyLabel, useShortcutGroups, useShortcuts } from './shortcuts.js';

const SHOW = 'nightshift:shortcut-help';

/** Opens the list of shortcuts (a "Keys" button beside a toolbar). */
export function showShortcutHelp(): void {
  window.dispatchEvent(new Event(SHOW));
}

/** `?` opens the list of the keyboard shortcuts of the page shown; Escape or `?` closes it. */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  const groups = useShortcutGroups();
  const dialog = useRef<HTMLDivElement>(null);
  useShortcuts('Everywhere', [{ keys: ['?'], description: 'Show or hide this list of shortcuts', run: () => setOpen((o) => !o) }]);
  useEffect(() => {
    const show = () => setOpen(true);
    window.addEventListener(SHOW, show);
    return () => window.removeEventListener(SHOW, show);
  }, []);
  useEffect(() => {
    if (!open) return;
    dialog.current?.focus();
    const close = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [open]);
  if (!open) return null;
  return (
    <div className="shortcut-backdrop" onClick={() => setOpen(false)}>
      <div
        ref={dialog}
        className="shortcut-help"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        tabIndex={-1}
        data-testid="shortcut-help"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        {[...groups].reverse().map((g) => (
          <section key={g.title}>
            <h3>{g.title}</h3>
            <dl>
              {g.shortcuts.map((s) => (
                <div key={s.description} className="shortcut" data-testid="shortcut">
                  <dt>
                    <kbd>{keyLabel(s)}</kbd>
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <p className="muted small">
          Tables: Tab to a row, ↑ ↓ to move between rows, Enter to open. Esc closes this list.
        </p>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
