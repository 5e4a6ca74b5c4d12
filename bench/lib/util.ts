// Small helpers for the benchmarks (the PRNG is the seed command's): ports, statistics, seeded text, polling.
import net from 'node:net';
import { randomOf as rng } from '../../src/cli/seed-content.js';

/** A port that was free on 127.0.0.1 a moment ago (the OS picks it; tiny race accepted). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns true, at most `timeoutMs`; `abort` stops early with its error. */
export async function waitUntil(
  what: string, check: () => Promise<boolean>, timeoutMs: number, abort?: () => Error | undefined,
): Promise<number> {
  const started = performance.now();
  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    const stop = abort?.();
    if (stop) throw stop;
    try {
      if (await check()) return performance.now() - started;
    } catch { /* not up yet */ }
    await sleep(100);
  }
  throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s`);
}

export interface Summary { n: number; p50: number; p99: number; mean: number; min: number; max: number }

/** Nearest-rank percentiles of a list of samples (milliseconds). */
export function summarise(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { n: 0, p50: NaN, p99: NaN, mean: NaN, min: NaN, max: NaN };
  const at = (p: number) => s[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  return { n, p50: at(50), p99: at(99), mean: s.reduce((a, b) => a + b, 0) / n, min: s[0]!, max: s[n - 1]! };
}

/** Deterministic PRNG (mulberry32) so every run seeds the same content: the seed command's own. */
export { rng };
export type Rng = ReturnType<typeof rng>;

const WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna ' +
  'aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute ' +
  'irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non ' +
  'proident sunt culpa qui officia deserunt mollit anim id est laborum council budget harbour ferry school library ' +
  'mayor district report water housing transit vote residents committee hearing plan street market bridge river'
).split(' ');

export function sentence(r: Rng, minWords = 6, maxWords = 18): string {
  const n = r.int(minWords, maxWords);
  const words = Array.from({ length: n }, () => r.pick(WORDS));
  const first = words[0]!;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${words.join(' ')}${r.pick(['.', '.', '.', '?', '!'])}`;
}

export const wordCount = (s: string) => s.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length;

/** About `targetWords` words of Markdown: headings, paragraphs with emphasis and links, a list, a quote. */
export function articleMarkdown(r: Rng, targetWords = 1000): string {
  const blocks: string[] = [];
  let words = 0;
  let section = 0;
  const add = (b: string) => { blocks.push(b); words += wordCount(b); };
  while (words < targetWords) {
    if (blocks.length % 5 === 0) add(`## Section ${++section}: ${sentence(r, 3, 6).replace(/[.?!]$/, '')}`);
    const kind = blocks.length % 7;
    if (kind === 3) {
      add(Array.from({ length: r.int(3, 5) }, () => `- ${sentence(r, 5, 12)}`).join('\n'));
    } else if (kind === 5) {
      add(`> ${sentence(r, 12, 24)} ${sentence(r, 8, 16)}`);
    } else {
      const ss = Array.from({ length: r.int(4, 7) }, () => sentence(r));
      ss[1] = `**${ss[1]!.replace(/[.?!]$/, '')}**.`;
      ss[2] = `See [the full report](https://example.org/reports/${r.int(100, 999)}) and *${ss[2]!}*`;
      add(ss.join(' '));
    }
  }
  return blocks.join('\n\n');
}

/** A comment body of 1-4 sentences, sometimes two paragraphs or a link. */
export function commentBody(r: Rng): string {
  const n = r.int(1, 4);
  const ss = Array.from({ length: n }, () => sentence(r, 4, 22));
  if (r.next() < 0.1) ss.push(`More at https://example.org/notes/${r.int(1, 9999)}.`);
  if (n >= 3 && r.next() < 0.3) return `${ss.slice(0, 2).join(' ')}\n\n${ss.slice(2).join(' ')}`;
  return ss.join(' ');
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
