// Sends a generated document with validators: a strong ETag over its bytes (per content coding, as the
// compression hook will encode it) and Last-Modified from its newest item; 304 when the reader has it.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cdnKeys } from '../../platform/http/cdn-headers.js';
import { addVary, encodingFor, etagForEncoding, etagMatches, MIN_COMPRESS_BYTES } from '../../platform/http/compression.js';

/** Whole seconds: HTTP dates carry no fractions. */
const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;

export function notModified(req: FastifyRequest, etag: string, lastModified: string | undefined): boolean {
  const inm = req.headers['if-none-match'];
  // If-None-Match, when present, decides alone (RFC 9110 §13.2.2).
  if (inm !== undefined) return etagMatches(Array.isArray(inm) ? inm.join(',') : inm, etag);
  const ims = req.headers['if-modified-since'];
  if (!ims || !lastModified || Array.isArray(ims)) return false;
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return false;
  return seconds(Date.parse(lastModified)) <= since;
}

/** `keys` name what the document shows for a CDN's purge (a listing unless told otherwise). */
export function sendDocument(req: FastifyRequest, reply: FastifyReply, body: string, contentType: string, lastModified?: string, keys: string[] = ['listing']) {
  cdnKeys(reply, ...keys);
  const bytes = Buffer.from(body, 'utf8');
  const base = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
  // The compression hook encodes bodies of this size and up, and then tags the ETag with the coding.
  const encoding = bytes.length >= MIN_COMPRESS_BYTES ? encodingFor(req) : 'identity';
  const etag = etagForEncoding(base, encoding);
  reply.type(contentType).header('cache-control', 'no-cache');
  if (lastModified) reply.header('last-modified', new Date(seconds(Date.parse(lastModified))).toUTCString());
  addVary(reply, 'Accept-Encoding');
  if (notModified(req, etag, lastModified)) return reply.code(304).header('etag', etag).send();
  return reply.header('etag', base).send(bytes);
}
