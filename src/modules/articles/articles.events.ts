// What the articles module announces; the subject is the article ("article:<id>"), so its cached pages
// are stale as soon as one of these is committed.
interface About { articleId: number; slug: string }

declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'article.created': About & { status: 'draft' | 'published'; publishedAt: string | null };
    'article.updated': About;
    /** Published now or scheduled (`publishedAt` in the future): readers see it from `publishedAt` on. */
    'article.published': About & { publishedAt: string };
    'article.unpublished': About;
    'article.submitted': About;
  }
}

export const articleSubject = (articleId: number) => `article:${articleId}`;
