// Made-up content for `gazette seed`: deterministic for a given seed number, shaped like a news site's —
// words and tags drawn from Zipf-like distributions (a few very common, a long tail of rare ones), titles and
// bodies of varied length, publication dates spread over years, and comments spread over articles with a long
// tail (most articles get a few, a few get thousands), a third of them replies.

/** A small fast PRNG (mulberry32): the same seed gives the same site. */
export function randomOf(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
export type Random = ReturnType<typeof randomOf>;

/** Ranks 0..n-1 drawn with probability ∝ 1 / (rank + 1)^s (a precomputed CDF and a binary search). */
export function zipf(n: number, s: number) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / Math.pow(k + 1, s);
  for (let k = 0; k < n; k++) cdf[k]! /= sum;
  return (r: Random) => {
    const u = r.next();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1; else hi = mid;
    }
    return lo;
  };
}

// The head of the vocabulary is English; the tail is made of syllables (a deterministic word per rank).
const HEAD = ('the of and to in a is that for it on was with as by at from are be this have an which or has not but they ' +
  'their were more been after city council said people year government new public local school police water report ' +
  'would first two could about budget plan housing health state market workers minister election court community river ' +
  'night team share price energy transport street village station hospital museum festival summer winter library').split(' ');
const SYLLABLES = 'ka lo mi re tu sa ne vo ri da pe lu ko ma ti be ra no si ve du la mo gi fe ta zo ni ha pu'.split(' ');

/** The word of a rank: the English head, then made-up words (rank 5,000: "kalomi"…), all distinct. */
export function wordOf(rank: number): string {
  if (rank < HEAD.length) return HEAD[rank]!;
  let n = rank - HEAD.length;
  let w = '';
  do { w += SYLLABLES[n % SYLLABLES.length]!; n = Math.floor(n / SYLLABLES.length); } while (n > 0);
  return w + 'n';
}

export const VOCABULARY = 60_000;
export const TAGS = 3_000;

/** The tag of a rank: rank 0 is the most common ("tag-politics" style names, distinct per rank). */
export function tagOf(rank: number): string {
  const topics = ['politics', 'climate', 'housing', 'schools', 'transport', 'health', 'culture', 'sport', 'business', 'courts'];
  return rank < topics.length ? topics[rank]! : `${wordOf(HEAD.length + rank * 7)}-${rank}`;
}

const word = zipf(VOCABULARY, 1.05);
const tag = zipf(TAGS, 1.1);

function sentence(r: Random, min: number, max: number): string {
  const n = r.int(min, max);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(wordOf(word(r)));
  const s = words.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + '.';
}

export interface MadeArticle { title: string; summary: string; bodyMarkdown: string; tags: string[] }

/** An article: 4–14 title words, a summary, 1–12 paragraphs (most articles short, some long), 1–5 tags. */
export function madeArticle(r: Random): MadeArticle {
  const title = sentence(r, 4, 14).slice(0, -1);
  const paragraphs = 1 + Math.floor(Math.pow(r.next(), 2) * 12);
  const body: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = [];
    for (let k = r.int(2, 6); k > 0; k--) sentences.push(sentence(r, 6, 22));
    body.push(sentences.join(' '));
  }
  const tags = new Set<string>();
  for (let k = r.int(1, 5); k > 0; k--) tags.add(tagOf(tag(r)));
  return { title, summary: sentence(r, 10, 30), bodyMarkdown: body.join('\n\n'), tags: [...tags] };
}

/** A comment: one to three paragraphs, mostly short. */
export function madeComment(r: Random): string {
  const paragraphs = r.next() < 0.8 ? 1 : r.int(2, 3);
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = [];
    for (let k = r.int(1, 4); k > 0; k--) sentences.push(sentence(r, 4, 18));
    out.push(sentences.join(' '));
  }
  return out.join('\n\n');
}

/**
 * How many comments each of `n` articles gets, summing to `total`: weights from a Pareto-like tail (most
 * articles a few, a few thousands), largest remainders rounded up.
 */
export function commentShares(r: Random, n: number, total: number): number[] {
  if (n === 0) return [];
  const weights = Array.from({ length: n }, () => Math.pow(1 - r.next(), -1 / 1.2) - 1);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (w / sum) * total);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) shares[byRemainder[k]![1]]! += 1;
  return shares;
}

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Ebru', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wen', 'Yusuf', 'Zoë'];
const LAST = ['Abbott', 'Brandt', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jansen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Silva', 'Tanaka'];

/** A person's name (a first and a last name: 500 combinations). */
export const personOf = (r: Random) => `${r.pick(FIRST)} ${r.pick(LAST)}`;
