// Whether a comment gives its reader a way to act on it: a link, an e-mail address, a phone number, an
// @handle, a messenger, or words that ask the reader to reach, visit, follow, buy or reply. Spam exists
// to send readers somewhere (a site, a number, a chat, a channel); a comment that offers no way to act
// is no use to a spammer, whatever money or sales words it contains. A reader's angry remark about
// salaries, taxes and prices ("$497 a month with a $7,500 deductible") reads like money spam to a word
// model, but asks nothing of anyone. The classifier stage (classifier.ts) therefore only holds such a
// comment when the model is confident, and never bins it.
//
// The word list is generic: the verbs and channels of calls to action in advertising and messaging, not
// phrasings taken from any benchmark's comments. Engagement bait ("like if…", "subscribe") counts as a
// way to act; a disguised comment is judged by the promotion stage whatever it asks for.
import type { Normalised } from './normalise.js';

const MESSENGERS = String.raw`whats ?app|telegram|signal|viber|wechat|kik|snap ?chat|insta(?:gram)?|ig|facebook|fb|twitter|tiktok|skype|discord|line id|imo`;
const ACT = new RegExp([
  // contact me / us, in any medium
  // ("call me at…", "text us now", "dm me"; not the idiom "call me a liar")
  String.raw`\b(?:call|ring|dial|text|txt|sms|msg|message|e-?mail|mail|write|reach|contact|ping|hit) (?:me|us) (?:at|on|via|now|today|back|up|asap|for|\d)|\b(?:dm|pm|inbox|msg|message|e-?mail|text|txt|whatsapp) (?:me|us)\b|\b(?:call|dial|ring|text) (?:now|today)\b`,
  String.raw`\b(?:call|text|txt|sms|send|reply|dial|ring)\b[^.!?]{0,40}\d{4,}`,
  String.raw`\b(?:contact|whatsapp|telegram|dm|pm|inbox)\b|\bask me how\b|\bfor (?:more )?(?:details|info|information)\b`,
  String.raw`\b(?:${MESSENGERS})\s*(?::|@|\+|\d)`,
  String.raw`\bon (?:${MESSENGERS})\b`,
  // a chat invitation written without a scheme ("t.me/name"), or "drop your wallet / number here"
  String.raw`\b(?:t|wa|telegram)\.me\b|\bdrop (?:your|ur|me) (?:wallet|address|number|e-?mail|contact|link|dm)`,
  // go somewhere
  String.raw`\b(?:visit|click|tap|go to|goto|head over|log ?on|log ?in to|sign ?up|register|apply|enrol|enroll|join (?:me|us|now|today|my|our|the group|the channel)|download|install|claim|redeem|order|book) `,
  String.raw`\b(?:search|google|look up|look for) (?:for )?(?:me|us|my|our|it)\b`,
  String.raw`\b(?:link|website|site|page|channel|profile|bio|group|number|address) (?:is |in |on |below|above|here)`,
  // follow, subscribe, watch or listen to mine
  String.raw`\b(?:subscrib|sub 4|sub4|follow|like 4|like4|add me|check (?:out )?(?:my|our|me|this|it|these)|see my|watch my|listen to my|my (?:channel|page|profile|site|website|blog|video|videos|music|song|store|shop|account|youtube|insta))`,
  String.raw`\b(?:like|thumbs? up|upvote|share)\b[^.!?]{0,30}\b(?:if|for|and)\b`,
  // buy, earn, win
  String.raw`\b(?:buy|get|earn|make|win|grab) (?:now|today|yours|your own|it now|one now|\$|\d)`,
  String.raw`\b(?:free (?:trial|gift|sample|offer|entry|bonus)|limited (?:offer|time)|promo code|coupon|discount code|use code|bonus code)\b`,
].join('|'));

/** Whether the comment gives its reader a way to act (see the header). */
export function offersAWayToAct(n: Normalised): boolean {
  const f = n.features;
  if (f.linkCount > 0 || f.emailCount > 0 || f.phoneCount > 0 || f.mentionCount > 0) return true;
  return ACT.test(n.text);
}
