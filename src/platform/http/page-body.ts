// A page's bytes as the page cache keeps them: one buffer, or the pieces a streamed page was written in
// (site/article-page-stream.ts), kept as they are so the page is never held twice (pieces and their copy).
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export type PageBody = Buffer | readonly Buffer[];

export function bodyLength(body: PageBody): number {
  if (Buffer.isBuffer(body)) return body.length;
  let n = 0;
  for (const part of body) n += part.length;
  return n;
}

/** Ends a response with the body (headers already written or set). */
export function endWith(res: ServerResponse, body: PageBody): void {
  if (Buffer.isBuffer(body)) { res.end(body); return; }
  res.cork();
  for (const part of body) res.write(part);
  res.end();
}

/** What Fastify's reply.send takes for it: the buffer, or a stream of the pieces. */
export function sendable(body: PageBody): Buffer | Readable {
  return Buffer.isBuffer(body) ? body : Readable.from(body, { objectMode: false });
}
