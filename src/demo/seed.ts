// Demo content on first start: the demo article with its two images, this month's campaign and a
// reader discussion with reply threads, edits and votes. Runs once per database (a settings flag).
import sharp from 'sharp';
import type { Clock } from '../platform/clock.js';
import type { ArticlesService } from '../modules/articles/index.js';
import type { ImagesService } from '../modules/articles/index.js';
import type { CampaignsService } from '../modules/fundraising/index.js';
import type { CommentsService } from '../modules/comments/index.js';
import { monthOf } from '../ui/format.js';
import { demoArticle, demoComments, demoImages } from './demo-content.js';

export interface SeedDeps {
  /** Where the "seeded once" flag is kept (the settings' key-value store). */
  flags: { value(key: string): Promise<string | undefined>; valueOnce(key: string, create: () => string): Promise<string> };
  articles: ArticlesService;
  images: ImagesService;
  campaigns: CampaignsService;
  comments: CommentsService;
  clock: Clock;
}

const FLAG = 'demo_seeded';

export async function seedDemoContent(deps: SeedDeps): Promise<boolean> {
  const { flags, clock } = deps;
  if (await flags.value(FLAG)) return false;
  if ((await deps.articles.listForAdmin({ limit: 1 })).length > 0) {
    await flags.valueOnce(FLAG, () => 'skipped');
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

  // The discussion comes in as an import would: through the comments' writer, announced like any comment.
  const ids = new Map<string, number>();
  for (const c of demoComments) {
    const id = await deps.comments.importComment({
      articleId: article.id,
      parentId: c.parentKey ? ids.get(c.parentKey)! : null,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      body: c.body,
      status: 'published',
      up: c.up,
      down: c.down,
      createdAt: ago(c.minutesAgo),
      editedAt: c.editedMinutesAgo !== undefined ? ago(c.editedMinutesAgo) : null,
      editedBy: c.editedBy ?? null,
    });
    ids.set(c.key, id);
  }
  await flags.valueOnce(FLAG, () => now.toISOString());
  return true;
}
