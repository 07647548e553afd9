import { raw } from '../api/client.js';
import { useEffect, useState } from 'react';
import { connection, onConnection } from '../api/connection.js';
import { useQuery } from '../api/hooks.js';

/** The bottom line: which task runner is in use, and where the library lives. */
export function StatusLine() {
  const info = useQuery(() => raw.app.info(), ['settings:changed', 'runner:changed']);
  const [online, setOnline] = useState(() => connection().state === 'open');
  useEffect(() => onConnection((c) => setOnline(c.state === 'open')), []);
  let runner = '…';
  // What it last said about the runner is not known to be true while the host is away.
  if (!online) runner = 'not connected to nightshift host';
  else if (info.error) runner = `not connected: ${info.error.message}`;
  else if (info.data?.runner.kind === 'local') runner = `Local pool · ${info.data.runner.threads} thread${info.data.runner.threads === 1 ? '' : 's'}`;
  else if (info.data?.runner.kind === 'broker') runner = `Broker ${info.data.runner.url} · ${info.data.runner.connected ? 'connected' : 'unreachable'}`;
  return (
    <footer className="status-line" data-testid="status-line">
      <span data-testid="runner">{runner}</span>
      {info.data && <span className="muted">{info.data.dataDir}</span>}
      {info.data && <span className="muted">v{info.data.version} · {info.data.shell}</span>}
    </footer>
  );
}
