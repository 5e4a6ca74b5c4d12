// A real Server-Sent Events client for tests: an HTTP request on a connection of its own (node:http, no pool:
// a pooled client may keep a spare connection open that a closing server then waits for), the body read as it
// arrives and parsed the way browsers parse it (id, event, data, comment lines). `next` waits for a matching
// event (bounded: a test fails with what arrived instead of hanging).
import http from 'node:http';
export interface SseEvent { id: string | undefined; event: string; data: any }

export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body of a refusal (JSON). */
  body?: string;
  events: SseEvent[];
  /** Comment lines received (heartbeats). */
  comments: string[];
  /** The `retry:` hints received. */
  retries: number[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** The first event after those already taken by `next` that matches (all types by default). */
  next(match?: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Waits until `n` comment lines have arrived. */
  comment(n: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  let taken = 0;
  const waiters = new Set<() => boolean>();
  const wake = () => { for (const w of [...waiters]) w(); };
  function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const v = check();
        if (v === undefined) return false;
        clearTimeout(timer); waiters.delete(attempt); resolve(v); return true;
      };
      const timer = setTimeout(() => { waiters.delete(attempt); reject(new Error(`SSE: timed out: ${what()}`)); }, timeoutMs);
      if (!attempt()) waiters.add(attempt);
    });
  }
  const client: SseClient = {
    status: res.statusCode ?? 0, headers: res.headers, events: [], comments: [], retries: [],
    ended: Promise.resolve(),
    next: (match = () => true, timeoutMs = 10_000) => waitFor(() => {
      const i = client.events.findIndex((e, k) => k >= taken && match(e));
      if (i < 0) return undefined;
      taken = i + 1;
      return client.events[i];
    }, timeoutMs, () => `no matching event; got ${JSON.stringify(client.events.slice(taken))}`),
    comment: async (n, timeoutMs = 10_000) => { await waitFor(() => client.comments.length >= n || undefined, timeoutMs, () => `${client.comments.length} comment lines`); },
    close: () => { req.destroy(); },
  };
  res.setEncoding('utf8');
  if (client.status !== 200) {
    let body = '';
    for await (const chunk of res) body += chunk;
    client.body = body;
    return client;
  }
  client.ended = new Promise<void>((resolve) => {
    let buf = '';
    res.on('data', (chunk: string) => {
      buf += chunk;
      let at;
      while ((at = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, at);
        buf = buf.slice(at + 2);
        let id: string | undefined; let event = 'message'; const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
          else if (line.startsWith('id: ')) id = line.slice(4);
          else if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
          else if (line.startsWith('retry: ')) client.retries.push(Number(line.slice(7)));
        }
        if (data.length) client.events.push({ id, event, data: JSON.parse(data.join('\n')) });
      }
      wake();
    });
    res.on('end', () => { wake(); resolve(); });
    res.on('close', () => { wake(); resolve(); });
    res.on('error', () => resolve());
  });
  return client;
}
