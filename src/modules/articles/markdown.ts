// Article Markdown → sanitised HTML. Raw HTML in the source is escaped (html: false) and
// markdown-it refuses javascript:/vbscript:/data: links, so the output cannot carry script.
// Images uploaded through Gazette render as a resized thumbnail with a link to the original.
import MarkdownIt from 'markdown-it';

export interface ImageRef {
  id: number;
  thumbUrl: string;
  fullUrl: string;
  thumbWidth: number;
  thumbHeight: number;
}

const UPLOADED = /^\/media\/images\/(\d+)$/;

/** Ids of uploaded images that a Markdown body references, e.g. ![alt](/media/images/12). */
export function referencedImageIds(markdown: string): number[] {
  const ids = new Set<number>();
  for (const m of markdown.matchAll(/\]\(\/media\/images\/(\d+)\)/g)) ids.add(Number(m[1]));
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
    if (image) {
      return (
        `<figure class="article-image"><a class="full-size" href="${esc(image.fullUrl)}" data-lightbox>` +
        `<img src="${esc(image.thumbUrl)}" alt="${esc(alt)}" width="${String(image.thumbWidth)}" height="${String(image.thumbHeight)}" loading="lazy"></a>` +
        `<figcaption><a class="full-size-link" href="${esc(image.fullUrl)}" data-lightbox>Click to see full-size image</a></figcaption></figure>`
      );
    }
    return `<img src="${esc(src)}" alt="${esc(alt)}" loading="lazy">`;
  };
  // A paragraph holding only an image would wrap a <figure> in <p>, which is invalid HTML.
  md.core.ruler.push('unwrap_figures', (state) => {
    const t = state.tokens;
    for (let i = t.length - 3; i >= 0; i--) {
      const inline = t[i + 1]!;
      if (t[i]!.type === 'paragraph_open' && inline.type === 'inline' && t[i + 2]!.type === 'paragraph_close' &&
          inline.children?.length === 1 && inline.children[0]!.type === 'image') {
        t.splice(i + 2, 1);
        t.splice(i, 1);
      }
    }
  });
  return md.render(markdown);
}
