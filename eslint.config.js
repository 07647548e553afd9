// @ts-check
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];
const electron = ['electron', 'electron/*'];

/** Packages of the main process's services, which no thread code loads. */
const SERVICE_PACKAGES = ['better-sqlite3', 'bullmq', 'ioredis', 'piscina', 'nodemailer', 'ws', 'react'];

/**
 * Code that runs on pool and strip threads besides src/workers/ (the thread entries): each task
 * kind's worker half (everything in its folder but service.ts and index.ts, the main side), the
 * worker registry and its types, the pool's message protocol, file references, and the
 * extraction engine of `nightshift extract`. It may import core/, shared/, node and other
 * worker-safe files only; src/workers/ may import nothing else of main/.
 */
const WORKER_SAFE = [
  'src/main/services/tasks/kinds/*/*.ts',
  'src/main/services/tasks/kinds/worker-registry.ts',
  'src/main/services/tasks/kinds/worker-types.ts',
  'src/main/services/tasks/pool/protocol.ts',
  'src/main/services/tasks/file-ref.ts',
  'src/main/services/extract/**',
  'src/main/services/calib/**',
  'src/main/services/solve/*.ts',
];
const WORKER_UNSAFE = ['src/main/services/tasks/kinds/*/service.ts', 'src/main/services/tasks/kinds/*/index.ts', 'src/main/services/solve/index-refs.ts'];

/** A glob of {@link WORKER_SAFE} as a regular expression on a repository-relative path (`*`: one name, `**`: any depth). */
function globRegex(/** @type {string} */ glob) {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('**', '\0').replaceAll('*', '[^/]*').replaceAll('\0', '.*')}$`);
}
const safe = WORKER_SAFE.map(globRegex);
const unsafe = WORKER_UNSAFE.map(globRegex);

/** True when a repository-relative source path may be imported by thread code. */
function workerSafe(/** @type {string} */ path) {
  if (path.startsWith('src/core/') || path.startsWith('src/shared/')) return true;
  return safe.some((r) => r.test(path)) && !unsafe.some((r) => r.test(path));
}

/**
 * `layers/worker-safe`: a relative import in thread code must land in core/, shared/ or
 * {@link WORKER_SAFE} (no-restricted-imports sees only the text of an import, and
 * `../../../clock.js` names no folder).
 * @type {import('eslint').Rule.RuleModule}
 */
const workerSafeRule = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { unsafe: '{{target}} is not worker-safe: thread code imports core/, shared/, node and the worker halves of main/ only (WORKER_SAFE in eslint.config.js)' },
  },
  create(context) {
    const check = (/** @type {{ source?: unknown }} */ node) => {
      const source = /** @type {{ type?: string; value?: unknown } | null | undefined} */ (node.source);
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = relative(context.cwd, resolve(dirname(context.filename), source.value)).split('\\').join('/').replace(/\.js$/, '.ts');
      if (!workerSafe(target)) context.report({ node: /** @type {import('estree').Node} */ (source), messageId: 'unsafe', data: { target } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/**
 * @typedef {{ files: string[]; ignores?: string[]; paths: string[]; patterns: string[]; why: string; allowTypeImports?: boolean }} Layer
 * The layer rules of docs/architecture.md#layers, as import bans per folder. Each entry: which files, which
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
    // Which of main/ they may import: the worker-safe files only (the rule `layers/worker-safe` below).
    files: ['src/workers/**'],
    paths: [...electron, ...SERVICE_PACKAGES],
    patterns: ['**/renderer/**', '**/cli/**', '**/preload/**'],
    why: 'thread entries import core/, shared/, node and the worker-safe code of main/ only',
  },
  {
    files: WORKER_SAFE,
    ignores: WORKER_UNSAFE,
    paths: [...electron, ...SERVICE_PACKAGES],
    patterns: ['**/renderer/**', '**/cli/**', '**/preload/**', '**/db/**', '**/electron/**'],
    why: "a kind's worker half (run.ts, schema.ts) runs on a pool thread, maybe on another machine: no database, electron or main-side service",
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
    files: layer.files.map((f) => (f.endsWith('.ts') ? f : `${f}/*.{ts,tsx,js,mjs}`)),
    ...(layer.ignores ? { ignores: layer.ignores } : {}),
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
  {
    files: ['src/workers/**/*.ts', ...WORKER_SAFE.map((f) => (f.endsWith('.ts') ? f : `${f}/*.ts`))],
    ignores: WORKER_UNSAFE,
    plugins: { layers: { rules: { 'worker-safe': workerSafeRule } } },
    rules: { 'layers/worker-safe': 'error' },
  },
);
