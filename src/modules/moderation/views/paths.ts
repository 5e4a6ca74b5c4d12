// The moderators' pages' addresses, as links and redirects write them.
import type { Queue } from '../moderation.service.js';

export const MODERATION = '/admin/moderation';

/** A queue, optionally from an older page (`before`), with a notice after a decision and a comment to land on. */
export function queueUrl(queue: Queue, opts: { before?: number; notice?: string; n?: number; hash?: string } = {}) {
  const q = new URLSearchParams({ queue });
  if (opts.before) q.set('before', String(opts.before));
  if (opts.notice) q.set('notice', opts.notice);
  if (opts.n !== undefined) q.set('n', String(opts.n));
  return `${MODERATION}?${q.toString()}${opts.hash ?? ''}`;
}
