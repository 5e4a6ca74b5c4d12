// Response compression: content negotiation (Accept-Encoding with q-values), brotli and gzip at three
// strengths, per-encoding ETags, and an onSend hook that compresses other responses on the fly.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { bodyLength, type PageBody } from './page-body.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type ContentCoding = 'br' | 'gzip';
export type Encoding = ContentCoding | 'identity';

/**
 * How hard to work: `static` for assets compressed once at start (best ratio), `cached` for pages
 * compressed once per version on a reader's request (fast, good ratio), `fast` for every other response.
 */
export type Effort = 'static' | 'cached' | 'fast';

const brotliQuality: Record<Effort, number> = { static: 11, cached: 5, fast: 4 };
const gzipLevel: Record<Effort, number> = { static: 9, cached: 6, fast: 5 };

/** Responses smaller than this go out as they are: the saving would not pay for the work. */
export const MIN_COMPRESS_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compresses a body (a page kept in pieces too: the pieces go through one stream, never joined first). */
export type Compressor = (body: PageBody, coding: ContentCoding, effort: Effort) => Promise<Buffer>;

const brotliOptions = (effort: Effort, size: number): zlib.BrotliOptions => ({
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality[effort],
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
  },
});

/** A compressing stream at the given effort (`size`: the body's length when known, a hint for brotli). */
export function compressionStream(coding: ContentCoding, effort: Effort, size = 0): zlib.BrotliCompress | zlib.Gzip {
  return coding === 'br' ? zlib.createBrotliCompress(brotliOptions(effort, size)) : zlib.createGzip({ level: gzipLevel[effort] });
}

export const compress: Compressor = async (body, coding, effort) => {
  if (Buffer.isBuffer(body)) return coding === 'br' ? brotli(body, brotliOptions(effort, body.length)) : gzip(body, { level: gzipLevel[effort] });
  const out: Buffer[] = [];
  await pipeline(Readable.from(body, { objectMode: false }), compressionStream(coding, effort, bodyLength(body)), async (compressed: AsyncIterable<Buffer>) => {
    for await (const chunk of compressed) out.push(chunk);
  });
  return Buffer.concat(out);
};

/** The q-value of every coding named in an Accept-Encoding header (lower-cased; x-gzip counts as gzip). */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*(.*)$/i.exec(p);
      if (m) q = /^[0-9.]+$/.test(m[1]!) ? Number(m[1]) : NaN;
    }
    if (!Number.isFinite(q) || q < 0 || q > 1) continue; // a malformed weight: the entry is ignored
    const coding = name.toLowerCase() === 'x-gzip' ? 'gzip' : name.toLowerCase();
    weights.set(coding, Math.max(q, weights.get(coding) ?? 0));
  }
  return weights;
}

/**
 * The best encoding the client accepts: the highest q-value wins, brotli before gzip on a tie; identity
 * when nothing offered is accepted (also when the client refuses identity too: an unencoded answer is
 * more useful than a 406). Without the header, identity.
 */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const weights = parseAcceptEncoding(header);
  const any = weights.get('*');
  const weightOf = (coding: string) => weights.get(coding) ?? any ?? 0;
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const coding of ['br', 'gzip'] as const) {
    const q = weightOf(coding);
    if (q > bestQ) { best = coding; bestQ = q; }
  }
  // Identity only outranks a coding when the client ranks it explicitly above that coding.
  const identity = weights.get('identity');
  if (identity !== undefined && identity > bestQ) return 'identity';
  return best;
}

/** The encoding for this request's response body; HEAD answers are never compressed. */
export function encodingFor(req: FastifyRequest): Encoding {
  if (req.method === 'HEAD') return 'identity';
  const header = req.headers['accept-encoding'];
  return negotiateEncoding(Array.isArray(header) ? header.join(',') : header);
}

/** An ETag for one encoding of a representation: `"abc"` → `"abc-br"` (weak ones stay weak). */
export function etagForEncoding(etag: string, encoding: Encoding): string {
  if (encoding === 'identity') return etag;
  return etag.endsWith('"') ? `${etag.slice(0, -1)}-${encoding}"` : `${etag}-${encoding}`;
}

/** If-None-Match against one ETag, by weak comparison as RFC 9110 asks for GET/HEAD. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  const wanted = bare(etag);
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === wanted);
}

/** Adds a token to the Vary header once, keeping whatever another part of the app put there. */
export function addVary(reply: FastifyReply, token: string): void {
  const current = reply.getHeader('vary');
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  if (list.includes('*') || list.some((v) => v.toLowerCase() === token.toLowerCase())) return;
  reply.header('vary', [...list, token].join(', '));
}

/** Text formats worth compressing; images (SVG included), fonts and archives are left as they are. */
export function isCompressibleType(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || /^application\/(json|javascript|xml|[\w.-]+\+(json|xml))$/.test(type);
}

/**
 * Compresses responses nobody compressed before them (JSON, personal and admin pages, error pages):
 * fast settings, only above MIN_COMPRESS_BYTES, never 204/304/HEAD or bodies already encoded.
 */
export function installCompression(app: FastifyInstance, deps: { compress?: Compressor } = {}): void {
  const run = deps.compress ?? compress;
  app.addHook('onSend', async (req, reply, payload) => {
    if (!isCompressibleType(String(reply.getHeader('content-type') ?? ''))) return payload;
    addVary(reply, 'Accept-Encoding');
    const status = reply.statusCode;
    if (status < 200 || status === 204 || status === 304) return payload;
    if (reply.getHeader('content-encoding')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (Buffer.byteLength(payload) < MIN_COMPRESS_BYTES) return payload;
    const encoding = encodingFor(req);
    if (encoding === 'identity') return payload;
    const body = await run(Buffer.isBuffer(payload) ? payload : Buffer.from(payload), encoding, 'fast');
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    const etag = reply.getHeader('etag');
    if (typeof etag === 'string') reply.header('etag', etagForEncoding(etag, encoding));
    return body;
  });
}
