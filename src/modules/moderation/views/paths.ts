// The moderators' pages' addresses, as links and redirects write them.
import type { Queue } from '../moderation.service.js';

export const MODERATION = '/admin/moderation';

/** What a queue page shows: the queue, narrowed to one article (slug) and to a search, from an older page. */
export interface QueueView { queue: Queue; article?: string; q?: string; before?: number }

/** A queue, optionally filtered and from an older page (`before`), with a notice after a decision and a comment to land on. */
export function queueUrl(queue: Queue, opts: { before?: number; article?: string; q?: string; notice?: string; n?: number; hash?: string } = {}) {
  const q = new URLSearchParams({ queue });
  if (opts.article) q.set('article', opts.article);
  if (opts.q) q.set('q', opts.q);
  if (opts.before) q.set('before', String(opts.before));
  if (opts.notice) q.set('notice', opts.notice);
  if (opts.n !== undefined) q.set('n', String(opts.n));
  return `${MODERATION}?${q.toString()}${opts.hash ?? ''}`;
}
