import { useEffect, useState } from 'react';
import type { NoticeView } from '../../../shared/domain.js';
import { raw } from '../api/client.js';

/** How long a notice stays unless dismissed (ms); it covers nothing, so it may stay a while. */
const SHOW_MS = 15_000;
/** Notices shown at once; an older one gives way to a newer. */
const MAX_SHOWN = 3;

/**
 * In-window notices (the same text the desktop shows natively), stacked in the sidebar under its
 * links, where they hide no control. Clicking one opens what it is about; × or Escape dismisses it
 * (Escape the newest; not while a dialog is open).
 */
export function Toasts({ onOpen }: { onOpen: (target: NoticeView['target']) => void }) {
  const [items, setItems] = useState<Array<NoticeView & { key: number }>>([]);
  const dismiss = (key: number) => setItems((list) => list.filter((i) => i.key !== key));
  useEffect(() => {
    let key = 0;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const off = raw.on('notice', (notice) => {
      const k = ++key;
      setItems((list) => [...list.slice(-(MAX_SHOWN - 1)), { ...notice, key: k }]);
      const timer = setTimeout(() => {
        timers.delete(timer);
        setItems((list) => list.filter((i) => i.key !== k));
      }, SHOW_MS);
      timers.add(timer);
    });
    return () => {
      off();
      for (const t of timers) clearTimeout(t);
    };
  }, []);
  useEffect(() => {
    if (items.length === 0) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('[role="dialog"]')) return;
      setItems((list) => list.slice(0, -1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items.length]);
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {items.map((n) => (
        <div key={n.key} className="toast" data-testid="toast" role="status">
          <button
            type="button"
            className="toast-open"
            title="Open"
            onClick={() => {
              onOpen(n.target);
              dismiss(n.key);
            }}
          >
            <strong>{n.title}</strong>
            <span>{n.body}</span>
          </button>
          <button type="button" className="toast-close" aria-label="Dismiss notice" title="Dismiss (Esc)" data-testid="toast-close" onClick={() => dismiss(n.key)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
