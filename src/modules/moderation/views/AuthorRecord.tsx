// Who wrote a queued comment, as far as the site knows them: their comments so far by status and when they
// first commented (matched by account, else e-mail address, else reader cookie: moderation.repo authorRecords).
import { Time } from '../../../ui/admin/form-parts.js';
import type { QueueItem } from './QueueEntry.js';

export function AuthorRecord({ record }: { record: QueueItem['author'] }) {
  if (!record) return <p class="mod-why mod-history" data-author-history>No earlier comments known for this author.</p>;
  const { published, pending, spam, rejected } = record;
  return (
    <p class="mod-why mod-history" data-author-history>
      Author's comments: <span data-history="published">{published} published</span> · <span data-history="pending">{pending} held</span> ·{' '}
      <span data-history="spam">{spam} spam</span> · <span data-history="rejected">{rejected} rejected</span> · first seen <Time iso={record.firstSeen} />
    </p>
  );
}

export function ParentComment({ parent }: { parent: QueueItem['parent'] }) {
  if (!parent) return null;
  return (
    <blockquote class="mod-parent" data-parent-id={parent.id}>
      {parent.deleted
        ? <>In reply to comment #{parent.id} (deleted).</>
        : <>In reply to <strong>{parent.authorName}</strong> (#{parent.id}): “{parent.excerpt}”</>}
    </blockquote>
  );
}
