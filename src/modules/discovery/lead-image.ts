// The lead image of an article: the one chosen for it (articleLeadImage: its file's type and size), else the
// first image in its body (the full-size file when the body links one), as an absolute http(s) URL, with its
// type from the extension.

import { textOfHtml } from '../articles/index.js';

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif' };

export interface LeadImage { url: string; type: string; /** The file's size in bytes, when known (a feed enclosure's length). */ length?: number }

/** The chosen lead image (`lead`, resolved by the articles module) or else the body's first image. */
export function articleLeadImage(a: { bodyHtml: string; lead?: { fullUrl: string; mimeType: string; bytes: number } }, baseUrl: string): LeadImage | undefined {
  if (a.lead) return { url: new URL(a.lead.fullUrl, `${baseUrl}/`).href, type: a.lead.mimeType, length: a.lead.bytes };
  return leadImageOf(a.bodyHtml, baseUrl);
}

export function leadImageOf(bodyHtml: string, baseUrl: string): LeadImage | undefined {
  const img = /<img\b[^>]*?\ssrc="([^"]*)"/.exec(bodyHtml);
  if (!img) return undefined;
  // A stored image: the figure's link to the full-size file comes just before its thumbnail.
  const full = /<a class="full-size" href="([^"]*)"[^>]*>\s*$/.exec(bodyHtml.slice(0, img.index));
  let url: URL;
  try {
    url = new URL(decode(full?.[1] ?? img[1]!), `${baseUrl}/`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const ext = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase() ?? '';
  return { url: url.href, type: TYPES[ext] ?? 'image/jpeg' };
}

/** The excerpt of an article: its summary, or the start of its text cut at a word. */
export function excerptOf(summary: string, bodyHtml: string, max = 300): string {
  if (summary.trim()) return summary.trim();
  const text = textOfHtml(bodyHtml);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}
