import type { Channel } from '../../shared/contract.js';
import { runnerInfo } from '../services/runner-info.js';
import { checkBroker } from '../services/broker-check.js';
import { listLibraryRows, listProductRows, toProductView } from '../services/library/product-rows.js';
import { encodeLibraryList } from '../../shared/library-list.js';
import { installedIndexes } from '../services/solve/installed.js';
import { getCatalog, getProductDetail } from '../services/library/catalog-query.js';
import { importPaths } from '../services/library/import-paths.js';
import { removalPreview, removeProducts } from '../services/library/remove-products.js';
import { overlappingProducts } from '../services/library/field-overlap.js';
import type { Handler } from './handler.js';
import { targetHandlers } from './target-handlers.js';

export type { Handler, HandlerContext, Shell } from './handler.js';

/** One thin handler per channel: arguments are already parsed; call a service, return data. */
export const handlers: { [C in Channel]: Handler<C> } = {
  'app:info': (_input, { services, shell }) => ({
    version: services.version,
    dataDir: services.paths.root,
    shell,
    runner: runnerInfo(services.settings.get(), services.tasks.brokerReachable),
    queuePaused: services.tasks.paused,
  }),
  'settings:get': (_input, { services }) => services.settings.get(),
  'settings:set': (patch, { services }) => services.settings.set(patch),
  'tasks:list': (filter, { services }) => services.tasks.list(filter ?? {}),
  'products:list': (input, { services }) => listProductRows(services.db, input?.limit, input?.order).map(toProductView),
  'library:list': (input, { services }) => encodeLibraryList(listLibraryRows(services.db, input?.limit)),
  'products:get': ({ id }, { services }) => getProductDetail(services.db, id),
  'products:overlapping': ({ id }, { services }) => overlappingProducts(services.db, id),
  'sources:list': ({ productId }, { services }) => getCatalog(services.db, productId),
  'notices:list': (_input, { services }) => services.notices.recent(),
  'tasks:pause': ({ paused }, { services }) => {
    services.tasks.setPaused(paused);
    return { paused: services.tasks.paused };
  },
  'broker:test': ({ url }) => checkBroker(url),
  'solve:indexes': (_input, { services }) => installedIndexes(services.settings.get().solve.indexDirs),
  'secrets:set': ({ name, value }, { services }) => {
    services.secrets.set(name, value);
    return { stored: value !== null };
  },
  'secrets:status': (_input, { services }) => ({ 'smtp.password': services.secrets.has('smtp.password') }),
  'tasks:get': ({ id }, { services }) => services.tasks.get(id),
  'tasks:cancel': ({ id }, { services }) => services.tasks.cancel(id),
  'tasks:retry': ({ id }, { services }) => services.tasks.retry(id),
  'products:import': ({ paths }, { services }) =>
    importPaths(services, paths, { extract: services.settings.get().extraction.onImport, batchId: `import-${Date.now().toString(36)}` }),
  'products:extract': ({ id, options }, { services }) => {
    services.library.get(id);
    return services.tasks.enqueue('extract', { productId: id, options }, { priority: 10 });
  },
  'library:remove': async ({ ids, dryRun }, { services }) => {
    if (dryRun) return removalPreview(services, ids);
    const removed = await removeProducts(services, ids);
    services.calibration.plan(); // a removed master: its lights are calibrated again with the next best
    return removed;
  },
  'products:setFrameType': ({ id, frameType }, { services }) => {
    services.calibration.setFrameType(id, frameType);
    return services.library.get(id);
  },
  'calib:masters': ({ id }, { services }) => services.calibration.masters(id),
  'calib:choose': (input, { services }) => services.calibration.choose(input),
  ...targetHandlers,
};
