// Rendered pages kept in memory by a key that names everything they depend on (article version,
// campaign version, sort, page): a change produces a new key, so invalidation is exact. A short
// time-to-live refreshes relative times ("5 minutes ago"); a size bound keeps memory flat.
import { createHash } from 'node:crypto';

export interface CachedPage { body: Buffer; etag: string }

export class PageCache {
  private entries = new Map<string, CachedPage & { expires: number }>();
  constructor(private readonly maxEntries = 500, private readonly ttlMs = 60_000) {}

  get(key: string, now = Date.now()): CachedPage | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= now) { this.entries.delete(key); return undefined; }
    // Re-insert to mark as recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  /** Stores the page as bytes (encoded once, not per response) with a strong ETag. */
  set(key: string, html: string, now = Date.now()): CachedPage {
    const body = Buffer.from(html);
    const page = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, expires: now + this.ttlMs };
    this.entries.delete(key);
    this.entries.set(key, page);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return page;
  }

  get size(): number { return this.entries.size; }
}
