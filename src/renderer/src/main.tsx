import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';
import { handOverPainted } from './library/painted-rows.js';
import { applyTheme, storedTheme } from './theme/theme.js';

// The scheme chosen last time, before the first paint (the settings confirm it once loaded).
applyTheme(storedTheme());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// the boot script's painted rows, which React replaces: the live table keeps their scroll and focus
handOverPainted(root);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
