// A site's second opinion, on top of its word counts, once it has learned a batch of its own history
// (SpamClassifier.trainOnError: `spam train`, whose thresholds are then calibrated on scores that include
// it). Off-topic or on-topic: the comment's character 4-grams are compared (cosine) with the centroid of
// every spam comment the site has learned and with that of every legitimate one; the difference, times
// TOPIC_WEIGHT, is added to the site classifier's log-odds. A site's legitimate comments talk about its
// articles; spam talks about itself (its channel, its offer) whatever the article. A cosine does not grow
// with length, so a long friendly self-promotion is judged by what it is about, not by how many ordinary
// words it has.
//
// A site may also count only the strongest ham-ward tokens of a comment (hamEvidenceLimit, a moderation
// setting): a long friendly self-promotion is then not buried under the small ham-ward leans of its many
// ordinary words. Whether that suits a site is its own data's question: on YouTube-like sites it raises
// recall, on a news site (long comments whose ham-ward evidence is what keeps them legitimate) it flags
// far too many; `spam train` chooses per site by cross-validation (site-variant.ts).
//
// Measured on issue 12's goal (b) (docs/spam-filter.md, "Issue 12, fourth step"), with the classifier
// stage's rule and the site's calibrated hold threshold. The centroids keep every learned example
// (batch rows and moderator decisions, not only those train-on-error counted): the site's picture of
// its discussion. They are not serialised; the learner rebuilds them by replaying spam_examples.
import type { Label } from './classifier.js';
import type { Normalised } from './normalise.js';

/** Weight of (cosine to the learned spam − cosine to the learned ham) in the site's log-odds. */
export const TOPIC_WEIGHT = 20;
/** Character n-gram length of the topic comparison. */
const GRAM = 4;
/** Only this much of a comment's words is compared (keeps scoring fast). */
const MAX_SOURCE = 2000;

/** The distinct character 4-grams of a comment's words (joined by single spaces, padded). */
export function topicGrams(n: Normalised): string[] {
  let src = ` ${n.tokens.join(' ')} `;
  if (src.length > MAX_SOURCE) src = src.slice(0, MAX_SOURCE);
  const out = new Set<string>();
  for (let i = 0; i + GRAM <= src.length; i++) out.add(src.slice(i, i + GRAM));
  return [...out];
}

/**
 * The centroids of a site's learned spam and legitimate comments: per label, the sum of the comments'
 * unit-length 4-gram vectors (binary). add() with sign −1 takes a comment out again.
 */
export class TopicCentroids {
  private readonly sums: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  private readonly docs: [number, number] = [0, 0];
  private norms: [number, number] | undefined;

  add(n: Normalised, label: Label, sign: 1 | -1 = 1): void {
    const g = topicGrams(n);
    if (!g.length) return;
    const c = label === 'spam' ? 0 : 1;
    const m = this.sums[c];
    const w = sign / Math.sqrt(g.length);
    for (const k of g) {
      const v = (m.get(k) ?? 0) + w;
      if (Math.abs(v) < 1e-9) m.delete(k);
      else m.set(k, v);
    }
    this.docs[c] += sign;
    this.norms = undefined;
  }

  /** Whether both labels have at least one comment. */
  get ready(): boolean {
    return this.docs[0] > 0 && this.docs[1] > 0;
  }

  /** Cosine to the spam centroid minus cosine to the ham centroid (0 until both exist), in [−1, 1]. */
  similarity(n: Normalised): number {
    if (!this.ready) return 0;
    const g = topicGrams(n);
    if (!g.length) return 0;
    this.norms ??= [norm(this.sums[0]), norm(this.sums[1])];
    const dot = (m: Map<string, number>) => g.reduce((s, k) => s + (m.get(k) ?? 0), 0);
    const len = Math.sqrt(g.length);
    const cos = (c: 0 | 1) => (this.norms![c] > 0 ? dot(this.sums[c]) / (len * this.norms![c]) : 0);
    return cos(0) - cos(1);
  }
}

function norm(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v * v;
  return Math.sqrt(s);
}

/**
 * The sum of the `limit` strongest (most negative) ham-ward contributions, or of all of them when there
 * are no more than that (see the header: a site's hamEvidenceLimit).
 */
export function strongestHamEvidence(hamward: number[], limit: number): number {
  if (hamward.length <= limit) return hamward.reduce((s, x) => s + x, 0);
  hamward.sort((a, b) => a - b);
  let s = 0;
  for (let i = 0; i < limit; i++) s += hamward[i]!;
  return s;
}
