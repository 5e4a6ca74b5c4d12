// Sends a shared page from a PageCache in the encoding the reader accepts (compressed once per page version and
// encoding, by the cache), revalidated by that encoding's ETag (304 when the reader already has it).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addVary, encodingFor, etagMatches } from '../../platform/http/compression.js';
import type { CachedPage, PageCache } from '../../platform/http/page-cache.js';

export async function sendCachedPage(cache: PageCache, req: FastifyRequest, reply: FastifyReply, page: CachedPage, state: 'hit' | 'miss', cacheControl = 'no-cache') {
  const encoding = encodingFor(req);
  const etag = cache.etagOf(page, encoding);
  reply.header('x-page-cache', state).header('etag', etag).header('cache-control', cacheControl);
  addVary(reply, 'Accept-Encoding');
  if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  const body = await cache.bodyOf(page, encoding);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(body);
}
