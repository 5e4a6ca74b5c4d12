// Static pages (About, Privacy, Contact): articles of kind 'page', at /pages/:slug and at the short
// address /:slug. Fastify prefers every literal route to the parameter, so /:slug never shadows an
// application route; a slug that is reserved (site/reserved-slugs.ts) answers 404 there even when no route
// has it yet, so a route added later does not change what an old link shows.
import type { FastifyReply } from 'fastify';
import { cdnKeys } from '../../platform/http/cdn-headers.js';
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
  /** Where an old address of an imported site now lives ("/about" of a WordPress page), if known. */
  movedTo?: (url: string) => Promise<string | undefined>;
}

const slugParams = z.object({ slug: z.string().min(1).max(200) });
const unknownAddress = () => new AppError(404, 'NOT_FOUND', 'Page not found');

export function registerStaticPages(deps: StaticPagesDeps) {
  const { pages } = deps;

  async function show(reply: FastifyReply, caller: Caller, slug: string, short = false) {
    // At the short address, no page is what any unknown address is (NOT_FOUND); under /pages/ it is PAGE_NOT_FOUND.
    const page = await deps.articles.getPublicPage(slug).catch((err: unknown) => {
      throw short && err instanceof AppError && err.status === 404 ? unknownAddress() : err;
    });
    cdnKeys(reply, `page-${page.id}`);
    const ctx = await deps.contextFor(caller, (logoUrl) => <StaticPageHead site={{ siteName: deps.siteName(), baseUrl: deps.baseUrl, logoUrl }} page={page} />);
    return sitePageHtml(ctx, page.title, <StaticPageView page={page} />, page.summary);
  }

  pages.add({
    method: 'GET', url: '/pages/:slug', access: 'public', params: slugParams,
    handler: async ({ reply, caller, params }) => reply.type('text/html; charset=utf-8').send(await show(reply, caller, params.slug)),
  });

  pages.add({
    method: 'GET', url: '/:slug', access: 'public', params: slugParams,
    handler: async ({ req, reply, caller, params }) => {
      try {
        if (deps.reservedSlug(params.slug)) throw unknownAddress();
        return reply.type('text/html; charset=utf-8').send(await show(reply, caller, params.slug, true));
      } catch (err) {
        // No page here: an imported site's old address may live on elsewhere ("/about" → "/pages/about").
        const to = err instanceof AppError && err.status === 404 ? await deps.movedTo?.(req.url) : undefined;
        if (to !== undefined) return reply.redirect(to, 301);
        throw err;
      }
    },
  });
}
