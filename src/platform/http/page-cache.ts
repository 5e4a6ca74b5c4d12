// Rendered pages kept in memory by a key that names everything they depend on (article version,
// campaign version, sort, page): a change produces a new key, so invalidation is exact. A short
// time-to-live refreshes relative times ("5 minutes ago"); a size bound keeps memory flat.
export class PageCache {
  private entries = new Map<string, { html: string; expires: number }>();
  constructor(private readonly maxEntries = 500, private readonly ttlMs = 60_000) {}

  get(key: string, now = Date.now()): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= now) { this.entries.delete(key); return undefined; }
    // Re-insert to mark as recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.html;
  }

  set(key: string, html: string, now = Date.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { html, expires: now + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number { return this.entries.size; }
}
