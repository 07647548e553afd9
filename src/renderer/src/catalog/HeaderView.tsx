import { useMemo, useState } from 'react';
import type { Card } from '../../../core/fits/index.js';

/** The FITS header as written, one card a line, with a filter over keywords, values and comments. */
export function HeaderView({ cards }: { cards: readonly Card[] }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q === '' ? cards : cards.filter((c) => c.raw.toLowerCase().includes(q));
  }, [cards, query]);
  return (
    <div className="header-view">
      <input placeholder="Search the header" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="header-search" />
      <pre data-testid="header-cards">{shown.map((c) => c.raw.trimEnd()).join('\n')}</pre>
    </div>
  );
}
