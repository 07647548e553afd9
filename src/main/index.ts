// Electron main entry. Everything that touches `electron` lives in ./electron/.
import { startDesktop } from './electron/desktop.js';

startDesktop();
