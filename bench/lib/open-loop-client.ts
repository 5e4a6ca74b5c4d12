// Open-loop comment poster, run in its own process by bench/writes.bench.ts (wrk2 is not in Debian; a
// Node client is plenty for 100 requests/s). Request i has a scheduled send time start + i / rate; its
// latency is measured from that time, not from when it was actually sent, so a server that falls behind
// pays for the queue it builds (no coordinated omission). Each post comes from a first-time reader (no
// cookie) on a network of its own (X-Forwarded-For; the server trusts the proxy header), with a realistic
// comment, and about one in ten is spam of the usual kinds. Prints one JSON line on stdout when done.
// argv: <base URL> <article slug> <rate per second> <seconds> <warm-up seconds> <seed>
import http from 'node:http';
import { commentBody, rng } from './util.js';

const [base, slug, rateArg, secondsArg, warmArg, seedArg] = process.argv.slice(2);
if (!base || !slug) throw new Error('usage: open-loop-client <base> <slug> <rate> <seconds> <warmup> <seed>');
const rate = Number(rateArg ?? 100);
const seconds = Number(secondsArg ?? 20);
const warm = Number(warmArg ?? 3);
const r = rng(Number(seedArg ?? 1));
const url = new URL(`/api/v1/articles/${slug}/comments`, base);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const SPAM = [
  () => `Call our 24/7 support number +1 (800) 555-${String(r.int(1000, 9999))} for instant help with your account!!!`,
  () => `Great article! Earn $${r.int(200, 900)} a day from home, see https://bit.ly/${r.int(10000, 99999)} now`,
  () => `Cheap replica watches and pills, best price, visit http://deals-${r.int(1, 99)}.example.com/buy?ref=${r.int(1, 999)}`,
  () => `Please like and subscribe to my channel, follow me for more!!! https://tinyurl.com/${r.int(1000, 9999)}`,
];
const NAMES = ['Ana', 'Bo', 'Chidi', 'Dana', 'Eero', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemal', 'Lena', 'Mo', 'Nia'];

interface Sample { at: number; ms: number; status: number; verdict: string }

function post(i: number): Promise<{ status: number; verdict: string }> {
  const spam = r.next() < 0.1;
  const name = r.pick(NAMES);
  const body = JSON.stringify({
    authorName: spam ? `Best Deals ${r.int(1, 99)}` : `${name} ${String.fromCharCode(65 + r.int(0, 25))}.`,
    authorEmail: `${name.toLowerCase()}.${process.pid}.${i}@example.org`,
    body: spam ? r.pick(SPAM)() : commentBody(r),
  });
  // A network per poster: 10.x.y.z from the request number (a header only; no traffic goes there).
  const xff = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': xff },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let verdict = 'error';
        try { verdict = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { comment?: { status?: string }; code?: string }).comment?.status ?? 'refused'; } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, verdict });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, verdict: 'socket-error' }));
    req.end(body);
  });
}

async function main() {
  const total = Math.round(rate * (warm + seconds));
  const intervalMs = 1000 / rate;
  const samples: Sample[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  let sendLag = 0;
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((res) => setTimeout(res, wait));
    // How late the client itself sent (its own timer or CPU): reported, so a starved client shows.
    if (scheduled - start >= warm * 1000) sendLag = Math.max(sendLag, performance.now() - scheduled);
    inFlight.push(post(i).then(({ status, verdict }) => {
      samples.push({ at: (scheduled - start) / 1000, ms: performance.now() - scheduled, status, verdict });
    }));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const measured = samples.filter((s) => s.at >= warm);
  const latencies = measured.map((s) => s.ms);
  const statuses: Record<string, number> = {};
  const verdicts: Record<string, number> = {};
  for (const s of measured) {
    statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    verdicts[s.verdict] = (verdicts[s.verdict] ?? 0) + 1;
  }
  process.stdout.write(`OPEN_LOOP ${JSON.stringify({ rate, seconds, warm, sent: total, measured: measured.length, latencies, statuses, verdicts, maxSendLagMs: sendLag })}\n`);
}

main().catch((err) => { console.error(err); process.exit(1); });
