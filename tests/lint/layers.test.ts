import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rule', () => {
  it.each([
    ['src/core/fits/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/core/fits/x.ts', "import fs from 'fs';"],
    ['src/core/wcs/x.ts', "import { contract } from '../../shared/contract.js';"],
    ['src/core/x.ts', "import { app } from 'electron';"],
    ['src/main/services/x.ts', "import { app } from 'electron';"],
    ['src/main/host/x.ts', "import { BrowserWindow } from 'electron';"],
    ['src/cli/x.ts', "import { app } from 'electron';"],
    ['src/workers/x.ts', "import { ipcMain } from 'electron/main';"],
    ['src/renderer/src/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['src/renderer/src/x.ts', "import { createServices } from '../../main/services/services.js';"],
    ['src/shared/x.ts', "import { openDb } from '../main/services/db/open.js';"],
    ['tests/x.test.ts', "import { app } from 'electron';"],
    ['bench/x.ts', "import { app } from 'electron';"],
  ])('%s may not %s', async (file, code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/main/electron/x.ts', "import { app } from 'electron';"],
    ['src/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['tests/x.test.ts', "import type { IpcMain } from 'electron';"],
    ['src/core/fits/x.ts', "import { FitsError } from './errors.js';"],
    ['src/core/fits/x.ts', "import { gunzipSync } from 'fflate';"],
    ['src/main/services/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/renderer/src/x.ts', "import type { Settings } from '../../shared/settings.js';"],
  ])('%s may %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
