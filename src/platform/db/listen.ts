// PostgreSQL LISTEN on one channel over a connection of its own, re-established after a drop. A
// notification is only a nudge: whoever listens must read what changed from the tables, because
// notifications sent while the connection was down are lost.
import pg from 'pg';

export interface Listening { stop(): Promise<void> }

export function listen(url: string, channel: string, onNotify: (payload?: string) => void, opts: { retryMs?: number; onError?: (err: unknown) => void } = {}): Listening {
  const retryMs = opts.retryMs ?? 2000;
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', (n) => { if (n.channel === channel) onNotify(n.payload); });
    c.on('error', (err) => { opts.onError?.(err); reconnect(c); });
    c.on('end', () => reconnect(c));
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
      onNotify(); // whatever happened while not listening is read now
    } catch (err) {
      opts.onError?.(err);
      reconnect(c);
    }
  };
  const reconnect = (c: pg.Client) => {
    if (stopped || client !== c || timer) return;
    client = undefined;
    c.end().catch(() => {});
    timer = setTimeout(() => { timer = undefined; void connect(); }, retryMs);
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
