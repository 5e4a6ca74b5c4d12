// Static pages (About, Privacy, Contact): articles of kind 'page', at /pages/:slug and at the short
// address /:slug. Fastify prefers every literal route to the parameter, so /:slug never shadows an
// application route; a slug that is reserved (site/reserved-slugs.ts) answers 404 there even when no route
// has it yet, so a route added later does not change what an old link shows.
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';
import type { PageRegistry } from '../../platform/http/pages.js';
import type { Caller } from '../accounts/index.js';
import { StaticPageView, type ArticlesService } from '../articles/index.js';
import { StaticPageHead } from './seo.js';
import { sitePageHtml, type SiteContext } from './site.render.js';
import type { ComponentChildren } from 'preact';

export interface StaticPagesDeps {
  pages: PageRegistry<Caller>;
  articles: Pick<ArticlesService, 'getPublicPage'>;
  siteName: () => string;
  baseUrl: string;
  reservedSlug: (slug: string) => boolean;
  contextFor: (caller: Caller, head?: (logoUrl: string | undefined) => ComponentChildren) => Promise<SiteContext>;
}

const slugParams = z.object({ slug: z.string().min(1).max(200) });

export function registerStaticPages(deps: StaticPagesDeps) {
  const { pages } = deps;

  async function show(caller: Caller, slug: string) {
    const page = await deps.articles.getPublicPage(slug);
    const ctx = await deps.contextFor(caller, (logoUrl) => <StaticPageHead site={{ siteName: deps.siteName(), baseUrl: deps.baseUrl, logoUrl }} page={page} />);
    return sitePageHtml(ctx, page.title, <StaticPageView page={page} />, page.summary);
  }

  pages.add({
    method: 'GET', url: '/pages/:slug', access: 'public', params: slugParams,
    handler: async ({ reply, caller, params }) => reply.type('text/html; charset=utf-8').send(await show(caller, params.slug)),
  });

  pages.add({
    method: 'GET', url: '/:slug', access: 'public', params: slugParams,
    handler: async ({ reply, caller, params }) => {
      if (deps.reservedSlug(params.slug)) throw new AppError(404, 'PAGE_NOT_FOUND', 'Page not found');
      return reply.type('text/html; charset=utf-8').send(await show(caller, params.slug));
    },
  });
}
