// One comment in a moderation queue: who wrote it where, its text, why the pipeline held it, open
// reports, and a button per decision (with its keyboard shortcut), Edit and Ban.
import { CsrfField, Time } from '../../../ui/admin/form-parts.js';
import type { ModerationService, Queue } from '../moderation.service.js';
import { DECISIONS } from './decisions.js';
import { MODERATION } from './paths.js';
import { Reasons } from './Reasons.js';

export type QueueItem = Awaited<ReturnType<ModerationService['queue']>>['items'][number];

export function QueueEntry({ c, queue, before, next, csrf }: { c: QueueItem; queue: Queue; before?: number; next?: number; csrf: string | undefined }) {
  const articleHref = `/articles/${encodeURIComponent(c.article_slug)}${c.status === 'published' ? `#comment-${c.id}` : ''}`;
  return (
    <li class="mod-item" id={`c-${c.id}`} data-comment-id={c.id} data-status={c.status} tabindex={-1}>
      <div class="mod-head">
        <input type="checkbox" name="ids" value={c.id} form="bulk" data-select aria-label={`Select comment #${c.id} by ${c.author_name}`} />
        <strong class="mod-author">{c.author_name}</strong>
        <a class="mod-email" href={`mailto:${c.author_email}`}>{c.author_email}</a>
        <Time iso={c.created_at} />
        <span class={`mod-status status-${c.status}`} data-status={c.status}>{c.status}</span>
      </div>
      <p class="mod-why" style="margin:.25rem 0">On <a href={articleHref}>{c.article_title}</a> · comment #{c.id}</p>
      <div class="mod-body comment-body" dangerouslySetInnerHTML={{ __html: c.body_html }} />
      {c.edited_at && (
        <p class="mod-why mod-edited">
          Last edited <Time iso={c.edited_at} /> by {c.edited_by ?? 'its author'} · <a href={`${MODERATION}/comments/${c.id}/edit?queue=${queue}#revisions`}>earlier versions</a>
        </p>
      )}
      <Reasons record={c.moderation} score={c.spam_score} />
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
        <input type="hidden" name="queue" value={queue} />
        {before && <input type="hidden" name="before" value={before} />}
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
