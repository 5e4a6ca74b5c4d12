// What sharp does with an upload: read its header, refuse images with more pixels than allowed before
// decoding a single one (a small file can claim 16000×16000 pixels and take gigabytes to decode), then
// re-encode the original (EXIF such as GPS dropped, orientation applied) and make the thumbnail.
import sharp from 'sharp';
import { AppError } from '../../platform/http/errors.js';

export const THUMB_WIDTH = 960;

export const IMAGE_FORMATS: Record<string, { ext: string; mime: string }> = {
  jpeg: { ext: 'jpg', mime: 'image/jpeg' },
  png: { ext: 'png', mime: 'image/png' },
  webp: { ext: 'webp', mime: 'image/webp' },
  gif: { ext: 'gif', mime: 'image/gif' },
  avif: { ext: 'avif', mime: 'image/avif' },
};

type Encoded = { data: Buffer; info: sharp.OutputInfo };
export interface Transcoded { format: { ext: string; mime: string }; original: Encoded; thumb: Encoded }
export type Transcode = (data: Buffer, maxPixels: number) => Promise<Transcoded>;

const unsupported = () => new AppError(415, 'UNSUPPORTED_IMAGE', 'The file is not an image Gazette can read (JPEG, PNG, WebP, GIF, AVIF)', 'file');
const damaged = () => new AppError(415, 'UNSUPPORTED_IMAGE', 'The image could not be read: the file may be damaged or cut off', 'file');
const tooLarge = (what: string, maxPixels: number) =>
  new AppError(413, 'IMAGE_TOO_LARGE', `The image ${what}; at most ${maxPixels.toLocaleString('en-US')} pixels are accepted (IMAGE_MAX_PIXELS)`, 'file');

export const transcodeImage: Transcode = async (data, maxPixels) => {
  let meta: sharp.Metadata;
  try {
    // The header only (no pixel is decoded), so no limit here: the size is checked below, with a clear error.
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    throw unsupported();
  }
  const format = meta.format ? IMAGE_FORMATS[meta.format === 'heif' ? 'avif' : meta.format] : undefined;
  if (!format || !meta.width || !meta.height) throw unsupported();
  // Every frame of an animation is decoded for the original.
  const pages = meta.pages ?? 1;
  const pageHeight = meta.pageHeight ?? meta.height;
  if (meta.width * pageHeight * pages > maxPixels) {
    throw tooLarge(`is ${meta.width}×${pageHeight} pixels${pages > 1 ? ` in ${pages} frames` : ''}`, maxPixels);
  }
  const read = (animated = false) => sharp(data, { animated, limitInputPixels: maxPixels });
  try {
    const original = await read(format.ext === 'gif').rotate().toBuffer({ resolveWithObject: true });
    const thumb = await read().rotate()
      .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { format, original, thumb };
  } catch (err) {
    // The header read, the pixels did not: a damaged or truncated file (or one past the limit after all).
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw tooLarge('has too many pixels', maxPixels);
    throw damaged();
  }
};
