// Gazette against WordPress on the same article and comments: reads them from Gazette's API, writes them into
// a WordPress of the bench's own (wordpress.ts), then runs wrk rows alternating Gazette (its ?all=1 page, all
// comments, unencoded) and WordPress (the post with every comment on one page, unencoded), each after a
// warm-up, the servers on the same CPU(s).
import { execFileSync } from 'node:child_process';
import { expectStatus, rawGet, request } from './http.js';
import { median, rowOf, rowsTable, type LoadRow } from './page-report.js';
import type { Tools } from './tools.js';
import { fmt, fmtInt, freePort } from './util.js';
import type { CpuPin } from './procs.js';
import { findWordPress, startWordPress, type WpComment } from './wordpress.js';
import { runWrk } from './wrk.js';

/** Gazette / WordPress on the same article with its 200 comments (issue 14's goal). */
export const WORDPRESS_GOAL = 200;

export interface WordPressReport {
  version: string;
  url: string;
  bodyBytes: number;
  commentsShown: number;
  rows: LoadRow[];
  ratio: number;
  roundRatios: number[];
  markdown: string[];
}

type Pin = CpuPin | undefined;

interface ApiComment { id: number; parentId: number | null; authorName: string; bodyHtml: string; createdAt: string; replies: ApiComment[] }

/** Every published comment of the article, oldest first, parents before their replies. */
async function allComments(base: string, slug: string): Promise<WpComment[]> {
  const out: WpComment[] = [];
  const walk = (cs: ApiComment[]) => { for (const c of cs) { out.push({ id: c.id, parentId: c.parentId, authorName: c.authorName, bodyHtml: c.bodyHtml, createdAt: c.createdAt }); walk(c.replies); } };
  let cursor: string | null = null;
  do {
    const r = await request(`${base}/api/v1/articles/${slug}/comments?sort=oldest&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expectStatus(r, 200, 'list comments for WordPress');
    const page = JSON.parse(r.text) as { comments: ApiComment[]; nextCursor: string | null };
    walk(page.comments);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export async function compareWithWordPress(o: {
  base: string; slug: string; tools: Tools; dir: string; rounds: number; durationS: number; warmupS: number; connections: number;
  wrkThreads: number; timeoutS: number; serverPin: Pin; wrkPin: Pin; serverPid: number; log: (msg: string) => void;
  gazette: { url: string; headers: readonly (readonly [string, string])[]; bodyBytes: () => number; headerBytes: () => number; sync: () => Promise<void> };
}): Promise<WordPressReport | string> {
  const wpTools = findWordPress(o.tools.nginx);
  if (typeof wpTools === 'string') return `skipped: ${wpTools}`;
  const articleReply = await request(`${o.base}/api/v1/articles/${o.slug}`);
  expectStatus(articleReply, 200, 'read the article for WordPress');
  const article = (JSON.parse(articleReply.text) as { article: { title: string; bodyHtml: string; publishedAt: string } }).article;
  const comments = await allComments(o.base, o.slug);
  const fpmWorkers = Number(process.env.BENCH_WP_WORKERS) || 4;
  const wp = await startWordPress({
    tools: wpTools, dir: o.dir, port: await freePort(), fpmWorkers,
    article: { title: article.title, html: article.bodyHtml, publishedAt: article.publishedAt }, comments, pin: o.serverPin,
  });
  try {
    // PHP-FPM and nginx need a moment; the first page also fills opcache.
    let first = await rawGet(wp.url, o.gazette.headers).catch(() => undefined);
    for (let i = 0; i < 50 && (first === undefined || first.status === 502); i++) {
      await new Promise((r) => setTimeout(r, 200));
      first = await rawGet(wp.url, o.gazette.headers).catch(() => undefined);
    }
    if (!first) throw new Error(`WordPress at ${wp.url} did not answer`);
    // WordPress sends ?p=N on to the post's permalink (its canonical address): measure that address.
    let url = wp.url;
    const location = first.headers.location;
    if ((first.status === 301 || first.status === 302) && typeof location === 'string') {
      url = new URL(location, wp.url).href;
      first = await rawGet(url, o.gazette.headers);
    }
    if (first.status !== 200) throw new Error(`WordPress ${url}: HTTP ${first.status}${location ? ` to ${String(location)}` : ''}: ${first.body.toString('utf8').slice(0, 300)}`);
    const page = await rawGet(url, o.gazette.headers);
    const shown = new Set(page.body.toString('utf8').match(/id="comment-\d+"/g) ?? []).size;
    o.log(`WordPress (${wpTools.version}) at ${url}: ${page.body.length} bytes, ${shown} of ${comments.length} comments on the page`);
    if (shown !== comments.length) o.log(`WARNING: WordPress shows ${shown} comments, Gazette ${comments.length}`);
    // MariaDB serves WordPress's queries: its CPU is WordPress's.
    let mariadb: number[] = [];
    try { mariadb = execFileSync('pidof', ['mariadbd'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number).filter(Boolean); } catch { /* not found */ }
    const rows: LoadRow[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      await o.gazette.sync();
      for (const target of ['Gazette', 'WordPress'] as const) {
        const rowUrl = target === 'Gazette' ? o.gazette.url : url;
        // WordPress takes about half a second of CPU per page here: with more connections than PHP workers, or
        // after a timed warm-up, its rows would measure a queue (requests a warm-up left behind, answered late).
        // It gets as many connections as workers, a row of at least 30 s, and five plain GETs as warm-up.
        const isWp = target === 'WordPress';
        const base = { wrk: o.tools.wrk, url: rowUrl, connections: isWp ? fpmWorkers : o.connections, threads: o.wrkThreads, timeoutS: isWp ? 30 : o.timeoutS, headers: o.gazette.headers, pin: o.wrkPin };
        if (isWp) for (let i = 0; i < 5; i++) await rawGet(rowUrl, o.gazette.headers);
        else if (o.warmupS > 0) await runWrk({ ...base, durationS: o.warmupS });
        o.log(`WordPress comparison, round ${round}: ${target}, ${base.connections} connections, ${isWp ? Math.max(30, o.durationS) : o.durationS} s`);
        const result = await runWrk({ ...base, durationS: isWp ? Math.max(30, o.durationS) : o.durationS, cpuGroups: { gazette: [o.serverPid], wordpress: [...wp.pids(), ...mariadb] } });
        const bodyBytes = target === 'Gazette' ? o.gazette.bodyBytes() : page.body.length;
        const headerBytes = target === 'Gazette' ? o.gazette.headerBytes() : page.headerBytes;
        const row = rowOf({ round, target, page: '200 comments', encoding: 'identity', url: rowUrl, bodyBytes, expectedWireBytes: bodyBytes + headerBytes, wrkThreads: o.wrkThreads, result, pageCache: null });
        rows.push(row);
        o.log(`  ${fmt(row.wrk.requestsPerSec, 0)} req/s, p50 ${fmt(row.wrk.latencyMs.p50, 1)} ms, p99 ${fmt(row.wrk.latencyMs.p99, 1)} ms${row.flags.length ? ` [${row.flags.join(', ')}]` : ''}`);
      }
    }
    const rate = (t: string) => rows.filter((r) => r.target === t).map((r) => r.wrk.requestsPerSec);
    const roundRatios = rate('Gazette').map((g, i) => g / (rate('WordPress')[i] ?? NaN));
    // A WordPress row without a single response (a row shorter than one response under load) gives no ratio.
    const answered = rows.every((r) => r.wrk.requests > 0);
    const ratio = answered ? median(rate('Gazette')) / median(rate('WordPress')) : NaN;
    const verdict = !answered ? 'n/a: a row got no response (raise BENCH_DURATION)' : ratio >= WORDPRESS_GOAL ? 'PASS' : 'FAIL';
    // WordPress answers slowly: a 'bytes-mismatch' from its generated nonces or times is a few bytes, not a different page.
    const markdown = [
      `${wpTools.version} (Debian's package, default theme Twenty Twenty-Three, no page-cache plugin) behind nginx + PHP-FPM (${fpmWorkers} workers, opcache; wrk with as many connections, rows of at least 30 s), MariaDB on the same machine (its CPU counted as WordPress's), on the server's CPU as Gazette; the same article and the same ${comments.length} comments (threads, names, dates), all on one page; requests without Accept-Encoding. Rows alternate Gazette (?all=1) and WordPress.`,
      '',
      ...rowsTable(rows),
      '',
      `| | Gazette req/s | WordPress req/s | Gazette / WordPress | per round | Goal ≥ ${WORDPRESS_GOAL} |`,
      '|---|--:|--:|--:|---|:-:|',
      `| article with ${comments.length} comments, identity (Gazette ${fmtInt(o.gazette.bodyBytes())} B, WordPress ${fmtInt(page.body.length)} B) | ${fmtInt(median(rate('Gazette')))} | ${fmt(median(rate('WordPress')), 1)} | ${fmt(ratio, 0)} | ${roundRatios.map((r) => fmt(r, 0)).join(', ')} | ${verdict} |`,
    ];
    return { version: wpTools.version, url, bodyBytes: page.body.length, commentsShown: shown, rows, ratio, roundRatios, markdown };
  } finally {
    await wp.stop();
  }
}
