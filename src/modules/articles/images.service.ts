// Uploaded images: validated and re-encoded by sharp (image-transcode.ts), a bounded number at a time, the
// original kept on disk beside a resized thumbnail served in the article.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ImagesTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import type { ImageRef } from './markdown.js';
import { findImages, insertImage } from './articles.repo.js';
import { transcodeImage, type Transcode } from './image-transcode.js';
import type { Gate } from '../../platform/gate.js';

export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
export const SAFE_FILE = /^[a-z0-9]{16,40}\.(jpg|png|webp|gif|avif)$/;

export interface ImageInfo {
  id: number;
  url: string;
  fullUrl: string;
  thumbUrl: string;
  width: number;
  height: number;
  alt: string;
  markdown: string;
}

const thumbName = (fileName: string) => fileName.replace(/\.\w+$/, '.jpg');

export function imageInfo(r: Selectable<ImagesTable>): ImageInfo & ImageRef {
  const fullUrl = `/media/originals/${r.file_name}`;
  const thumbUrl = `/media/thumbs/${thumbName(r.file_name)}`;
  const url = `/media/images/${r.id}`;
  return {
    id: r.id, url, fullUrl, thumbUrl, width: r.width, height: r.height, alt: r.alt,
    thumbWidth: r.thumb_width, thumbHeight: r.thumb_height, caption: r.caption, credit: r.credit,
    markdown: `![${r.alt.replace(/[[\]]/g, '')}](${url})`,
  };
}

export interface ImagesDeps {
  db: Kysely<Database>;
  mediaDir: string;
  clock: Clock;
  /** Largest accepted image, in pixels (all frames of an animation): IMAGE_MAX_PIXELS. */
  maxPixels: number;
  /** Uploads decoded at once (IMAGE_CONCURRENCY); the others wait for a turn. */
  gate: Gate;
  /** The sharp work; tests wrap it to watch how many run at once. */
  transcode?: Transcode;
}

export function createImagesService(deps: ImagesDeps) {
  const { db, mediaDir, clock, maxPixels, gate } = deps;
  const transcode = deps.transcode ?? transcodeImage;
  const dirs = { originals: path.join(mediaDir, 'originals'), thumbs: path.join(mediaDir, 'thumbs') };

  return {
    dirs,
    limits: { maxPixels, concurrency: gate.limit },
    /** `caption` and `credit` are shown with the image wherever the text uses it without a title of its own. */
    async store(input: { data: Buffer; originalName: string; alt: string; caption?: string; credit?: string }): Promise<ImageInfo> {
      if (input.data.length === 0) throw new AppError(400, 'EMPTY_FILE', 'The uploaded file is empty', 'file');
      // Refused images (too large, unreadable) throw here: nothing is written.
      const { format, original, thumb } = await gate.run(() => transcode(input.data, maxPixels));
      await fs.mkdir(dirs.originals, { recursive: true });
      await fs.mkdir(dirs.thumbs, { recursive: true });
      const fileName = `${crypto.randomBytes(12).toString('hex')}.${format.ext}`;
      await fs.writeFile(path.join(dirs.originals, fileName), original.data);
      await fs.writeFile(path.join(dirs.thumbs, thumbName(fileName)), thumb.data);
      const row = await insertImage(db, {
        file_name: fileName,
        original_name: input.originalName.slice(0, 255),
        mime_type: format.mime,
        width: original.info.width,
        height: original.info.height,
        thumb_width: thumb.info.width,
        thumb_height: thumb.info.height,
        bytes: original.data.length,
        alt: input.alt,
        caption: input.caption ?? '',
        credit: input.credit ?? '',
        created_at: clock().toISOString(),
      });
      return imageInfo(row);
    },
    async refs(ids: number[]): Promise<Map<number, ImageRef>> {
      return new Map((await findImages(db, ids)).map((r) => [r.id, imageInfo(r)]));
    },
  };
}

export type ImagesService = ReturnType<typeof createImagesService>;
