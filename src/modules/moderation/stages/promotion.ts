import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';
import type { Normalised } from '../spam/normalise.js';

// Signs of promotion the word model does not weigh well, read from what the pipeline already has: the
// normalised text, the author's name and the disguise the normaliser undid. Each is a rule a person can
// check, with its reason in plain words.
//
//  - a "support number": a phone number offered as a brand's support, customer service or help line
//    (the tech-support scam), or the words "<…> support/customer service (phone) number" alone;
//  - an author name that is an advertisement: service words ("Norton Support", "Cheap Loans"), a web
//    address or a phone number in the name;
//  - praise followed by an offer: "Thanks for sharing this informative post … our agency / visit …";
//  - begging for likes, subscribers or followers: "like this comment if you…", "subscribe to me",
//    "follow me on Instagram", "sub4sub", "check out my channel", "like this comment for no reason", "thumbs
//    up if…", "like and subscribe", "please subscribe", "check out this video on YouTube:";
//  - disguise: look-alike letters from other scripts inside Latin words (4 or more), 10 or more symbols
//    between single letters ("s★a★l★a★r★y"), or two kinds of disguise together ("sa-lary w-eekly …
//    ♥♥♥n♥♥z♥s♥": fragments joined and symbols between letters), 4 edits or more: held whatever the
//    classifier says (a disguised comment is written to slip past it; in the ~26,700 legitimate news,
//    video and SMS comments of ../shared/spam-data, none was disguised like that);
//    a single kind of heavy disguise (letters split by symbols, invisible characters) only when the
//    classifier already leans towards spam. A reader with approved comments is held too (an account is
//    cheap to warm up).
//
// A support number from a first-time commenter is marked spam; everything else asks for a hold (a
// later stage may still mark the comment spam), so a legitimate comment waits for a moderator rather
// than being binned.

const SUPPORT_WORDS = String.raw`(?:customer (?:care|service|services|support)|tech(?:nical)? support|support|help ?(?:line|desk)|hot ?line|toll[- ]?free|service centre|service center)`;
/** "norton support phone number", "customer service number", "helpline no". */
const SUPPORT_NUMBER_WORDS = new RegExp(String.raw`\b${SUPPORT_WORDS} (?:phone |contact |telephone )?(?:number|numbers|no|#)\b|\b(?:call|dial|contact) (?:the |our )?${SUPPORT_WORDS}\b`);
/** Words that make a phone number an offer of support (with a number in the text). */
const SUPPORT_NEAR_PHONE = new RegExp(String.raw`\b${SUPPORT_WORDS}\b|\b(?:call|dial|whatsapp|contact) (?:us|now|today|me)\b|\bcall\b.*\b24 ?(?:/|x) ?7\b`);

/** Service and sales words that do not belong in a person's name. */
const NAME_AD_WORDS = /\b(?:support|customer|services?|help ?line|hot ?line|helpdesk|phone|number|toll|loans?|casino|escorts?|seo|crypto|bitcoin|forex|pharmacy|viagra|cialis|cheap|discount|buy|sale|shop|store|agency|solutions|official|recovery|hacker|hack|investment|trading|marketing|followers)\b/i;
const NAME_HAS_ADDRESS = /(?:https?:\/\/|www\.|\.(?:com|net|org|info|biz|xyz|io|co|in|online|site|shop|store)\b)/i;
const NAME_HAS_PHONE = /\d[\d\s().+-]{6,}\d/;

const PRAISE = /\b(?:thanks?(?: you)? (?:so much |a lot )?for (?:sharing|this (?:post|article|blog|information|info)|the (?:post|article|blog|information|info))|(?:great|nice|good|awesome|informative|useful|helpful|wonderful|excellent|amazing|fantastic) (?:post|article|blog|information|info|content|share|write ?up|piece of information)|very (?:informative|helpful|useful|nice) (?:post|article|blog|information|content)|keep (?:it up|sharing|posting|writing)|(?:i|we) (?:really )?(?:like|love|enjoyed|appreciate) (?:this|your) (?:post|article|blog|content))\b/;
const OFFER = /\b(?:our (?:services?|company|agency|team|website|site|products?|packages?)|services? (?:in|for|provider)|best \w+ (?:in|near)|visit (?:us|our|my|the website)|contact us|call us|book (?:now|your)|(?:packages?|tours?|apartments?|villas?|property|real estate|software|assignment help|essay|escort|loans?) (?:in|for|at|from)\b)/;

const BEGGING = /\b(?:(?:like|thumbs? up|upvote)(?: this comment)? if (?:you|u|ur|your|you're)\b|(?:subscribe|sub) (?:to me|to my|me\b|for me|back)|sub ?(?:4|a|for) ?sub\b|follow ?(?:4|a|for) ?follow\b|like ?(?:4|for) ?like\b|follow me (?:on|at) (?:twitter|instagram|ig|tiktok|facebook|twitch|soundcloud)\b|check (?:out )?my (?:channel|page|profile|music|videos?)\b|like this comment(?= (?:if|for|of|and|so|to)\b|\s*[.!]*$)|thumbs? up (?:if|for)\b|like (?:and|&|n) sub|\bsubscribe if\b|please subscribe\b|give (?:it|this|me) a like\b|(?:check out|take a look at|watch) this video on youtube\b|\bmi canal\b)/;

/** Whether the comment begs for likes, subscribers or followers (see the header). */
export function beggingForAudience(n: Normalised): boolean {
  return BEGGING.test(n.text);
}

/** How much disguise the normaliser undid, counting only what ordinary writing does not produce. */
export function disguiseEdits(n: Normalised): number {
  const e = n.features.edits;
  return e.interleaved + e.invisible + e.confusable + e.compatibility + e.zalgo + e.disguisedDots;
}

/** Look-alike letters from other scripts inside Latin words: this many ask for a hold. */
export const LOOKALIKE_EDITS = 4;
/** Symbols between single letters ("f★r★e★e"): this many ask for a hold. */
export const INTERLEAVED_EDITS = 10;
/** Two kinds of disguise or more, this many edits in all, ask for a hold. */
export const MIXED_DISGUISE_EDITS = 4;

/** Look-alike letters, or two kinds of disguise together (see the header), or undefined. */
export function deliberateDisguise(n: Normalised): string | undefined {
  const e = n.features.edits;
  if (e.confusable >= LOOKALIKE_EDITS) return `${e.confusable} look-alike letters from other alphabets`;
  if (e.interleaved >= INTERLEAVED_EDITS) return `${e.interleaved} symbols between single letters`;
  const kinds = { 'joined word fragments': e.joined, 'symbols between letters': e.interleaved, 'look-alike letters': e.confusable,
    'invisible characters': e.invisible, 'styled letters': e.compatibility, 'digits for letters': e.leet };
  const used = Object.entries(kinds).filter(([, k]) => k > 0);
  const total = used.reduce((x, [, k]) => x + k, 0);
  if (used.length >= 2 && total >= MIXED_DISGUISE_EDITS) return `${used.map(([w]) => w).join(', ')} (${total} edits undone)`;
  return undefined;
}

/** Heavy disguise: this many disguise edits (with a classifier that leans towards spam) asks for a hold. */
export const DISGUISE_EDITS = 3;
/** The spam probability above which heavy disguise holds a comment. */
export const DISGUISE_LEAN = 0.5;

export function supportNumber(n: Normalised): 'phone' | 'words' | undefined {
  const t = n.text;
  if (n.features.phoneCount > 0 && SUPPORT_NEAR_PHONE.test(t)) return 'phone';
  if (SUPPORT_NUMBER_WORDS.test(t)) return 'words';
  return undefined;
}

export function advertisingName(name: string): string | undefined {
  if (NAME_HAS_ADDRESS.test(name)) return 'a web address';
  if (NAME_HAS_PHONE.test(name)) return 'a phone number';
  const w = NAME_AD_WORDS.exec(name.normalize('NFKC'));
  return w ? `"${w[0]}"` : undefined;
}

export function praiseWithOffer(n: Normalised): boolean {
  if (!PRAISE.test(n.text)) return false;
  return n.features.linkCount > 0 || n.features.phoneCount > 0 || n.features.emailCount > 0 || OFFER.test(n.text);
}

export const promotion: Stage<StageContext> = {
  name: 'promotion',
  async run(c) {
    const n = c.normalised;
    const support = supportNumber(n);
    if (support === 'phone') {
      const reason = 'a phone number offered as a support or customer service line';
      if ((await c.history()).approved === 0) return { decision: { verdict: 'spam', stage: 'promotion', reason } };
      return { hold: reason };
    }
    if (support === 'words') return { hold: 'advertises a support or customer service number' };
    const ad = advertisingName(c.authorName);
    if (ad) return { hold: `the author's name carries ${ad}, like an advertisement` };
    if (praiseWithOffer(n)) return { hold: 'praise followed by an offer or a link (a common form of comment spam)' };
    if (beggingForAudience(n)) return { hold: 'asks for likes, subscribers or followers' };
    const disguise = deliberateDisguise(n);
    if (disguise) return { hold: `words disguised to slip past the filter: ${disguise}` };
    const edits = disguiseEdits(n);
    if (edits >= DISGUISE_EDITS && c.spam().spamProbability >= DISGUISE_LEAN) {
      return { hold: `words disguised with symbols or look-alike letters (${edits} edits undone)` };
    }
    return undefined;
  },
};
