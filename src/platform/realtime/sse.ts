// Server-Sent Events without domain knowledge: streams grouped by channel (an article's discussion is one), a
// message formatted and encoded once and written to every stream of its channel, one heartbeat timer for all
// streams, a cap on open streams, and an end to every stream when the app closes.
//
// A stream is answered outside Fastify's reply pipeline (reply.hijack()): the headers that the app's hooks set
// (security headers) are copied, the onSend hooks (compression) never see the body, so nothing buffers it.
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.js';

export interface SseMessage {
  /** The SSE `id:` (a client reconnecting sends the last one back as Last-Event-ID); left out when undefined. */
  id?: number;
  event: string;
  data: unknown;
}

export interface SseHubOptions {
  /** A comment line is written to every stream this often, so that proxies keep idle connections open. */
  heartbeatMs: number;
  /** Open streams per process; the next one is answered 503 TOO_MANY_STREAMS. */
  maxStreams: number;
  /** Open streams per client network (its key, passed to `open`); the next one is answered 429 TOO_MANY_STREAMS. */
  maxPerClient?: number;
  /** The client's reconnection delay (the `retry:` hint). */
  retryMs?: number;
  /** A client that does not read: its stream is ended once this much waits unsent (it reconnects and resumes). */
  maxBufferedBytes?: number;
}

/** One event in SSE's text format: `data` as JSON on one line (JSON never contains a raw line break). */
export function formatSse(m: SseMessage): string {
  return `${m.id !== undefined ? `id: ${m.id}\n` : ''}event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`;
}

interface Held { id: number | undefined; chunk: Buffer }

export class SseStream {
  /** Messages published while the stream was catching up (see `live()`); undefined once live. */
  private held: Held[] | undefined = [];
  /** Ids sent while catching up: a message published meanwhile is not sent twice. */
  private sentIds = new Set<number>();
  closed = false;

  constructor(readonly channel: string, readonly client: string, private readonly res: ServerResponse, private readonly onClose: (s: SseStream) => void, private readonly maxBuffered: number) {
    res.on('close', () => this.close());
  }

  /** Sends a message now (the stream's own catch-up, or a reset), whether or not it is live yet. */
  send(m: SseMessage): void {
    if (m.id !== undefined) this.sentIds.add(m.id);
    this.write(Buffer.from(formatSse(m)));
  }

  /** Ends catching up: what was published meanwhile and not sent already goes out, then everything as it comes. */
  live(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const h of held) if (h.id === undefined || !this.sentIds.has(h.id)) this.write(h.chunk);
    this.sentIds.clear();
  }

  /** A published message (encoded once for the channel). */
  deliver(id: number | undefined, chunk: Buffer): void {
    if (this.held) this.held.push({ id, chunk });
    else this.write(chunk);
  }

  write(chunk: Buffer): void {
    if (this.closed) return;
    if (this.res.writableLength > this.maxBuffered) { this.close(); return; }
    this.res.write(chunk);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = undefined;
    this.onClose(this);
    if (!this.res.writableEnded) this.res.end();
  }
}

const HEARTBEAT = Buffer.from(': heartbeat\n\n');

export function createSseHub(opts: SseHubOptions) {
  const channels = new Map<string, Set<SseStream>>();
  const perClient = new Map<string, number>();
  let open = 0;
  let closing = false;
  const retryMs = opts.retryMs ?? 3000;
  const maxBuffered = opts.maxBufferedBytes ?? 256 * 1024;

  const heartbeat = setInterval(() => {
    for (const set of channels.values()) for (const s of set) s.write(HEARTBEAT);
  }, opts.heartbeatMs);
  heartbeat.unref();

  const remove = (s: SseStream) => {
    const set = channels.get(s.channel);
    if (!set?.delete(s)) return;
    open--;
    const n = (perClient.get(s.client) ?? 1) - 1;
    if (n > 0) perClient.set(s.client, n); else perClient.delete(s.client);
    if (set.size === 0) channels.delete(s.channel);
  };

  return {
    /**
     * Answers the request with an event stream on `channel` for `client` (its network's key): refused with 503
     * beyond the process's cap or while closing, with 429 beyond the client's own cap.
     * The stream holds published messages until `live()`: send what it missed first, then call it.
     */
    open(req: FastifyRequest, reply: FastifyReply, channel: string, client: string): SseStream {
      if (closing || open >= opts.maxStreams) {
        reply.header('retry-after', '30');
        throw new AppError(503, 'TOO_MANY_STREAMS', 'Too many live connections; try again later');
      }
      if (opts.maxPerClient !== undefined && (perClient.get(client) ?? 0) >= opts.maxPerClient) {
        reply.header('retry-after', '30');
        throw new AppError(429, 'TOO_MANY_STREAMS', 'Too many live connections from your network; close some pages and try again');
      }
      reply.hijack();
      const res = reply.raw;
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      const stream = new SseStream(channel, client, res, remove, maxBuffered);
      if (req.method === 'HEAD') { stream.close(); return stream; }
      req.raw.socket?.setNoDelay(true);
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      set.add(stream);
      open++;
      perClient.set(client, (perClient.get(client) ?? 0) + 1);
      res.write(`retry: ${retryMs}\n\n`);
      return stream;
    },
    /** Writes a message to every stream of the channel; returns how many got (or hold) it. */
    publish(channel: string, m: SseMessage): number {
      const set = channels.get(channel);
      if (!set) return 0;
      const chunk = Buffer.from(formatSse(m));
      for (const s of set) s.deliver(m.id, chunk);
      return set.size;
    },
    /** Whether anyone listens on the channel (work for a message is skipped when nobody does). */
    has: (channel: string) => channels.has(channel),
    count: () => open,
    /**
     * Ends every stream and refuses new ones (the app is closing); with `last`, each stream gets that message
     * first (e.g. telling the client to reconnect, which a balancer sends to another instance).
     */
    close(last?: SseMessage): void {
      closing = true;
      clearInterval(heartbeat);
      const chunk = last && Buffer.from(formatSse(last));
      for (const set of [...channels.values()]) for (const s of [...set]) { if (chunk) s.write(chunk); s.close(); }
    },
  };
}

export type SseHub = ReturnType<typeof createSseHub>;
