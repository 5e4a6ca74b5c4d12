// The newsroom's revision pages: the list, one revision with its diff, and "restore this version" (POST,
// then 303 to the list; the restore is a save like any other and is kept as a new revision).
import { z } from 'zod';
import { parseDbId } from '../../../platform/http/input.js';
import { pageIdParams } from '../../../platform/http/id-params.js';
import { renderDoc, sendHtml } from '../../../ui/admin/render.js';
import { RevisionList, RevisionView, revisionsUrl } from '../views/RevisionsPage.js';
import { ARTICLES_URL } from '../views/article-admin-parts.js';
import type { ArticlePagesDeps } from './article-pages.js';

const access = { permission: 'articles.write.own' };
const articleParams = pageIdParams('ARTICLE_NOT_FOUND', 'Article');
const revisionParams = z.object({ id: z.string(), revisionId: z.string() }).transform(({ id, revisionId }, ctx) => {
  const a = parseDbId(id);
  const r = parseDbId(revisionId);
  if (a === undefined || r === undefined) {
    ctx.addIssue({ code: 'custom', message: 'Revision not found', params: { code: 'REVISION_NOT_FOUND' } });
    return z.NEVER;
  }
  return { id: a, revisionId: r };
});
const listQuery = z.object({ notice: z.enum(['restored']).optional().catch(undefined) });

export function registerRevisionPages(deps: ArticlePagesDeps) {
  const { pages, frameOf, articles } = deps;

  pages.add({
    method: 'GET', url: `${ARTICLES_URL}/:id/revisions`, access, params: articleParams, query: listQuery,
    handler: async ({ reply, caller, params, query }) => {
      const { article, revisions } = await articles.revisions(params.id, caller);
      const notice = query.notice === 'restored' ? 'Restored: the older version is the article again, kept as the newest revision.' : undefined;
      return sendHtml(reply, renderDoc(<RevisionList frame={frameOf(caller)} article={article} revisions={revisions} notice={notice} />));
    },
  });

  pages.add({
    method: 'GET', url: `${ARTICLES_URL}/:id/revisions/:revisionId`, access, params: revisionParams,
    handler: async ({ reply, caller, params }) => {
      const d = await articles.revisionDiff(params.id, params.revisionId, caller);
      return sendHtml(reply, renderDoc(
        <RevisionView frame={frameOf(caller)} article={d.article} revision={d.revision} previous={d.previous} diff={{ title: d.title, summary: d.summary, body: d.body }} />,
      ));
    },
  });

  pages.add({
    method: 'POST', url: `${ARTICLES_URL}/:id/revisions/:revisionId/restore`, access, params: revisionParams, form: z.object({}),
    handler: async ({ reply, caller, params }) => {
      await articles.restoreRevision(params.id, params.revisionId, caller);
      return reply.redirect(`${revisionsUrl(params.id)}?notice=restored`, 303);
    },
  });
}
