// @ts-check
/**
 * The layers of src/ as an allow-list: each layer names what it may import, and an import that
 * its layer does not name is an error whose message says the layer's rule. docs/architecture.md
 * (section "Layers") explains them; eslint.config.js bans the worst crossings as well, so that
 * an editor shows them while typing.
 *
 * `npm run deps` checks src/ against these rules; `npm run deps:graph` draws the folders.
 */

/** npm packages that are pure computation: any layer that may use core/ may use them. */
const pureLibs = 'node_modules/(fflate|astronomy-engine)/';

/**
 * Main-side files that a worker thread may load: the worker half of each task kind (its
 * `run.ts`, `schema.ts` and the helpers beside them, never its `service.ts` or `index.ts`), the
 * worker-safe kind registry, the file references a task's input names, the pool's message
 * protocol, the extraction pipeline and plate solving's file helpers (services/solve/, but for
 * index-refs.ts, which only the main side needs). None of them reaches the database, a service's state
 * or electron (rule workers-load-worker-safe-code-only).
 */
const workerSafeMain = [
  '^src/main/services/tasks/kinds/(worker-registry|worker-types)[.]ts$',
  '^src/main/services/tasks/kinds/[^/]+/(?!service[.]ts$|index[.]ts$)[^/]+$',
  '^src/main/services/tasks/file-ref[.]ts$',
  '^src/main/services/tasks/pool/protocol[.]ts$',
  '^src/main/services/extract/',
  '^src/main/services/calib/',
  '^src/main/services/solve/(?!index-refs[.]ts$)',
];

/**
 * @typedef {{ name: string; files: string; may: string[]; node?: boolean; why: string }} Layer
 * `files`: the layer's files (a path regex); `may`: what they may import (path regexes, their
 * own layer included); `node`: whether node's built-in modules are allowed too.
 */
/** @type {Layer[]} */
const layers = [
  {
    name: 'core',
    files: '^src/core/',
    may: ['^src/core/', pureLibs],
    why: 'src/core/ is pure TypeScript: it imports core/ and pure computation libraries only (no node:, electron, DOM, zod or app code)',
  },
  {
    name: 'shared',
    files: '^src/shared/',
    may: ['^src/(shared|core)/', pureLibs, 'node_modules/zod/'],
    why: 'src/shared/ is the contract between the processes: it imports shared/, core/ and zod only',
  },
  {
    name: 'renderer',
    files: '^src/renderer/',
    may: ['^src/(renderer|shared|core)/', pureLibs, 'node_modules/(react|react-dom|@tanstack/[^/]+|uplot|zod)/'],
    why: 'the renderer talks only to window.nightshift: it imports its own code, shared/, pure core/ helpers and the UI libraries',
  },
  {
    name: 'preload',
    files: '^src/preload/',
    may: ['^src/(preload|shared)/', 'node_modules/electron/'],
    why: 'the sandboxed preload imports electron and shared/ only',
  },
  {
    name: 'services',
    files: '^src/main/services/',
    may: ['^src/main/services/', '^src/(core|shared)/', pureLibs, 'node_modules/(better-sqlite3|bullmq|ioredis|piscina|nodemailer|zod)/'],
    node: true,
    why: 'src/main/services/ imports other services, core/, shared/, node and the server libraries, never a shell (api, host, electron, cli)',
  },
  {
    name: 'api',
    files: '^src/main/api/',
    may: ['^src/main/(api|services)/', '^src/(shared|core)/', pureLibs, 'node_modules/zod/'],
    why: 'src/main/api/ is the handler table: a handler parses, calls a service and returns data; it imports services, shared/ and pure core/ helpers',
  },
  {
    name: 'host',
    files: '^src/main/host/',
    may: ['^src/main/(host|api|services)/', '^src/shared/', 'node_modules/(ws|zod)/'],
    node: true,
    why: 'src/main/host/ is the browser shell: it imports the handler table, services, shared/, node and ws',
  },
  {
    name: 'electron',
    files: '^src/main/(electron/|index[.]ts$)',
    may: ['^src/main/', '^src/(shared|core)/', pureLibs, 'node_modules/(electron|zod)/'],
    node: true,
    why: 'src/main/electron/ is the desktop shell: it may use everything in main/ and is the only main code that imports electron',
  },
  {
    name: 'workers',
    files: '^src/workers/',
    may: ['^src/(workers|core|shared)/', pureLibs, 'node_modules/zod/', ...workerSafeMain],
    node: true,
    why: 'src/workers/ holds thread entries: they import core/, shared/, node and the worker-safe main files (a kind\'s run.ts through the worker registry)',
  },
  {
    name: 'cli',
    files: '^src/cli/',
    may: ['^src/(cli|core|shared)/', '^src/main/(services|api|host)/', pureLibs, 'node_modules/(commander|zod)/'],
    node: true,
    why: 'src/cli/ is the command line: it imports services, core/, shared/, node and commander (`nightshift host` also starts the browser shell: api and host)',
  },
];

/**
 * Exceptions to the layer rules, by layer name: none today (each would need a comment saying
 * why and when it goes).
 * @type {Record<string, string[]>}
 */
const temporary = {};

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = layers.map((layer) => ({
  name: `layer-${layer.name}`,
  severity: 'error',
  comment: `${layer.why}. See docs/architecture.md#layers`,
  from: { path: layer.files },
  to: {
    pathNot: [...layer.may, ...(temporary[layer.name] ?? [])],
    ...(layer.node ? { dependencyTypesNot: ['core'] } : {}),
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'every-file-in-a-layer',
      severity: 'error',
      comment: 'each folder of src/ belongs to a layer of .dependency-cruiser.cjs; a new top-level folder needs one (and a line in docs/architecture.md#layers)',
      from: { path: '^src/', pathNot: layers.map((l) => l.files) },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'a cycle (type-only imports included) means two modules are one idea, or one holds a type the other should own. See docs/architecture.md#layers',
      from: {},
      to: { circular: true },
    },
    {
      name: 'services-not-shells',
      severity: 'error',
      comment: 'services get their dependencies passed in and never import a shell (api, host, electron, cli, renderer, preload). See docs/architecture.md#layers',
      from: { path: '^src/main/services/' },
      to: { path: ['^src/main/(api|host|electron)/', '^src/(cli|renderer|preload)/'] },
    },
    {
      name: 'electron-in-shells-only',
      severity: 'error',
      comment: 'only src/main/electron/ and src/preload/ import electron (the CLI, the host and the tests never need its binary). See docs/architecture.md#layers',
      from: { pathNot: ['^src/main/electron/', '^src/preload/'] },
      to: { path: 'node_modules/electron/' },
    },
    {
      name: 'workers-load-worker-safe-code-only',
      severity: 'error',
      comment: 'a worker thread never loads the database, a service\'s state or electron: from src/workers/ it reaches core/, shared/, node and the worker-safe main files only. See docs/architecture.md#task-kinds',
      from: { path: '^src/workers/' },
      to: {
        reachable: true,
        path: ['^src/main/', 'node_modules/(better-sqlite3|electron|nodemailer)/'],
        pathNot: workerSafeMain,
      },
    },
    {
      name: 'kind-run-is-worker-safe',
      severity: 'error',
      comment: 'a kind\'s run.ts runs in a worker thread: it imports core/, shared/, its own folder and the worker-safe files only. See docs/architecture.md#task-kinds',
      from: { path: '^src/main/services/tasks/kinds/[^/]+/run[.]ts$' },
      to: { path: '^src/main/', pathNot: workerSafeMain },
    },
    // Each core module's public face is its index.ts, from outside core/ and from another core
    // module alike (core/extract's index also exports the stages over ranges that the extraction
    // pipeline in src/main/services/extract/ splits across threads).
    {
      name: 'core-through-index',
      severity: 'error',
      comment: 'import a core module through its index.ts (export what you need there): its other files are its own business. See docs/architecture.md#layers',
      from: { pathNot: '^src/core/' },
      to: { path: '^src/core/[^/]+/', pathNot: '^src/core/[^/]+/index[.]ts$' },
    },
    {
      name: 'core-modules-through-index',
      severity: 'error',
      comment: 'one core module imports another through its index.ts. See docs/architecture.md#layers',
      from: { path: '^src/core/([^/]+)/' },
      to: { path: '^src/core/[^/]+/', pathNot: ['^src/core/$1/', '^src/core/[^/]+/index[.]ts$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'an import that resolves to no file',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'a package imported by src/ must be listed in package.json',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'src/ ships: it may not import a devDependency (electron, a devDependency so that it is not packaged twice, is the exception)',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], pathNot: 'node_modules/electron/' },
    },
  ],

  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      mainFields: ['module', 'main'],
    },
  },
};
