// The comment posts bench/writes.bench.ts sends, written as complete HTTP/1.1 requests to a file for the native
// open-loop generator (bench/lib/open-loop.c): each record is the request's length (4 bytes, little-endian)
// and its bytes. Each post comes from a first-time reader (no cookie) on a network of its own (X-Forwarded-For;
// the server trusts the proxy header), with a realistic comment, and about one in ten is spam of the usual kinds.
// A share of the others (`replyShare`) answer one of the comments given as `parents`, as in a real discussion.
import fs from 'node:fs';
import { commentBody, rng } from './util.js';

const NAMES = ['Ana', 'Bo', 'Chidi', 'Dana', 'Eero', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemal', 'Lena', 'Mo', 'Nia'];

export function writePostRequests(file: string, o: { base: string; slug: string; count: number; seed: number; parents?: readonly number[]; replyShare?: number }): void {
  const r = rng(o.seed);
  const url = new URL(`/api/v1/articles/${o.slug}/comments`, o.base);
  const spamKinds = [
    () => `Call our 24/7 support number +1 (800) 555-${String(r.int(1000, 9999))} for instant help with your account!!!`,
    () => `Great article! Earn $${r.int(200, 900)} a day from home, see https://bit.ly/${r.int(10000, 99999)} now`,
    () => `Cheap replica watches and pills, best price, visit http://deals-${r.int(1, 99)}.example.com/buy?ref=${r.int(1, 999)}`,
    () => `Please like and subscribe to my channel, follow me for more!!! https://tinyurl.com/${r.int(1000, 9999)}`,
  ];
  const out: Buffer[] = [];
  for (let i = 0; i < o.count; i++) {
    const spam = r.next() < 0.1;
    const reply = !spam && o.parents?.length && r.next() < (o.replyShare ?? 0) ? { parentId: r.pick(o.parents) } : {};
    const name = r.pick(NAMES);
    const body = Buffer.from(JSON.stringify({
      authorName: spam ? `Best Deals ${r.int(1, 99)}` : `${name} ${String.fromCharCode(65 + r.int(0, 25))}.`,
      authorEmail: `${name.toLowerCase()}.${o.seed}.${i}@example.org`,
      body: spam ? r.pick(spamKinds)() : commentBody(r),
      ...reply,
    }));
    // A network per poster: 10.x.y.z from the request number (a header only; no traffic goes there).
    const xff = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const head = Buffer.from(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n`
      + `Content-Length: ${body.length}\r\nX-Forwarded-For: ${xff}\r\nConnection: keep-alive\r\n\r\n`);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(head.length + body.length);
    out.push(len, head, body);
  }
  fs.writeFileSync(file, Buffer.concat(out));
}
