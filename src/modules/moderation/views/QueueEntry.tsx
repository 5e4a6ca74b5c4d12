// One comment in a moderation queue: who wrote it where (and what they wrote before), the comment it replies
// to, its text as plain text with the words the reasons point at highlighted, why the pipeline held it in
// plain words, open reports, and a button per decision (with its keyboard shortcut), Edit and Ban.
import { CsrfField, Time } from '../../../ui/admin/form-parts.js';
import type { ModerationService } from '../moderation.service.js';
import { AuthorRecord, ParentComment } from './AuthorRecord.js';
import { DECISIONS } from './decisions.js';
import { MODERATION, type QueueView } from './paths.js';
import { explainRecord } from './plain-reasons.js';
import { QueuedBody } from './QueuedBody.js';
import { Reasons } from './Reasons.js';

export type QueueItem = Awaited<ReturnType<ModerationService['queue']>>['items'][number];

/** The hidden fields that bring a decision back to the same queue, filters and page. */
export function QueueFields({ view }: { view: QueueView }) {
  return (
    <>
      <input type="hidden" name="queue" value={view.queue} />
      {view.article && <input type="hidden" name="article" value={view.article} />}
      {view.q && <input type="hidden" name="q" value={view.q} />}
      {view.before && <input type="hidden" name="before" value={view.before} />}
    </>
  );
}

export function QueueEntry({ c, view, next, csrf, showEmail }: { c: QueueItem; view: QueueView; next?: number; csrf: string | undefined; showEmail: boolean }) {
  const { queue } = view;
  const articleHref = `/articles/${encodeURIComponent(c.article_slug)}${c.status === 'published' ? `#comment-${c.id}` : ''}`;
  const explained = c.moderation ? explainRecord(c.moderation, c.body) : { reasons: [], terms: [] };
  return (
    <li class="mod-item" id={`c-${c.id}`} data-comment-id={c.id} data-status={c.status} tabindex={-1}>
      <div class="mod-head">
        <input type="checkbox" name="ids" value={c.id} form="bulk" data-select aria-label={`Select comment #${c.id} by ${c.author_name}`} />
        <strong class="mod-author">{c.author_name}</strong>
        {showEmail && c.author_email && <a class="mod-email" href={`mailto:${c.author_email}`}>{c.author_email}</a>}
        <Time iso={c.created_at} />
        <span class={`mod-status status-${c.status}`} data-status={c.status}>{c.status}</span>
      </div>
      <AuthorRecord record={c.author} />
      <p class="mod-why" style="margin:.25rem 0">On <a href={articleHref}>{c.article_title}</a> · comment #{c.id}</p>
      <ParentComment parent={c.parent} />
      <QueuedBody text={c.body} terms={explained.terms} />
      {c.edited_at && (
        <p class="mod-why mod-edited">
          Last edited <Time iso={c.edited_at} /> by {c.edited_by ?? 'its author'} · <a href={`${MODERATION}/comments/${c.id}/edit?queue=${queue}#revisions`}>earlier versions</a>
        </p>
      )}
      <Reasons record={c.moderation} score={c.spam_score} reasons={explained.reasons} />
      {c.reports.length > 0 && (
        <div class="mod-why mod-reports">
          <strong>{c.reports.length} open {c.reports.length === 1 ? 'report' : 'reports'}</strong>
          <ul>
            {c.reports.map((r, i) => <li key={i} data-reason={r.reason}><strong>{r.reason}</strong>{r.note ? <>: “{r.note}”</> : null} · <Time iso={r.created_at} /></li>)}
          </ul>
        </div>
      )}
      <form method="post" action={`${MODERATION}/decide`} class="mod-actions">
        <CsrfField csrf={csrf} />
        <input type="hidden" name="ids" value={c.id} />
        <QueueFields view={view} />
        {next && <input type="hidden" name="next" value={next} />}
        {DECISIONS.map((a) => (
          <button key={a.action} type="submit" name="action" value={a.action} data-key={a.key}
            class={`button${a.danger ? ' danger' : ''}`} aria-label={`${a.label}: comment #${c.id} by ${c.author_name}`}>{a.label}</button>
        ))}
        <a class="button" data-key="e" href={`${MODERATION}/comments/${c.id}/edit?queue=${queue}`}>Edit</a>
        <a class="button danger" href={`${MODERATION}/comments/${c.id}/ban?queue=${queue}`}>Ban</a>
      </form>
    </li>
  );
}
