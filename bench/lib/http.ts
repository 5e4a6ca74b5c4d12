// HTTP helpers for the benchmarks: `request` (fetch, for the JSON API; it decodes compressed bodies) and
// `rawGet` (node:http, the body exactly as sent, no decoding, and the size of the header block).
import crypto from 'node:crypto';
import http from 'node:http';

const REQUEST_TIMEOUT_MS = 10_000;

export interface Reply { status: number; headers: Headers; text: string; bytes: number; ms: number }

/** Node's fetch sends no Origin header, so the same-origin check lets these writes through. */
export async function request(url: string, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const t0 = performance.now();
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  return { status: res.status, headers: res.headers, text: buf.toString('utf8'), bytes: buf.length, ms };
}

export function expectStatus(r: { status: number; text?: string; body?: Buffer }, status: number, what: string): void {
  if (r.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${r.status}: ${(r.text ?? r.body?.toString('utf8') ?? '').slice(0, 500)}`);
}

export interface RawReply {
  status: number;
  /** Lower-cased names; repeated headers joined as node:http does. */
  headers: http.IncomingHttpHeaders;
  /** Name/value pairs as received. */
  rawHeaders: string[];
  /** Size of the status line and header block on the wire ("Name: value\r\n" each, the blank line included). */
  headerBytes: number;
  body: Buffer;
  sha256: string;
  ms: number;
  /** Time until the first byte of the body arrived. */
  firstByteMs: number;
}

/** Keeps one connection open, as a browser and wrk do (so the Connection/Keep-Alive answer is the same). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function rawGet(url: string, headers: readonly (readonly [string, string])[]): Promise<RawReply> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: Object.fromEntries(headers), timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let firstByteMs = NaN;
      res.on('data', (c: Buffer) => { if (chunks.length === 0) firstByteMs = performance.now() - t0; chunks.push(c); });
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let headerBytes = Buffer.byteLength(`HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n\r\n`);
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headerBytes += Buffer.byteLength(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`);
        resolve({
          status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, headerBytes, body,
          sha256: crypto.createHash('sha256').update(body).digest('hex'), ms: performance.now() - t0, firstByteMs,
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer after ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

/** Closes the kept-alive connections (before a server under test is stopped). */
export const closeRawConnections = () => agent.destroy();
