// The newsroom's list of articles: newest first, filtered by status and title.
import { AdminLayout, type AdminFrame } from '../../../ui/admin/AdminLayout.js';
import type { AdminStatus, Article } from '../articles.repo.js';
import { adminStatusOf } from '../articles.service.js';
import { ARTICLES_URL, ArticleTime, STATUS_LABELS, STATUSES, StatusBadge } from './article-admin-parts.js';

export interface ArticleListProps {
  frame: AdminFrame;
  articles: Article[];
  now: Date;
  status?: AdminStatus;
  q?: string;
  /** Only articles, or only static pages. */
  kind?: 'article' | 'page';
  /** Authors see only the articles they wrote. */
  ownOnly: boolean;
  /** The most the list shows (a note says so when it is full). */
  limit: number;
}

export function ArticleList(props: ArticleListProps) {
  const { frame, articles, now, status, q, kind, ownOnly, limit } = props;
  const filtered = status !== undefined || Boolean(q) || kind !== undefined;
  return (
    <AdminLayout frame={frame} title="Articles" current={ARTICLES_URL}>
      <p><a class="button primary" href={`${ARTICLES_URL}/new`}>New article</a> <a class="button" href={`${ARTICLES_URL}/new?kind=page`}>New page</a></p>
      <form method="get" action={ARTICLES_URL} class="filters" role="search">
        <label class="field">
          <span>Status</span>
          <select name="status">
            <option value="" selected={!status}>All</option>
            {STATUSES.map((s) => <option key={s} value={s} selected={s === status}>{STATUS_LABELS[s]}</option>)}
          </select>
        </label>
        <label class="field">
          <span>Type</span>
          <select name="kind">
            <option value="" selected={!kind}>Articles and pages</option>
            <option value="article" selected={kind === 'article'}>Articles</option>
            <option value="page" selected={kind === 'page'}>Pages</option>
          </select>
        </label>
        <label class="field">
          <span>Title contains</span>
          <input type="search" name="q" value={q ?? ''} maxLength={200} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button">Filter</button>
          {filtered && <a href={ARTICLES_URL}>Show all</a>}
        </div>
      </form>
      {ownOnly && <p class="notice">You see the articles you wrote.</p>}
      {articles.length === 0 ? (
        <p>{filtered ? 'No articles match.' : 'No articles yet.'}</p>
      ) : (
        <table class="admin-table articles-table">
          <caption class="visually-hidden">Articles, newest first</caption>
          <thead>
            <tr><th scope="col">Title</th><th scope="col" class="wide">Author</th><th scope="col">Status</th><th scope="col">Published</th><th scope="col" class="wide">Updated</th></tr>
          </thead>
          <tbody>
            {articles.map((a) => (
              <tr key={a.id} data-article-id={a.id}>
                <td><a href={`${ARTICLES_URL}/${a.id}`}>{a.title}</a>{a.kind === 'page' && <> <span class="article-status">Page</span></>}</td>
                <td class="wide">{a.authorName}</td>
                <td><StatusBadge status={adminStatusOf(a, now)} /></td>
                <td><ArticleTime iso={a.status === 'published' ? a.publishedAt : null} /></td>
                <td class="wide"><ArticleTime iso={a.updatedAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {articles.length >= limit && <p class="notice">Showing the newest {limit}; search by title to find older ones.</p>}
    </AdminLayout>
  );
}
