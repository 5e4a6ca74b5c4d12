// Uploaded images: validated and re-encoded by sharp (metadata such as GPS stripped, orientation
// applied), the original kept on disk beside a resized thumbnail served in the article.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ImagesTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import type { ImageRef } from './markdown.js';
import { findImages, insertImage } from './articles.repo.js';

export const THUMB_WIDTH = 960;
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
const FORMATS: Record<string, { ext: string; mime: string }> = {
  jpeg: { ext: 'jpg', mime: 'image/jpeg' },
  png: { ext: 'png', mime: 'image/png' },
  webp: { ext: 'webp', mime: 'image/webp' },
  gif: { ext: 'gif', mime: 'image/gif' },
  avif: { ext: 'avif', mime: 'image/avif' },
};
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
    thumbWidth: r.thumb_width, thumbHeight: r.thumb_height,
    markdown: `![${r.alt.replace(/[[\]]/g, '')}](${url})`,
  };
}

export function createImagesService(deps: { db: Kysely<Database>; mediaDir: string; clock: Clock }) {
  const { db, mediaDir, clock } = deps;
  const dirs = { originals: path.join(mediaDir, 'originals'), thumbs: path.join(mediaDir, 'thumbs') };

  return {
    dirs,
    async store(input: { data: Buffer; originalName: string; alt: string }): Promise<ImageInfo> {
      if (input.data.length === 0) throw new AppError(400, 'EMPTY_FILE', 'The uploaded file is empty', 'file');
      let meta: sharp.Metadata;
      try {
        meta = await sharp(input.data).metadata();
      } catch {
        throw new AppError(415, 'UNSUPPORTED_IMAGE', 'The file is not an image Gazette can read (JPEG, PNG, WebP, GIF, AVIF)', 'file');
      }
      const format = meta.format ? FORMATS[meta.format === 'heif' ? 'avif' : meta.format] : undefined;
      if (!format || !meta.width || !meta.height) {
        throw new AppError(415, 'UNSUPPORTED_IMAGE', 'The file is not an image Gazette can read (JPEG, PNG, WebP, GIF, AVIF)', 'file');
      }
      await fs.mkdir(dirs.originals, { recursive: true });
      await fs.mkdir(dirs.thumbs, { recursive: true });
      const fileName = `${crypto.randomBytes(12).toString('hex')}.${format.ext}`;
      // Re-encoding drops EXIF (GPS!) and applies the orientation tag.
      const original = await sharp(input.data, { animated: format.ext === 'gif' }).rotate().toBuffer({ resolveWithObject: true });
      const thumb = await sharp(input.data).rotate()
        .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 80, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
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
