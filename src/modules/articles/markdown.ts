// Article Markdown → sanitised HTML. Raw HTML in the source is escaped (html: false) and
// markdown-it refuses javascript:/vbscript:/data: links, so the output cannot carry script.
// Images uploaded through Gazette render as a resized thumbnail with a link to the original.
// Captions and credits: an image alone in its paragraph becomes a <figure>; its Markdown title is the caption,
// and a part after " | " is the credit: ![A flooded street](/media/images/12 "Main Street at noon | Jane Roe").
// Without a title, an uploaded image shows the caption and credit stored with it. Both are escaped text.
import MarkdownIt from 'markdown-it';

export interface ImageRef {
  id: number;
  thumbUrl: string;
  fullUrl: string;
  thumbWidth: number;
  thumbHeight: number;
  /** Stored with the image; used when the Markdown gives no title. */
  caption?: string;
  credit?: string;
}

/** A Markdown image title as caption and credit: "Caption | Credit". */
export function captionOf(title: string): { caption: string; credit: string } {
  const at = title.lastIndexOf(' | ');
  return at < 0 ? { caption: title.trim(), credit: '' } : { caption: title.slice(0, at).trim(), credit: title.slice(at + 3).trim() };
}

const UPLOADED = /^\/media\/images\/(\d+)$/;

/** Ids of uploaded images that a Markdown body references, e.g. ![alt](/media/images/12) or with a title. */
export function referencedImageIds(markdown: string): number[] {
  const ids = new Set<number>();
  for (const m of markdown.matchAll(/\]\(\/media\/images\/(\d+)[\s)]/g)) ids.add(Number(m[1]));
  return [...ids];
}

export function renderMarkdown(markdown: string, images: Map<number, ImageRef>): string {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
  const esc = md.utils.escapeHtml;
  md.renderer.rules.image = (tokens, idx) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    const alt = token.children ? md.renderer.renderInlineAsText(token.children, md.options, {}) : token.content;
    const match = UPLOADED.exec(src);
    const image = match ? images.get(Number(match[1])) : undefined;
    const title = String(token.attrGet('title') ?? '');
    const { caption, credit } = title ? captionOf(title) : { caption: image?.caption ?? '', credit: image?.credit ?? '' };
    const captionHtml = (caption ? `<span class="caption">${esc(caption)}</span>` : '') + (caption && credit ? ' ' : '') +
      (credit ? `<small class="credit">Credit: ${esc(credit)}</small>` : '');
    if (image) {
      return (
        `<figure class="article-image"><a class="full-size" href="${esc(image.fullUrl)}" data-lightbox>` +
        `<img src="${esc(image.thumbUrl)}" alt="${esc(alt)}" width="${String(image.thumbWidth)}" height="${String(image.thumbHeight)}" loading="lazy"></a>` +
        `<figcaption>${captionHtml ? `${captionHtml} ` : ''}<a class="full-size-link" href="${esc(image.fullUrl)}" data-lightbox>Click to see full-size image</a></figcaption></figure>`
      );
    }
    const img = `<img src="${esc(src)}" alt="${esc(alt)}" loading="lazy">`;
    // Another site's image with a title, alone in its paragraph: a figure with the caption and credit.
    return token.meta?.alone && captionHtml ? `<figure class="article-image">${img}<figcaption>${captionHtml}</figcaption></figure>` : img;
  };
  // A paragraph holding only an image would wrap a <figure> in <p>, which is invalid HTML.
  md.core.ruler.push('unwrap_figures', (state) => {
    const t = state.tokens;
    for (let i = t.length - 3; i >= 0; i--) {
      const inline = t[i + 1]!;
      if (t[i]!.type === 'paragraph_open' && inline.type === 'inline' && t[i + 2]!.type === 'paragraph_close' &&
          inline.children?.length === 1 && inline.children[0]!.type === 'image') {
        inline.children[0]!.meta = { ...inline.children[0]!.meta, alone: true };
        t.splice(i + 2, 1);
        t.splice(i, 1);
      }
    }
  });
  return md.render(markdown);
}
