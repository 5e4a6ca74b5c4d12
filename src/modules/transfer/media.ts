// Where an imported site's files are read from (--media-from): a folder (a copy of wp-content/uploads) or a
// base URL the server can reach. An attachment's address is looked up by the part after /wp-content/uploads/
// (its whole path when it has none); in a folder, by its file name as a last resort. Nothing outside the
// folder is ever read, and only http(s) is fetched.
import fs from 'node:fs/promises';
import path from 'node:path';

export type MediaSource = (attachmentUrl: string) => Promise<{ data: Buffer; name: string } | { error: string }>;

function relativeOf(url: string): string {
  let pathname: string;
  try { pathname = new URL(url, 'http://x.invalid').pathname; } catch { return ''; }
  const decoded = (() => { try { return decodeURIComponent(pathname); } catch { return pathname; } })();
  const at = decoded.indexOf('/wp-content/uploads/');
  return (at === -1 ? decoded : decoded.slice(at + '/wp-content/uploads/'.length)).replace(/^\/+/, '');
}

export function mediaSource(from: string, maxBytes: number): MediaSource {
  if (/^https?:\/\//i.test(from)) {
    const base = new URL(from.endsWith('/') ? from : `${from}/`);
    const rootOnly = base.pathname === '/';
    return async (url) => {
      let target: URL;
      try {
        const original = new URL(url);
        target = rootOnly ? new URL(original.pathname, base) : new URL(relativeOf(url).split('/').map(encodeURIComponent).join('/'), base);
      } catch { return { error: 'not an address' }; }
      try {
        const res = await fetch(target, { signal: AbortSignal.timeout(30_000), redirect: 'follow' });
        if (!res.ok) return { error: `HTTP ${res.status} from ${target.href}` };
        const data = Buffer.from(await res.arrayBuffer());
        if (data.length > maxBytes) return { error: `larger than ${maxBytes} bytes` };
        return { data, name: path.basename(target.pathname) };
      } catch (err) {
        return { error: `${target.href}: ${(err as Error).message}` };
      }
    };
  }
  const root = path.resolve(from);
  return async (url) => {
    const rel = relativeOf(url);
    if (!rel) return { error: 'not an address' };
    for (const candidate of [path.resolve(root, rel), path.resolve(root, path.basename(rel))]) {
      if (!candidate.startsWith(root + path.sep)) continue;
      try {
        const stat = await fs.stat(candidate);
        if (!stat.isFile()) continue;
        if (stat.size > maxBytes) return { error: `larger than ${maxBytes} bytes` };
        return { data: await fs.readFile(candidate), name: path.basename(candidate) };
      } catch { /* the next candidate */ }
    }
    return { error: `not found in ${from}` };
  };
}

/** An address without its scheme and WordPress's size suffix ("photo-300x200.jpg" is "photo.jpg"). */
export function mediaKey(url: string): string {
  return url.trim().replace(/^https?:/i, '').replace(/-\d+x\d+(\.\w+)$/, '$1');
}

/** Points the body's images and links to imported files at their copies here. */
export function rewriteMedia(html: string, lookup: (url: string) => { thumbUrl: string; fullUrl: string } | undefined): string {
  return html.replace(/ (src|href)="([^"]*)"/g, (m, attr: string, value: string) => {
    const url = value.replace(/&amp;/g, '&');
    const hit = /^https?:/i.test(url) ? lookup(mediaKey(url)) : undefined;
    if (!hit) return m;
    return ` ${attr}="${attr === 'src' ? hit.thumbUrl : hit.fullUrl}"`;
  });
}
