// The moderation stages, in the order they run. The first one that returns a decision wins;
// earlier stages may leave notes (the spam score is always recorded).
//
//  1. form traps     — bots fill the hidden honeypot field → spam; a form sent faster than a person
//                      writes → held (pending) unless a later stage decides
//  2. bans           — a banned account, e-mail or network → rejected (403)
//  3. rate limits    — too many comments in a minute or an hour, per network and per identity → rejected (429)
//  4. block lists    — blocked phrases (on the normalised text), e-mails, domains, IP ranges → spam
//  5. duplicates     — the same normalised text posted again within the window, on any article, or a
//                      text marked spam before (the last 90 days, any window) → spam
//  6. repeat offender— authors with recent spam/rejections and little approved history → pending
//  7. promotion      — a phone number offered as a support line → spam (held for trusted authors);
//                      "support number" wording, an advertising author name, praise followed by an
//                      offer, begging for likes or subscribers, deliberately disguised words → held
//                      unless a later stage decides
//  8. classifier     — the statistical spam filter: very likely spam → spam, likely → pending;
//                      trusted authors (approved history) get more benefit of the doubt; a comment
//                      that gives the reader no way to act (spam/reach-out.ts: no link, contact, handle or
//                      call to act) is never spam: held from the spam threshold, published below it
//  9. links          — too many links, link shorteners, links from first-time commenters → pending
//                      (not links to sources: public bodies, reference, news outlets, video pages, nor
//                      a document cited in an ordinary comment)
// 10. site policy    — pre-moderate everything / first-time commenters / comments with links → pending
import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';
import { formTraps } from './form-traps.js';
import { bans } from './bans.js';
import { rateLimits } from './rate-limits.js';
import { blockLists } from './block-lists.js';
import { duplicates } from './duplicates.js';
import { repeatOffenders } from './repeat-offenders.js';
import { promotion } from './promotion.js';
import { classifier } from './classifier.js';
import { links } from './links.js';
import { sitePolicy } from './site-policy.js';

export const STAGES: readonly Stage<StageContext>[] = [
  formTraps, bans, rateLimits, blockLists, duplicates, repeatOffenders, promotion, classifier, links, sitePolicy,
];
