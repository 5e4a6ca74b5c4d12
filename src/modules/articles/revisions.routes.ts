// The revisions of an article in the JSON API: the list (who, when) and one revision with its diff to the
// one before it, under /api/v1/admin like the other newsroom routes (so the permission matrix covers them). Only
// callers who may change the article see them (the service checks).
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { idText } from '../../platform/http/input.js';
import type { Caller } from '../accounts/index.js';
import type { ArticlesService } from './articles.service.js';
import type { Revision } from './revisions.repo.js';

const revisionSchema = z.object({
  id: z.number().int(), version: z.number().int(), byUserId: z.number().int().nullable(), byName: z.string(), createdAt: z.string(),
});
const diffSchema = z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() }));

const summaryOf = (r: Revision) => ({ id: r.id, version: r.version, byUserId: r.byUserId, byName: r.byName, createdAt: r.createdAt });

export function registerRevisionRoutes(deps: { api: ApiRegistry<Caller>; articles: ArticlesService }) {
  const { api, articles } = deps;
  api.add({
    method: 'GET', url: '/api/v1/admin/articles/:id/revisions', tag: 'admin', permission: 'articles.write.own',
    summary: 'An article\'s saved revisions, newest first (those who may change the article)',
    params: z.object({ id: idText }), response: z.object({ revisions: z.array(revisionSchema) }), errors: [404],
    handler: async ({ params, caller }) => ({ revisions: (await articles.revisions(params.id, caller)).revisions.map(summaryOf) }),
  });
  api.add({
    method: 'GET', url: '/api/v1/admin/articles/:id/revisions/:revisionId', tag: 'admin', permission: 'articles.write.own',
    summary: 'One revision: its title, summary and text, and a word-level diff of each to the revision before it',
    params: z.object({ id: idText, revisionId: idText }),
    response: z.object({
      revision: revisionSchema.extend({ title: z.string(), summary: z.string(), bodyMarkdown: z.string() }),
      previousId: z.number().int().nullable(),
      diff: z.object({ title: diffSchema, summary: diffSchema, body: diffSchema }),
    }),
    errors: [404],
    handler: async ({ params, caller }) => {
      const d = await articles.revisionDiff(params.id, params.revisionId, caller);
      return {
        revision: { ...summaryOf(d.revision), title: d.revision.title, summary: d.revision.summary, bodyMarkdown: d.revision.bodyMarkdown },
        previousId: d.previous?.id ?? null,
        diff: { title: d.title, summary: d.summary, body: d.body },
      };
    },
  });
}
