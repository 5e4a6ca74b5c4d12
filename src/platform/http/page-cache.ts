// Rendered pages kept in memory by a key that names everything they depend on (article version,
// campaign version, sort, page): a change produces a new key, so invalidation is exact. A short
// time-to-live refreshes relative times ("5 minutes ago").
//
// Each page is kept as bytes, and compressed once per page version and encoding: precompress() starts
// brotli and gzip off the request path (after the miss that rendered the page has been answered), and a
// request that arrives before they are done waits for the same compression (bodyOf), never starts
// another. The memory bound counts the bytes of every variant kept, and a number of entries. An entry
// may also keep things derived from it once (memo: the fast lane's prebuilt headers).
import { createHash } from 'node:crypto';
import { compress as defaultCompress, etagForEncoding, type Compressor, type ContentCoding, type Encoding } from './compression.js';
import { bodyLength, type PageBody } from './page-body.js';

interface Entry {
  key: string;
  /** The page itself: one buffer, or the pieces it was streamed in (page-body.ts). */
  identity: PageBody;
  etag: string;
  expires: number;
  variants: Map<Encoding, Promise<Buffer>>;
  /** Variants whose compression has finished, for synchronous reads. */
  ready: Map<Encoding, Buffer>;
  memos: Map<string, unknown>;
  bytes: number;
  live: boolean;
}

/** One cached page version; read it with PageCache.etagOf and PageCache.bodyOf. */
export type CachedPage = Readonly<Pick<Entry, 'identity' | 'etag'>>;

export interface PageCacheOptions {
  maxEntries?: number;
  /** Bound on the bytes of all pages and all their compressed variants together. */
  maxBytes?: number;
  ttlMs?: number;
  compress?: Compressor;
  /** Told of every lookup, hit or miss (the metrics' counter). */
  onLookup?: (result: 'hit' | 'miss') => void;
}

export class PageCache {
  private entries = new Map<string, Entry>();
  private totalBytes = 0;
  /** The entry last inserted or re-inserted (the Map's last). */
  private newest: Entry | undefined;
  private compressionCount = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly compress: Compressor;
  private readonly onLookup: ((result: 'hit' | 'miss') => void) | undefined;

  constructor(opts: PageCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 500;
    this.maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.compress = opts.compress ?? defaultCompress;
    this.onLookup = opts.onLookup;
  }

  get(key: string, now = Date.now()): CachedPage | undefined {
    const e = this.lookup(key, now);
    this.onLookup?.(e ? 'hit' : 'miss');
    return e;
  }

  /**
   * A page whose bytes in `encoding` are ready now, with those bytes (counted as a hit); else undefined, not
   * counted (a request not served from here looks again, and is counted, on the ordinary path).
   */
  readyHit(key: string, encoding: Encoding, now = Date.now()): { page: CachedPage; body: PageBody } | undefined {
    const e = this.lookup(key, now);
    const body = e && (encoding === 'identity' ? e.identity : e.ready.get(encoding));
    if (!body) return undefined;
    this.onLookup?.('hit');
    return { page: e!, body };
  }

  private lookup(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= now) { this.remove(e); return undefined; }
    // Re-insert to mark as recently used, unless it is the most recent already (a busy page hit again).
    if (this.newest !== e) {
      this.entries.delete(key);
      this.entries.set(key, e);
      this.newest = e;
    }
    return e;
  }

  /**
   * Stores the page as bytes (encoded once, not per response; a streamed page's pieces as they are) with a
   * strong ETag, for the cache's time to live or until `until` (milliseconds) when that comes first.
   */
  set(key: string, html: string | readonly Buffer[], now = Date.now(), until = Infinity): CachedPage {
    const identity = typeof html === 'string' ? Buffer.from(html) : html;
    const hash = createHash('sha1');
    if (Buffer.isBuffer(identity)) hash.update(identity);
    else for (const part of identity) hash.update(part);
    const entry: Entry = {
      key, identity, etag: `"${hash.digest('base64url')}"`, expires: Math.min(now + this.ttlMs, until),
      variants: new Map(), ready: new Map(), memos: new Map(), bytes: bodyLength(identity), live: true,
    };
    const old = this.entries.get(key);
    if (old) this.remove(old);
    this.entries.set(key, entry);
    this.newest = entry;
    this.totalBytes += entry.bytes;
    this.evict();
    return entry;
  }

  /** The ETag of one encoding of a page (no compression needed to know it). */
  etagOf(page: CachedPage, encoding: Encoding): string {
    return etagForEncoding(page.etag, encoding);
  }

  /** The page's bytes in one encoding, compressed on the first request of that encoding only. */
  bodyOf(page: CachedPage, encoding: ContentCoding): Promise<Buffer>;
  bodyOf(page: CachedPage, encoding: Encoding): Promise<PageBody>;
  bodyOf(page: CachedPage, encoding: Encoding): Promise<PageBody> {
    if (encoding === 'identity') return Promise.resolve(page.identity);
    const entry = page as Entry;
    let variant = entry.variants.get(encoding);
    if (!variant) {
      this.compressionCount++;
      variant = this.compress(entry.identity, encoding, 'cached').then(
        (body) => {
          entry.ready.set(encoding, body);
          if (entry.live) { entry.bytes += body.length; this.totalBytes += body.length; this.evict(); }
          return body;
        },
        (err: unknown) => { entry.variants.delete(encoding); throw err; },
      );
      entry.variants.set(encoding, variant);
    }
    return variant;
  }

  /** Starts compressing the page in every encoding, after the current request has been answered. */
  precompress(page: CachedPage, encodings: readonly Encoding[] = ['br', 'gzip']): void {
    setImmediate(() => {
      if (!(page as Entry).live) return;
      for (const encoding of encodings) this.bodyOf(page, encoding).catch(() => { /* the next request compresses again */ });
    });
  }

  /** A value derived from the page once, kept as long as the page (`name` tells values of one page apart). */
  memo<T>(page: CachedPage, name: string, make: () => T): T {
    const memos = (page as Entry).memos;
    let value = memos.get(name) as T | undefined;
    if (value === undefined) { value = make(); memos.set(name, value); }
    return value;
  }

  get size(): number { return this.entries.size; }

  /** Drops every page. */
  clear(): void {
    for (const e of [...this.entries.values()]) this.remove(e);
  }

  /** Drops every page whose key starts with `prefix` (a subject changed: its pages are stale anyway). */
  evictPrefix(prefix: string): number {
    let n = 0;
    for (const e of [...this.entries.values()]) if (e.key.startsWith(prefix)) { this.remove(e); n++; }
    return n;
  }

  /** Entries, bytes held (every variant counted) and compressions done since start. */
  stats(): { entries: number; bytes: number; compressions: number } {
    return { entries: this.entries.size, bytes: this.totalBytes, compressions: this.compressionCount };
  }

  private remove(e: Entry) {
    if (!e.live) return;
    e.live = false;
    if (this.newest === e) this.newest = undefined;
    this.entries.delete(e.key);
    this.totalBytes -= e.bytes;
  }

  private evict() {
    while (this.entries.size > 0 && (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes)) {
      this.remove(this.entries.values().next().value!);
    }
  }
}
