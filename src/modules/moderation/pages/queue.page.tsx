// The queues (pending, spam, reported, all), newest first, 50 comments a page, with every reason the
// pipeline gave in plain words, each reply's parent and each author's record; filters by article and by a
// search (kept in the address, by paging and by every decision); and the decisions on one comment or on the
// ticked ones (the bulk bar). Complete without JavaScript: every decision is a form post answered by a 303
// back to the queue. With JavaScript, client/admin-moderation.ts adds keyboard shortcuts that press the same
// buttons and the "select all on this page" box.
import { Fragment } from 'preact';
import type { FastifyReply } from 'fastify';
import type { AppError } from '../../../platform/http/errors.js';
import { CsrfField } from '../../../ui/admin/form-parts.js';
import { noticeFrom } from '../../../ui/admin/render.js';
import { can, type Caller } from '../../accounts/index.js';
import { QUEUES, type Queue } from '../moderation.service.js';
import { decisionNotice, DECISIONS } from '../views/decisions.js';
import { ModerationPage } from '../views/ModerationPage.js';
import { MODERATION, queueUrl, type QueueView } from '../views/paths.js';
import { QueueEntry, QueueFields } from '../views/QueueEntry.js';
import { decisionForm, filterText, optionalId, queueName, queueQuery } from './forms.js';
import { MODERATE, type ModerationPageKit } from './kit.js';

const PAGE_SIZE = 50;

const QUEUE_LABELS: Record<Queue, string> = { pending: 'Pending', spam: 'Spam', reported: 'Reported', all: 'All' };
const QUEUE_EMPTY: Record<Queue, string> = {
  pending: 'No comment is waiting for a moderator.',
  spam: 'No comment is marked spam.',
  reported: 'No comment has open reports.',
  all: 'There are no comments yet.',
};

const KEYS: [string, string][] = [
  ['j / k', 'next / previous comment'], ['a', 'approve'], ['s', 'spam'], ['n', 'not spam'], ['r', 'reject'],
  ['e', 'edit'], ['x', 'select for a bulk decision'], ['?', 'show or hide this help'],
];

/** Notices on the queue besides a decision's (the comment edit page sends the moderator back here). */
const NOTICES: Record<string, string> = {
  edited: 'Comment edited: the article page shows who edited it, and the earlier text is kept (“earlier versions”).',
};

function KeyboardHelp() {
  return (
    <>
      <p class="mod-keys" id="mod-keys">
        Keyboard: <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>a</kbd> approve · <kbd>s</kbd> spam · <kbd>n</kbd> not spam ·{' '}
        <kbd>r</kbd> reject · <kbd>e</kbd> edit · <kbd>x</kbd> select · <kbd>?</kbd> help
      </p>
      <div class="mod-help" id="mod-help" role="dialog" aria-label="Keyboard shortcuts" hidden>
        <dl>{KEYS.map(([k, v]) => <Fragment key={k}><dt><kbd>{k}</kbd></dt><dd style="margin:0">{v}</dd></Fragment>)}</dl>
        <p style="margin:.5rem 0 0" class="mod-keys">Press <kbd>?</kbd> or <kbd>Esc</kbd> to close.</p>
      </div>
    </>
  );
}

/** A GET form: the article (those with comments in this queue) and a search over the text and author names. */
function QueueFilters({ view, articles }: { view: QueueView; articles: { slug: string; title: string }[] }) {
  const options = view.article && !articles.some((a) => a.slug === view.article) ? [...articles, { slug: view.article, title: view.article }] : articles;
  const filtered = Boolean(view.article || view.q);
  return (
    <form method="get" action={MODERATION} class="mod-filters" role="search" aria-label="Filter this queue">
      <input type="hidden" name="queue" value={view.queue} />
      <label>Article{' '}
        <select name="article">
          <option value="">All articles</option>
          {options.map((a) => <option key={a.slug} value={a.slug} selected={a.slug === view.article}>{a.title}</option>)}
        </select>
      </label>
      <label>Search{' '}
        <input type="search" name="q" value={view.q ?? ''} maxLength={200} placeholder="text or author name" />
      </label>
      <button type="submit" class="button">Filter</button>
      {filtered && <a href={queueUrl(view.queue)}>Clear filters</a>}
    </form>
  );
}

export function registerQueuePages(kit: ModerationPageKit) {
  const { pages, moderation } = kit;

  const show = async (reply: FastifyReply, caller: Caller, view: QueueView, opts: { notice?: string; error?: AppError; status?: number } = {}) => {
    const { queue, before } = view;
    const filters = { article: view.article, search: view.q };
    const [{ items, nextBefore }, counts, articles] = await Promise.all([
      moderation.queue(queue, { before, limit: PAGE_SIZE, ...filters }), moderation.counts(), moderation.queueArticles(queue),
    ]);
    const { frame, canSettings } = kit.chrome(caller);
    const filtered = Boolean(view.article || view.q);
    const pageOf = (b?: number) => queueUrl(queue, { article: view.article, q: view.q, before: b });
    return kit.send(reply, (
      <ModerationPage frame={frame} canSettings={canSettings} title="Moderation" sub={MODERATION} notice={opts.notice} error={opts.error?.message}>
        <nav class="mod-tabs" aria-label="Queues">
          {QUEUES.map((q) => (
            <a key={q} href={queueUrl(q)} data-queue={q} aria-current={q === queue ? 'page' : undefined}>
              {QUEUE_LABELS[q]} <span class="count" data-count={q}>{counts[q]}</span>
            </a>
          ))}
        </nav>
        <KeyboardHelp />
        <QueueFilters view={view} articles={articles} />
        {items.length === 0 ? <p class="mod-empty">{before ? 'No older comments in this queue.' : filtered ? 'No comment in this queue matches the filters.' : QUEUE_EMPTY[queue]}</p> : (
          <>
            <form method="post" action={`${MODERATION}/decide`} id="bulk" class="mod-bulk" aria-label="Decide on the selected comments">
              <CsrfField csrf={frame.csrf} />
              <QueueFields view={view} />
              {/* Shown by client/admin-moderation.ts: without JavaScript it could not tick anything. */}
              <label class="mod-select-all" hidden><input type="checkbox" data-select-all /> Select all on this page</label>
              <span>Selected comments:</span>
              {DECISIONS.map((a) => (
                <button key={a.action} type="submit" name="action" value={a.action} class={`button${a.danger ? ' danger' : ''}`}>{a.label}</button>
              ))}
            </form>
            <ol class="mod-list" data-moderation-queue={queue}>
              {items.map((c, i) => <QueueEntry key={c.id} c={c} view={view} next={items[i + 1]?.id} csrf={frame.csrf} showEmail={can(caller, 'comments.moderate')} />)}
            </ol>
          </>
        )}
        <nav class="mod-pager" aria-label="Pages">
          {before && <a href={pageOf()}>Newest</a>}
          {nextBefore !== null && <a rel="next" href={pageOf(nextBefore)}>Older</a>}
        </nav>
      </ModerationPage>
    ), opts.status);
  };

  pages.add({
    method: 'GET', url: MODERATION, access: MODERATE, query: queueQuery,
    handler: async ({ reply, caller, query }) => show(reply, caller, { queue: query.queue, article: query.article, q: query.q, before: query.before }, {
      notice: decisionNotice(query.notice, query.n) ?? noticeFrom(query.notice, NOTICES),
    }),
  });

  pages.add({
    method: 'POST', url: `${MODERATION}/decide`, access: MODERATE, form: decisionForm,
    handler: async ({ reply, caller, form }) => {
      const n = await moderation.decide(form.ids, form.action, caller);
      const back = { article: form.article, q: form.q, before: form.before };
      return reply.redirect(queueUrl(form.queue, { ...back, notice: form.action, n, hash: form.next ? `#c-${form.next}` : undefined }), 303);
    },
    // The queue the decision was made on (with its filters), with the error.
    invalid: async ({ reply, caller, typed }, error) => show(reply, caller, {
      queue: queueName.parse(typed.queue), article: filterText.parse(typed.article), q: filterText.parse(typed.q), before: optionalId.parse(typed.before),
    }, { error, status: error.status }),
  });
}
