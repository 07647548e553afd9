import { useEffect, useState } from 'react';
import type { NoticeView } from '../../../shared/domain.js';
import { raw } from '../api/client.js';

/** In-window notices (the same ones the desktop shows natively); click opens what it is about. */
export function Toasts({ onOpen }: { onOpen: (target: NoticeView['target']) => void }) {
  const [items, setItems] = useState<Array<NoticeView & { key: number }>>([]);
  useEffect(() => {
    let key = 0;
    return raw.on('notice', (notice) => {
      const k = ++key;
      setItems((list) => [...list.slice(-3), { ...notice, key: k }]);
      setTimeout(() => setItems((list) => list.filter((i) => i.key !== k)), 8000);
    });
  }, []);
  return (
    <div className="toasts" aria-live="polite">
      {items.map((n) => (
        <button
          key={n.key}
          type="button"
          className="toast"
          data-testid="toast"
          onClick={() => {
            onOpen(n.target);
            setItems((list) => list.filter((i) => i.key !== n.key));
          }}
        >
          <strong>{n.title}</strong>
          <span>{n.body}</span>
        </button>
      ))}
    </div>
  );
}
