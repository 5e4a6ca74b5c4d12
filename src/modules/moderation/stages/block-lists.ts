import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';
import { ipInRange } from '../ip-range.js';
import { normalise } from '../spam/normalise.js';

/** A phrase matches whole words of the normalised text, so "sex" does not catch "Essex". */
export function phraseMatches(normalisedText: string, phrase: string): boolean {
  const p = normalise(phrase).text.trim();
  if (!p) return false;
  const escaped = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(normalisedText);
}

/** "https://shop.example.org:8080/x" → "shop.example.org" (URLs may come without a scheme). */
function hostOf(url: string): string {
  return (url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^/?#]*@/, '').split(/[/?#:]/)[0] ?? '').toLowerCase();
}

export const blockLists: Stage<StageContext> = {
  name: 'block-lists',
  async run(c) {
    const list = await c.blockList();
    const spam = (reason: string) => ({ decision: { verdict: 'spam' as const, stage: 'block-lists', reason } });
    const phrase = list.phrases.find((p) => phraseMatches(c.normalised.text, p));
    if (phrase) return spam(`contains the blocked phrase "${phrase}"`);
    const email = c.authorEmail.toLowerCase();
    if (list.emails.includes(email)) return spam('the e-mail address is blocked');
    const emailDomain = email.split('@')[1] ?? '';
    // Link hosts as written, not only their registrable domains, so a blocked subdomain ("spam.blogspot.com") matches too.
    const hosts = [...c.normalised.features.domains, ...c.normalised.features.urls.map(hostOf)];
    const domainHit = list.domains.find((d) => emailDomain === d || emailDomain.endsWith(`.${d}`) || hosts.some((x) => x === d || x.endsWith(`.${d}`)));
    if (domainHit) return spam(`mentions or writes from the blocked domain ${domainHit}`);
    if (c.ip) {
      const range = list.ipRanges.find((r) => ipInRange(c.ip!, r));
      if (range) return spam(`posted from the blocked network ${range}`);
    }
    return undefined;
  },
};
