import type { KeyboardEvent } from 'react';

/**
 * Keyboard access to a table row: it takes focus with Tab, Enter (or Space) opens it, ↑ ↓ move
 * to the previous or next row, Home and End to the first and last. A virtualised list, whose
 * neighbours may not be in the page, passes `onMove` to scroll to and focus row `delta` away.
 */
export function rowKeys(onOpen: () => void, options: { onMove?: (delta: number | 'first' | 'last') => void } = {}): {
  tabIndex: number;
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
} {
  return {
    tabIndex: 0,
    onKeyDown: (e) => {
      if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
      const move = (delta: number | 'first' | 'last') => {
        e.preventDefault();
        if (options.onMove) return options.onMove(delta);
        const row = e.currentTarget;
        const next =
          delta === 'first'
            ? row.parentElement?.firstElementChild
            : delta === 'last'
              ? row.parentElement?.lastElementChild
              : delta > 0
                ? row.nextElementSibling
                : row.previousElementSibling;
        if (next instanceof HTMLElement) next.focus();
      };
      switch (e.key) {
        case 'Enter':
        case ' ':
          e.preventDefault();
          onOpen();
          break;
        case 'ArrowDown':
          move(1);
          break;
        case 'ArrowUp':
          move(-1);
          break;
        case 'Home':
          move('first');
          break;
        case 'End':
          move('last');
          break;
      }
    },
  };
}
