import WebSocket from 'ws';

/** One contract call to a running `nightshift host`, as its page would make it. */
export function callHost(hostUrl: string, channel: string, input?: unknown): Promise<unknown> {
  const url = new URL(hostUrl);
  const token = url.searchParams.get('token') ?? '';
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${url.host}/ws?token=${token}`, { headers: { origin: url.origin } });
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, channel, input })));
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { id?: number; result?: { ok: boolean; data?: unknown; message?: string } };
      if (msg.id !== 1 || !msg.result) return;
      ws.close();
      if (msg.result.ok) resolve(msg.result.data);
      else reject(new Error(msg.result.message));
    });
  });
}
