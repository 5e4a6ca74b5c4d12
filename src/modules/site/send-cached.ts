// Sends a shared page from a PageCache in the encoding the reader accepts (compressed once per page version and
// encoding, by the cache), revalidated by that encoding's ETag (304 when the reader already has it).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addVary, encodingFor, etagMatches } from '../../platform/http/compression.js';
import type { CachedPage, PageCache } from '../../platform/http/page-cache.js';
import { bodyLength, sendable } from '../../platform/http/page-body.js';

export async function sendCachedPage(cache: PageCache, req: FastifyRequest, reply: FastifyReply, page: CachedPage, state: 'hit' | 'miss', cacheControl = 'no-cache') {
  const encoding = encodingFor(req);
  const etag = cache.etagOf(page, encoding);
  reply.header('x-page-cache', state).header('etag', etag).header('cache-control', cacheControl);
  addVary(reply, 'Accept-Encoding');
  if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  const body = await cache.bodyOf(page, encoding);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  // A page kept in pieces goes out as a stream of them: its length is known, so it is said.
  if (!Buffer.isBuffer(body)) reply.header('content-length', bodyLength(body));
  return reply.send(sendable(body));
}
