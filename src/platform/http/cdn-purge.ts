// Purges a CDN's or reverse proxy's cached pages by surrogate key. No domain knowledge: the composition
// root decides which events purge which keys. Keys asked for within a short window are sent together;
// a failed request (network error or 5xx) is retried with back-off, then logged; purge() never throws.
export type PurgeMode = 'none' | 'http' | 'cloudflare';

export interface PurgerOptions {
  mode: PurgeMode;
  /** http: the URL each key is sent to (Varnish xkey, nginx purge location). */
  url?: string;
  /** http: the request method (PURGE by default). */
  method?: string;
  cloudflare?: { zoneId: string; apiToken: string; apiBase: string };
  /** Keys requested within this time go out together (default 50 ms). */
  batchMs?: number;
  /** Attempts per request (default 4) and the first retry's delay, doubled each time (default 250 ms). */
  attempts?: number;
  retryDelayMs?: number;
  /** A request without an answer by then counts as a network error (default 5 s). */
  timeoutMs?: number;
  /** Failures that outlived their retries. */
  onError?: (err: unknown, keys: string[]) => void;
  fetch?: typeof fetch;
}

/** Cloudflare's purge_cache takes at most 30 tags per call. */
export const CLOUDFLARE_TAGS_PER_CALL = 30;

export interface Purger {
  /** Asks for these keys to be purged soon (batched); never throws. */
  purge(keys: Iterable<string>): void;
  /** Sends what is pending now and waits for every request under way, or at most `maxWaitMs` (shutdown). */
  flush(maxWaitMs?: number): Promise<void>;
}

class PurgeFailed extends Error {
  constructor(readonly status: number) { super(`purge answered ${status}`); }
}

export function createPurger(opts: PurgerOptions): Purger {
  if (opts.mode === 'none') return { purge() {}, flush: async () => {} };
  const doFetch = opts.fetch ?? fetch;
  const attempts = opts.attempts ?? 4;
  const retryDelayMs = opts.retryDelayMs ?? 250;
  const batchMs = opts.batchMs ?? 50;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const pending = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;

  async function send(init: () => Promise<Response>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await init();
        await res.arrayBuffer().catch(() => undefined);
        if (res.status < 500) {
          if (!res.ok) throw Object.assign(new PurgeFailed(res.status), { final: true });
          return;
        }
        throw new PurgeFailed(res.status);
      } catch (err) {
        if ((err as { final?: boolean }).final || attempt >= attempts) throw err;
        await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  function requestsFor(keys: string[]): { keys: string[]; run: () => Promise<Response> }[] {
    if (opts.mode === 'http') {
      const url = opts.url!;
      const method = opts.method ?? 'PURGE';
      return keys.map((key) => ({ keys: [key], run: () => doFetch(url, { method, headers: { 'surrogate-key': key, xkey: key }, signal: AbortSignal.timeout(timeoutMs) }) }));
    }
    const cf = opts.cloudflare!;
    const out: { keys: string[]; run: () => Promise<Response> }[] = [];
    for (let i = 0; i < keys.length; i += CLOUDFLARE_TAGS_PER_CALL) {
      const tags = keys.slice(i, i + CLOUDFLARE_TAGS_PER_CALL);
      out.push({
        keys: tags,
        run: () => doFetch(`${cf.apiBase.replace(/\/$/, '')}/zones/${encodeURIComponent(cf.zoneId)}/purge_cache`, {
          method: 'POST',
          headers: { authorization: `Bearer ${cf.apiToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ tags }),
          signal: AbortSignal.timeout(timeoutMs),
        }),
      });
    }
    return out;
  }

  function sendPending() {
    timer = undefined;
    const keys = [...pending];
    pending.clear();
    for (const r of requestsFor(keys)) {
      const p = send(r.run).catch((err: unknown) => opts.onError?.(err, r.keys)).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }

  return {
    purge(keys) {
      for (const k of keys) pending.add(k);
      if (pending.size > 0 && !timer) timer = setTimeout(sendPending, batchMs).unref();
    },
    async flush(maxWaitMs = Infinity) {
      if (timer) { clearTimeout(timer); sendPending(); }
      const deadline = Date.now() + maxWaitMs;
      while (inFlight.size > 0 && Date.now() < deadline) {
        let wake: NodeJS.Timeout | undefined;
        const limit = Number.isFinite(maxWaitMs) ? new Promise<void>((r) => { wake = setTimeout(r, deadline - Date.now()).unref(); }) : new Promise<void>(() => {});
        await Promise.race([Promise.all([...inFlight]), limit]);
        clearTimeout(wake);
      }
    },
  };
}
