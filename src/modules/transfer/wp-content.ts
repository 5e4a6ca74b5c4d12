// A WordPress post body as WordPress would show it, then sanitised: shortcodes first ([caption] becomes a
// <figure> with a <figcaption>; [embed]url[/embed] a link; gallery, audio, video and playlist, which need
// WordPress to mean anything, are removed; any other [name] stays as the text it is), then paragraphs from
// blank lines (what WordPress's wpautop does: the export stores bodies without <p>), then the allow-list.
import { sanitiseHtml } from './html-sanitise.js';

const BLOCK_START = /^(<!--|<\/?(p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|figure|figcaption|table|thead|tbody|tr|td|th|hr|address|section|article|aside|header|footer|nav|form|fieldset|iframe|script|style|object|embed|video|audio)\b)/i;
/** A chunk holding a block element anywhere is left as it is (wrapping it in <p> would nest blocks). */
const HAS_BLOCK = /<\/?(p|div|h[1-6]|ul|ol|li|dl|blockquote|pre|figure|table|hr|address|section|article|aside|header|footer|nav|form|fieldset|iframe|script|style|object|embed|video|audio)\b/i;
const BLOCK_END_LINE = /(<\/(?:h[1-6]|ul|ol|blockquote|figure|table|pre|div|p)>)[ \t]*\n(?!\n)/gi;
/** A line opening a block after a line of text starts a new chunk (so that text gets its paragraph). */
const BLOCK_START_LINE = /([^\n][ \t]*)\n(?=<(?:h[1-6]|ul|ol|blockquote|figure|table|pre|div|p|dl|hr)\b)/gi;
const REMOVED_SHORTCODES = ['gallery', 'audio', 'video', 'playlist'];

function attrOf(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s\\]]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

export function expandShortcodes(body: string): string {
  let out = body.replace(/\[(?:wp_)?caption\b([^\]]*)\]([\s\S]*?)\[\/(?:wp_)?caption\]/gi, (_m, attrs: string, inner: string) => {
    // The image (with its link, if any) comes first; the rest of the inner text is the caption.
    const media = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner);
    const caption = attrOf(attrs, 'caption') ?? (media ? media[2]! : '');
    const image = media ? media[1]! : inner;
    return `\n\n<figure class="article-image">${image}<figcaption>${caption.trim()}</figcaption></figure>\n\n`;
  });
  out = out.replace(/\[embed\b[^\]]*\]\s*(https?:\/\/[^\s[<]+)\s*\[\/embed\]/gi, (_m, url: string) => `\n\n<p><a href="${url}">${url}</a></p>\n\n`);
  for (const name of REMOVED_SHORTCODES) {
    out = out.replace(new RegExp(`\\[${name}\\b[^\\]]*\\][\\s\\S]*?\\[\\/${name}\\]`, 'gi'), '');
    out = out.replace(new RegExp(`\\[${name}\\b[^\\]]*\\]`, 'gi'), '');
  }
  return out;
}

/** Blank-line paragraphs → <p>, single line breaks inside them → <br> (like wpautop); <pre> is left alone. */
export function autoParagraphs(body: string): string {
  const kept: string[] = [];
  const text = body.replace(/\r\n?/g, '\n')
    .replace(/<pre\b[\s\S]*?<\/pre>/gi, (m) => `\u0000${kept.push(m) - 1}\u0000`)
    .replace(BLOCK_END_LINE, '$1\n\n')
    .replace(BLOCK_START_LINE, '$1\n\n');
  const chunks = text.split(/\n[ \t]*\n/).map((c) => c.trim()).filter((c) => c !== '');
  const html = chunks.map((c) => (BLOCK_START.test(c) || HAS_BLOCK.test(c) || /\u0000\d+\u0000/.test(c) ? c : `<p>${c.replace(/\n/g, '<br>\n')}</p>`)).join('\n');
  return html.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]!);
}

/** A WordPress body as safe HTML for an article. */
export function wordpressBodyToHtml(body: string): string {
  return sanitiseHtml(autoParagraphs(expandShortcodes(body)), { paragraphs: true }).trim();
}
