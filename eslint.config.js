// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];
const electron = ['electron', 'electron/*'];

/**
 * @typedef {{ files: string[]; paths: string[]; patterns: string[]; why: string; allowTypeImports?: boolean }} Layer
 * The layer rules of DESIGN.md, as import bans per folder. Each entry: which files, which
 * imports they may not make, and why (the message shows in the lint error).
 */
/** @type {Layer[]} */
const layers = [
  {
    files: ['src/core/**'],
    paths: [...nodeBuiltins, ...electron, 'react', 'react-dom', 'better-sqlite3', 'zod', 'piscina', 'bullmq', 'ioredis', 'ws'],
    patterns: ['**/main/**', '**/shared/**', '**/renderer/**', '**/workers/**', '**/cli/**', '**/preload/**'],
    why: 'src/core/ is pure TypeScript: it imports nothing outside core (no node:, electron, DOM or app code); see docs/architecture.md#layers',
  },
  {
    files: ['src/shared/**'],
    paths: [...nodeBuiltins, ...electron, 'react', 'better-sqlite3'],
    patterns: ['**/main/**', '**/renderer/**', '**/workers/**', '**/cli/**', '**/preload/**'],
    why: 'src/shared/ is the IPC contract: it may import core/ and zod only; see docs/architecture.md#layers',
  },
  {
    files: ['src/renderer/**'],
    paths: [...nodeBuiltins, ...electron, 'better-sqlite3', 'piscina', 'bullmq', 'ioredis'],
    patterns: ['**/main/**', '**/workers/**', '**/cli/**', '**/preload/**'],
    why: 'the renderer talks only to window.nightshift; it may import shared/ and pure core/ helpers; see docs/architecture.md#layers',
  },
  {
    files: ['src/main/services/**', 'src/main/api/**', 'src/main/host/**'],
    paths: electron,
    patterns: ['**/renderer/**', '**/main/electron/**', '**/cli/**', '**/preload/**'],
    why: 'only src/main/electron/ and src/preload/ import electron; services never depend on a shell; see docs/architecture.md#layers',
  },
  {
    files: ['src/workers/**'],
    paths: electron,
    patterns: ['**/main/**', '**/renderer/**', '**/cli/**', '**/preload/**'],
    why: 'workers import core/, shared/ and node only',
  },
  {
    files: ['src/cli/**', 'bench/**', 'scripts/**'],
    paths: electron,
    patterns: ['**/renderer/**', '**/main/electron/**', '**/preload/**'],
    why: 'only src/main/electron/ and src/preload/ import electron (tools never need its binary); see docs/architecture.md#layers',
  },
  {
    // Tests may import electron's types and the adapters (which take electron as a parameter).
    files: ['tests/**'],
    paths: electron,
    patterns: [],
    allowTypeImports: true,
    why: 'tests never load electron (there is no binary here): import its types only; see docs/architecture.md#layers',
  },
  {
    files: ['src/preload/**'],
    paths: nodeBuiltins,
    patterns: ['**/main/**', '**/renderer/**', '**/core/**', '**/workers/**', '**/cli/**'],
    why: 'the sandboxed preload imports electron and shared/ only; see docs/architecture.md#layers',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tests/.tmp/**', 'tests/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layers.map((layer) => ({
    files: layer.files.map((f) => `${f}/*.{ts,tsx,js,mjs}`.replace('/**/*', '/**/*')),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: layer.paths
            .filter((p) => !p.includes('*'))
            .map((name) => ({ name, message: layer.why, ...(layer.allowTypeImports ? { allowTypeImports: true } : {}) })),
          patterns: [
            ...layer.paths
              .filter((p) => p.includes('*'))
              .map((p) => ({ group: [p], message: layer.why, ...(layer.allowTypeImports ? { allowTypeImports: true } : {}) })),
            ...layer.patterns.map((p) => ({ group: [p], message: layer.why })),
          ],
        },
      ],
    },
  })),
);
