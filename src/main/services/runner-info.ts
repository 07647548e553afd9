import { availableParallelism } from 'node:os';
import type { RunnerInfo } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';

/** Local pool size: the setting, or cores − 1 (at least 1). */
export function poolThreads(settings: Settings, cores = availableParallelism()): number {
  return settings.workers.threads ?? Math.max(1, cores - 1);
}

/** Hides the password of a broker URL for display: `redis://:***@host:6379`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** What the status line shows: the runner the settings select. */
export function runnerInfo(settings: Settings, connected: boolean): RunnerInfo {
  if (settings.broker.url) return { kind: 'broker', url: redactUrl(settings.broker.url), connected };
  return { kind: 'local', threads: poolThreads(settings) };
}
