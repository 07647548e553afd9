import { useCallback, useEffect, useState } from 'react';
import type { EventName } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import { call, raw } from './client.js';

export interface Query<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a contract call, and again whenever one of `events` arrives — at most once per
 * `throttleMs`, so a burst of progress events costs one reload, not hundreds.
 */
export function useQuery<T>(fetcher: () => Promise<Result<T>>, events: readonly EventName[] = [], throttleMs = 200): Query<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    call(fetcher()).then(
      (value) => {
        if (!alive) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!alive) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [tick]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const schedule = () => {
      if (timer) return;
      const wait = Math.max(0, last + throttleMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        reload();
      }, wait);
    };
    const offs = events.map((event) => raw.on(event, schedule));
    return () => {
      offs.forEach((off) => off());
      if (timer) clearTimeout(timer);
    };
  }, [events.join(','), reload, throttleMs]);

  return { data, error, loading, reload };
}
