import { useEffect, useState } from 'react';
import { connection, onConnection, type Connection } from '../api/connection.js';

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * Says when the connection to `nightshift host` is lost (the page keeps what it shows and
 * reconnects by itself when the host is back), when the host refuses this page (a new launch),
 * and for a few seconds when it is back.
 */
export function ConnectionBanner() {
  const [c, setC] = useState<Connection>(connection);
  const [back, setBack] = useState(false);
  useEffect(() => {
    let prev = connection();
    return onConnection((next) => {
      setBack(prev.state !== 'open' && next.state === 'open');
      prev = next;
      setC(next);
    });
  }, []);
  useEffect(() => {
    if (!back) return;
    const t = setTimeout(() => setBack(false), 4000);
    return () => clearTimeout(t);
  }, [back]);

  if (c.state === 'lost') {
    return (
      <div className="connection-banner" role="alert" data-testid="connection-banner" data-state="lost">
        Lost the connection to nightshift host at {time(c.since)} UTC. This page shows what it had and reconnects when the host is back
        {c.attempts > 0 ? ` (tried ${c.attempts} time${c.attempts === 1 ? '' : 's'})` : ''}.
      </div>
    );
  }
  if (c.state === 'refused') {
    return (
      <div className="connection-banner" role="alert" data-testid="connection-banner" data-state="refused">
        nightshift host is running again but refuses this page: each launch has a new address. Open the address it printed (its first
        line of output).
      </div>
    );
  }
  if (back) {
    return (
      <div className="connection-banner back" role="status" data-testid="connection-banner" data-state="back">
        Connected to nightshift host again.
      </div>
    );
  }
  return null;
}
