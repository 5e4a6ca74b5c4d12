// Rendered pages kept in memory by a key that names everything they depend on (article version,
// campaign version, sort, page): a change produces a new key, so invalidation is exact. A short
// time-to-live refreshes relative times ("5 minutes ago").
//
// Each page is kept as bytes, and compressed lazily: the first request that asks for brotli (or gzip)
// compresses that page version once, and every later request of that encoding gets the same bytes.
// Lazily, because a miss is on a reader's path: compressing only the encoding the reader asked for
// keeps it short, and encodings nobody asks for cost nothing. The memory bound counts the bytes of
// every variant kept, and a number of entries.
import { createHash } from 'node:crypto';
import { compress as defaultCompress, etagForEncoding, type Compressor, type Encoding } from './compression.js';

interface Entry {
  key: string;
  identity: Buffer;
  etag: string;
  expires: number;
  variants: Map<Encoding, Promise<Buffer>>;
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

  private lookup(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= now) { this.remove(e); return undefined; }
    // Re-insert to mark as recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  /** Stores the page as bytes (encoded once, not per response) with a strong ETag. */
  set(key: string, html: string, now = Date.now()): CachedPage {
    const identity = Buffer.from(html);
    const entry: Entry = {
      key, identity, etag: `"${createHash('sha1').update(identity).digest('base64url')}"`, expires: now + this.ttlMs,
      variants: new Map(), bytes: identity.length, live: true,
    };
    const old = this.entries.get(key);
    if (old) this.remove(old);
    this.entries.set(key, entry);
    this.totalBytes += entry.bytes;
    this.evict();
    return entry;
  }

  /** The ETag of one encoding of a page (no compression needed to know it). */
  etagOf(page: CachedPage, encoding: Encoding): string {
    return etagForEncoding(page.etag, encoding);
  }

  /** The page's bytes in one encoding, compressed on the first request of that encoding only. */
  bodyOf(page: CachedPage, encoding: Encoding): Promise<Buffer> {
    if (encoding === 'identity') return Promise.resolve(page.identity);
    const entry = page as Entry;
    let variant = entry.variants.get(encoding);
    if (!variant) {
      this.compressionCount++;
      variant = this.compress(entry.identity, encoding, 'cached').then(
        (body) => {
          if (entry.live) { entry.bytes += body.length; this.totalBytes += body.length; this.evict(); }
          return body;
        },
        (err: unknown) => { entry.variants.delete(encoding); throw err; },
      );
      entry.variants.set(encoding, variant);
    }
    return variant;
  }

  get size(): number { return this.entries.size; }

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
    this.entries.delete(e.key);
    this.totalBytes -= e.bytes;
  }

  private evict() {
    while (this.entries.size > 0 && (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes)) {
      this.remove(this.entries.values().next().value!);
    }
  }
}
