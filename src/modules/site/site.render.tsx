// Reader-facing pages composed from the articles, fundraising and comments modules.
import { renderToString } from 'preact-render-to-string';
import { h, type ComponentChildren, type VNode } from 'preact';
import type { Assets } from '../../platform/http/assets.js';
import { Layout } from '../../ui/Layout.js';
import type { MenuItem } from '../../ui/menu.js';
import type { Article, ListedArticle } from '../articles/index.js';
import { ArticleView } from '../articles/index.js';
import { HomeView } from '../articles/index.js';
import type { PageLinks } from '../articles/index.js';
import type { Campaign } from '../fundraising/index.js';
import { FundraisingBar } from '../fundraising/index.js';
import { CommentPrompt, CommentSection, type CommentSectionProps } from '../comments/index.js';
import { IslandStateScript, islandStateOf, scriptJson, threadHtml, type IslandState } from '../comments/index.js';
import { randomUUID } from 'node:crypto';

export interface SiteContext {
  siteName: string;
  assets: Assets;
  campaign: Campaign | undefined;
  viewer?: { name: string; canAdmin: boolean };
  /** The site logo (thumbnail), when one is set. */
  logo?: { url: string; width?: number; height?: number };
  /** More of the page's <head> (site/seo.tsx). */
  head?: ComponentChildren;
  /** The admin's header and footer menus (settings). */
  menus?: { header: readonly MenuItem[]; footer: readonly MenuItem[] };
  /** The site's time zone (settings): dates on reader pages are shown in it. */
  timeZone?: string;
}

const doc = (vnode: VNode) => `<!doctype html>${renderToString(vnode)}`;

/** `prompt`: the settings' invitation to comment (empty: none; never where comments are closed). */
export function articlePageHtml(ctx: SiteContext, article: Article, comments: CommentSectionProps, prompt = '', follow?: ComponentChildren): string {
  return articlePage(ctx, article, comments, islandStateOf(comments), prompt, follow);
}

function articlePage(ctx: SiteContext, article: Article, comments: CommentSectionProps, state: IslandState, prompt: string, follow?: ComponentChildren): string {
  return doc(
    <Layout siteName={ctx.siteName} title={article.title} description={article.summary} assets={ctx.assets} viewer={ctx.viewer} logo={ctx.logo} head={ctx.head} menus={ctx.menus}
      banner={ctx.campaign && <FundraisingBar campaign={ctx.campaign} />}>
      <ArticleView article={article} siteName={ctx.siteName} timeZone={ctx.timeZone} comments={(
        <>{follow}<div id="comments-island">
          <CommentSection {...comments} />
          <IslandStateScript state={state} />
        </div></>
      )} />
      {prompt && !comments.closed && <CommentPrompt text={prompt} total={comments.total} slug={article.slug} />}
    </Layout>,
  );
}

/**
 * The same page as articlePageHtml, in pieces that join to exactly its string: the page around the threads
 * (rendered once, with a mark where the list's items and the island's `threads` go), then each thread's HTML,
 * then each thread's JSON. A page of many comments is written out this way (site/article-page-stream.ts)
 * without ever being one string.
 */
export function* articlePagePieces(ctx: SiteContext, article: Article, comments: CommentSectionProps, prompt = '', follow?: ComponentChildren): Generator<string> {
  const { threads } = comments;
  if (threads.length === 0) { yield articlePageHtml(ctx, article, comments, prompt, follow); return; }
  const mark = `gazette-${randomUUID()}`;
  const shell = articlePage(ctx, article, { ...comments, threadSlot: h('gazette-slot', { 'data-k': mark }) },
    { ...islandStateOf(comments), threads: mark as unknown as IslandState['threads'] }, prompt, follow);
  const slot = `<gazette-slot data-k="${mark}"></gazette-slot>`;
  const listAt = shell.indexOf(slot);
  const jsonAt = listAt < 0 ? -1 : shell.indexOf(`"threads":"${mark}"`, listAt + slot.length) + '"threads":'.length;
  if (listAt < 0 || jsonAt < listAt) throw new Error('The article page lost the marks of its threads');
  yield shell.slice(0, listAt);
  for (const t of threads) yield threadHtml(comments, t);
  yield shell.slice(listAt + slot.length, jsonAt);
  yield '[';
  for (let i = 0; i < threads.length; i++) yield i === 0 ? scriptJson(threads[i]) : `,${scriptJson(threads[i])}`;
  yield ']';
  yield shell.slice(jsonAt + mark.length + 2);
}

export function homePageHtml(ctx: SiteContext, articles: ListedArticle[], description = '', listing?: { commentCounts: ReadonlyMap<number, number>; paging: PageLinks }): string {
  return doc(
    <Layout siteName={ctx.siteName} title={ctx.siteName} description={description || undefined} assets={{ css: ctx.assets.css }} viewer={ctx.viewer} logo={ctx.logo} head={ctx.head} menus={ctx.menus}
      banner={ctx.campaign && <FundraisingBar campaign={ctx.campaign} />}>
      <HomeView articles={articles} siteName={ctx.siteName} commentCounts={listing?.commentCounts} paging={listing?.paging} timeZone={ctx.timeZone} />
    </Layout>,
  );
}

/** Any other reader page (the donation pages): the layout, the fundraising bar, the given content, the site's script. */
export function readerPageHtml(ctx: SiteContext, title: string, content: VNode): string {
  return doc(
    <Layout siteName={ctx.siteName} title={title} assets={ctx.assets} viewer={ctx.viewer} logo={ctx.logo} menus={ctx.menus} head={ctx.head}
      banner={ctx.campaign && <FundraisingBar campaign={ctx.campaign} />}>
      {content}
    </Layout>,
  );
}

export function errorPageHtml(ctx: Omit<SiteContext, 'campaign'>, status: number, message: string): string {
  return doc(
    <Layout siteName={ctx.siteName} title={status === 404 ? 'Not found' : 'Error'} assets={{ css: ctx.assets.css }} menus={ctx.menus}>
      <section class="error-page">
        <h1>{status === 404 ? 'Page not found' : 'Something went wrong'}</h1>
        <p>{message}</p>
        <p><a href="/">Back to the front page</a></p>
      </section>
    </Layout>,
  );
}

/** A reader page of the site's own (listings, static pages): the layout with the context's <head> additions, the script-free CSS only. */
export function sitePageHtml(ctx: SiteContext, title: string, content: VNode, description?: string): string {
  return doc(
    <Layout siteName={ctx.siteName} title={title} description={description || undefined} assets={{ css: ctx.assets.css }} viewer={ctx.viewer} logo={ctx.logo} head={ctx.head} menus={ctx.menus}
      banner={ctx.campaign && <FundraisingBar campaign={ctx.campaign} />}>
      {content}
    </Layout>,
  );
}
