/**
 * Channel and event names without their schemas, for the preload (which must stay small and
 * validates nothing: the main process does). Kept equal to `contract.ts` by a test.
 */
export const CHANNELS = ['app:info', 'settings:get', 'settings:set', 'tasks:list', 'products:list', 'library:list', 'products:get', 'products:overlapping', 'sources:list', 'notices:list', 'broker:test', 'secrets:set', 'secrets:status', 'tasks:pause', 'tasks:get', 'tasks:cancel', 'tasks:retry', 'products:import', 'products:extract', 'library:remove', 'products:setFrameType', 'calib:masters', 'calib:choose', 'targets:list', 'targets:get', 'targets:create', 'targets:update', 'targets:delete', 'targets:importCsv', 'targets:exportCsv', 'targets:images', 'targets:link', 'targets:unlink', 'targets:lightcurve', 'targets:exportPhotometry', 'targets:visibility', 'targets:comparisons', 'targets:setComparison', 'targets:measure', 'targets:ofProduct', 'solve:indexes'] as const;
export const EVENT_NAMES = ['tasks:changed', 'products:changed', 'settings:changed', 'runner:changed', 'notice', 'open', 'queue:changed', 'targets:changed'] as const;

/** The single IPC channel that carries push events; its first argument is the event name. */
export const EVENT_CHANNEL = 'nightshift:event';
