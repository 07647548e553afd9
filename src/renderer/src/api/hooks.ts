import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import { call, raw } from './client.js';
import { onReconnect } from './connection.js';

export interface Query<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a contract call, and again whenever one of `events` arrives — at most once per
 * `throttleMs`, so a burst of progress events costs one reload, not hundreds; and never while
 * the previous load is still running (events meanwhile cost one more load after it), so a slow
 * call (the list of 30,000 targets a CSV import just made, with an event per target) cannot
 * pile up on the host; and again when the connection to the host is back after being lost.
 * `initial`, if given, is the data until the first load ends (an answer the page came with, so
 * that the first render shows it); `loading` is then false during that first load (nothing is
 * missing), and the load changes no state unless its answer differs.
 */
export function useQuery<T>(fetcher: () => Promise<Result<T>>, events: readonly EventName[] = [], throttleMs = 200, initial?: T): Query<T> {
  const [data, setData] = useState<T | undefined>(initial);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(initial === undefined);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const running = useRef(false);
  const stale = useRef(false);
  // with data to show from the start, the first load is no news: no state set when it begins
  // (a state set in a mount effect renders the page again before the browser paints it)
  const quietStart = useRef(initial !== undefined);

  useEffect(() => {
    let alive = true;
    if (!quietStart.current) setLoading(true);
    quietStart.current = false;
    running.current = true;
    const settle = () => {
      running.current = false;
      if (stale.current) {
        stale.current = false;
        reload();
      }
    };
    call(fetcher()).then(
      (value) => {
        if (!alive) return;
        setData(value);
        setError(null);
        setLoading(false);
        settle();
      },
      (err: unknown) => {
        if (!alive) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        setLoading(false);
        settle();
      },
    );
    return () => {
      alive = false;
      running.current = false;
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
        if (running.current) stale.current = true;
        else reload();
      }, wait);
    };
    const offs = events.map((event) => raw.on(event, schedule));
    return () => {
      offs.forEach((off) => off());
      if (timer) clearTimeout(timer);
    };
  }, [events.join(','), reload, throttleMs]);

  // Events sent while the connection was down are lost: load again when it is back.
  useEffect(
    () =>
      onReconnect(() => {
        if (running.current) stale.current = true;
        else reload();
      }),
    [reload],
  );

  return { data, error, loading, reload };
}
