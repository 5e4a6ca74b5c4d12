// What the newsroom's article list and editor share: their address, the status badge, the short times.
import { dateFormat, exactTime } from '../../../ui/format.js';
import type { AdminStatus } from '../articles.repo.js';

export const ARTICLES_URL = '/admin/articles';

export const STATUS_LABELS: Record<AdminStatus, string> = { draft: 'Draft', review: 'In review', scheduled: 'Scheduled', published: 'Published' };
export const STATUSES = Object.keys(STATUS_LABELS) as AdminStatus[];

const shortTime = (iso: string) =>
  dateFormat('shortTime', 'UTC').format(new Date(iso)) + ' UTC';

/** "Mar 14, 2026, 09:30 UTC" with the exact time as tooltip; a dash for none. */
export function ArticleTime({ iso }: { iso: string | null }) {
  return iso ? <time dateTime={iso} title={exactTime(iso)}>{shortTime(iso)}</time> : <>—</>;
}

export function StatusBadge({ status }: { status: AdminStatus }) {
  return <span class={`article-status status-${status}`}>{STATUS_LABELS[status]}</span>;
}
