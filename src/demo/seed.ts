// Demo content on first start: the demo article with its two images, this month's campaign and a
// reader discussion with reply threads, edits and votes. Runs once per database (a settings flag).
import sharp from 'sharp';
import type { Clock } from '../platform/clock.js';
import type { ArticlesService } from '../modules/articles/index.js';
import type { ImagesService } from '../modules/articles/index.js';
import type { CampaignsService, DonationsService } from '../modules/fundraising/index.js';
import type { CommentsService } from '../modules/comments/index.js';
import { monthOf } from '../ui/format.js';
import { demoArticle, demoComments, demoImages } from './demo-content.js';

export interface SeedDeps {
  /** Where the "seeded once" flag is kept (the settings' key-value store). */
  flags: { value(key: string): Promise<string | undefined>; valueOnce(key: string, create: () => string): Promise<string> };
  articles: ArticlesService;
  images: ImagesService;
  campaigns: CampaignsService;
  donations: DonationsService;
  comments: CommentsService;
  clock: Clock;
}

const FLAG = 'demo_seeded';

const DEMO_DONATIONS = [
  { method: 'bank_transfer', amountMinor: 75_000, anonymous: true },
  { method: 'cheque', amountMinor: 40_000, donorName: 'Marguerite L.', message: 'For the council reporting. Keep going!' },
  { method: 'cash', amountMinor: 12_500, anonymous: true },
] as const;

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
    await deps.campaigns.create({ month: monthOf(now), goalMinor: 500_000, currency: 'USD' });
    // The bar starts part-way: donations recorded by hand, as a newsroom records bank transfers and cheques.
    const today = now.toISOString().slice(0, 10);
    for (const d of DEMO_DONATIONS) await deps.donations.recordManual({ ...d, currency: 'USD', receivedOn: today, note: 'Demo donation' }, {});
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
