// A local HTTP server standing in for a CDN's purge endpoint (Varnish/nginx PURGE, Cloudflare's API):
// records every request, and answers with the statuses queued in `failNext` first (then 200).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PurgeRequest { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

export interface PurgeSink {
  url: string;
  requests: PurgeRequest[];
  /** Statuses to answer the next requests with, in order (e.g. [503]). */
  failNext: number[];
  close(): Promise<void>;
}

export async function startPurgeSink(): Promise<PurgeSink> {
  const requests: PurgeRequest[] = [];
  const failNext: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = failNext.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ success: status < 400 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, requests, failNext,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
