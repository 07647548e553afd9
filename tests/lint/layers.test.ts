import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'layers/worker-safe').map((m) => m.message);
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
    // thread code: the entries and the worker halves of the kinds
    ['src/workers/x.ts', "import { TaskService } from '../main/services/tasks/task-service.js';"],
    ['src/workers/x.ts', "import { extractKind } from '../main/services/tasks/kinds/extract/index.js';"],
    ['src/workers/x.ts', "import Database from 'better-sqlite3';"],
    ['src/main/services/tasks/kinds/extract/run.ts', "import { openDb } from '../../../db/open.js';"],
    ['src/main/services/tasks/kinds/extract/run.ts', "import { isoNow } from '../../../clock.js';"],
    ['src/main/services/tasks/kinds/extract/run.ts', "import { extractHooks } from './service.js';"],
    ['src/main/services/tasks/kinds/photometry/schema.ts', "import { photometryInput } from '../../../targets/index.js';"],
    ['src/main/services/tasks/kinds/photometry/schema.ts', "import type { Statement } from 'better-sqlite3';"],
    ['src/main/services/tasks/kinds/photometry/run.ts', "export { photometryKind } from './index.js';"],
    ['src/main/services/extract/x.ts', "import { TaskPool } from '../tasks/pool/pool.js';"],
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
    ['src/workers/x.ts', "import { workerKinds } from '../main/services/tasks/kinds/worker-registry.js';"],
    ['src/workers/x.ts', "import { serveImages } from '../main/services/extract/prepare.js';"],
    ['src/main/services/tasks/kinds/extract/run.ts', "import { extractInputSchema } from './schema.js';"],
    ['src/main/services/tasks/kinds/extract/run.ts', "import { pixelsOfFits } from '../../../extract/load.js';"],
    ['src/main/services/tasks/kinds/extract/schema.ts', "import { fileRefSchema } from '../../file-ref.js';"],
    ['src/main/services/tasks/kinds/extract/service.ts', "import { isoNow } from '../../../clock.js';"],
    ['src/main/services/tasks/kinds/extract/index.ts', "import { extractHooks } from './service.js';"],
  ])('%s may %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
