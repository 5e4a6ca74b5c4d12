// GET /admin/articles: the newsroom's articles, newest first; authors see the ones they wrote.
import { z } from 'zod';
import { renderDoc, sendHtml } from '../../../ui/admin/render.js';
import type { AdminStatus } from '../articles.repo.js';
import { mayEditAnyArticle } from '../rules.js';
import { ARTICLES_URL, STATUSES } from '../views/article-admin-parts.js';
import { ArticleList } from '../views/ArticleList.js';
import type { ArticlePagesDeps } from './article-pages.js';

const LIST_LIMIT = 200;

/** Unknown filters are ignored rather than refused. */
const listQuery = z.object({
  status: z.enum(STATUSES as [AdminStatus, ...AdminStatus[]]).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  kind: z.enum(['article', 'page']).optional().catch(undefined),
});

export function registerArticleList(deps: ArticlePagesDeps) {
  const { pages, frameOf, articles, clock } = deps;

  pages.add({
    method: 'GET', url: ARTICLES_URL, access: { permission: 'articles.write.own' }, query: listQuery,
    handler: async ({ reply, caller, query }) => {
      const ownOnly = !mayEditAnyArticle(caller);
      const list = ownOnly && caller.user === undefined ? [] : await articles.listForAdmin({
        status: query.status, q: query.q?.trim() || undefined, kind: query.kind, ownerId: ownOnly ? caller.user?.id : undefined, limit: LIST_LIMIT,
      });
      return sendHtml(reply, renderDoc(
        <ArticleList frame={frameOf(caller)} articles={list} now={clock()} status={query.status} q={query.q} kind={query.kind} ownOnly={ownOnly} limit={LIST_LIMIT} />,
      ));
    },
  });
}
