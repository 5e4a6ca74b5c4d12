// The lead (featured) image of an article: an uploaded image chosen by id, with the article's caption and
// credit (or, when the article gives none, the image's own). Resolved for reader pages, listings and feeds in
// one query per list.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { Article } from './articles.repo.js';
import { findImages } from './articles.repo.js';
import { imageInfo } from './images.service.js';

export interface ArticleLead {
  id: number;
  /** The full-size file, its type and size in bytes (a feed's enclosure). */
  fullUrl: string;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  /** The resized copy shown in pages and listings. */
  thumbUrl: string;
  thumbWidth: number;
  thumbHeight: number;
  alt: string;
  caption: string;
  credit: string;
}

type LeadFields = Pick<Article, 'id' | 'leadImageId' | 'leadCaption' | 'leadCredit'>;

/** The lead image of each article that has one, by article id. */
export async function leadsOf(db: Kysely<Database>, articles: LeadFields[]): Promise<Map<number, ArticleLead>> {
  const ids = [...new Set(articles.map((a) => a.leadImageId).filter((id): id is number => id !== null))];
  const rows = new Map((await findImages(db, ids)).map((r) => [r.id, r]));
  const leads = new Map<number, ArticleLead>();
  for (const a of articles) {
    const r = a.leadImageId === null ? undefined : rows.get(a.leadImageId);
    if (!r) continue;
    const info = imageInfo(r);
    leads.set(a.id, {
      id: r.id, fullUrl: info.fullUrl, mimeType: r.mime_type, bytes: r.bytes, width: r.width, height: r.height,
      thumbUrl: info.thumbUrl, thumbWidth: r.thumb_width, thumbHeight: r.thumb_height, alt: r.alt,
      caption: a.leadCaption || r.caption, credit: a.leadCredit || r.credit,
    });
  }
  return leads;
}

/** Articles with their `lead` set (reader pages and listings). */
export async function withLeads<A extends LeadFields & { lead?: ArticleLead }>(db: Kysely<Database>, articles: A[]): Promise<A[]> {
  const leads = await leadsOf(db, articles);
  return articles.map((a) => (leads.has(a.id) ? { ...a, lead: leads.get(a.id) } : a));
}

/** A lead image id must name an uploaded image: 422 LEAD_IMAGE_NOT_FOUND otherwise. */
export async function checkLeadImage(db: Kysely<Database>, id: number | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  if ((await findImages(db, [id])).length === 0) {
    throw new AppError(422, 'LEAD_IMAGE_NOT_FOUND', `No uploaded image has the id ${id}`, 'leadImageId');
  }
}
