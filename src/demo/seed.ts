// Demo content on first start: the demo article with its two images, this month's campaign and a
// reader discussion with reply threads, edits and votes. Runs once per database (a settings flag).
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.js';
import type { Clock } from '../platform/clock.js';
import type { ArticlesService } from '../modules/articles/articles.service.js';
import type { ImagesService } from '../modules/articles/images.service.js';
import type { CampaignsService } from '../modules/fundraising/campaigns.service.js';
import type { CommentsService } from '../modules/comments/comments.service.js';
import { commentHtml } from '../modules/comments/comment-text.js';
import { monthOf } from '../ui/format.js';
import { demoArticle, demoComments, demoImages } from './demo-content.js';

export interface SeedDeps {
  db: Kysely<Database>;
  articles: ArticlesService;
  images: ImagesService;
  campaigns: CampaignsService;
  comments: CommentsService;
  clock: Clock;
}

const FLAG = 'demo_seeded';

export async function seedDemoContent(deps: SeedDeps): Promise<boolean> {
  const { db, clock } = deps;
  if (await db.selectFrom('settings').select('key').where('key', '=', FLAG).executeTakeFirst()) return false;
  const hasArticles = await db.selectFrom('articles').select('id').limit(1).executeTakeFirst();
  if (hasArticles) {
    await db.insertInto('settings').values({ key: FLAG, value: 'skipped' }).execute();
    return false;
  }
  const now = clock();
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

  let markdown = demoArticle.bodyMarkdown;
  for (const image of demoImages) {
    const jpeg = await sharp(Buffer.from(image.svg)).jpeg({ quality: 85 }).toBuffer();
    const stored = await deps.images.store({ data: jpeg, originalName: `${image.key}.jpg`, alt: image.alt });
    markdown = markdown.replace(`(demo-image:${image.key})`, `(${stored.url})`);
  }
  const oldest = Math.max(...demoComments.map((c) => c.minutesAgo));
  const article = await deps.articles.create({
    ...demoArticle,
    bodyMarkdown: markdown,
    status: 'published',
    publishedAt: ago(oldest + 90),
  });

  if (!(await deps.campaigns.current())) {
    await deps.campaigns.create({ month: monthOf(now), goalMinor: 500_000, raisedMinor: 127_500, currency: 'USD' });
  }

  const ids = new Map<string, { id: number; rootId: number | null; depth: number }>();
  for (const c of demoComments) {
    const parent = c.parentKey ? ids.get(c.parentKey) : undefined;
    const row = await db.insertInto('comments').values({
      article_id: article.id,
      parent_id: parent?.id ?? null,
      root_id: parent ? (parent.rootId ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      author_name: c.authorName,
      author_email: c.authorEmail,
      reader_id: null,
      body: c.body,
      body_html: commentHtml(c.body),
      status: 'published',
      up: c.up,
      down: c.down,
      score: c.up - c.down,
      created_at: ago(c.minutesAgo),
      edited_at: c.editedMinutesAgo !== undefined ? ago(c.editedMinutesAgo) : null,
      edited_by: c.editedBy ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    ids.set(c.key, { id: row.id, rootId: parent ? (parent.rootId ?? parent.id) : null, depth: parent ? parent.depth + 1 : 0 });
  }
  await db.insertInto('settings').values({ key: FLAG, value: now.toISOString() }).execute();
  return true;
}
