// Text normalisation for the comment spam filter.
//
// Spammers disguise their words so that naive filters miss them: "Earn $90 ev-ery hour wor-king
// from ho-me", "♥♥f♥r♥♥e♥e m♥o♥n♥e♥y", Cyrillic look-alikes ("сlісk hеrе"), zero-width characters
// inside words, fullwidth or 𝐦𝐚𝐭𝐡 letters, leetspeak ("fr33 c4sh"). `normalise` undoes these,
// so the classifier sees the words the reader sees, and it counts how many such edits it made:
// that count is itself one of the strongest spam signals (ordinary comments need almost none).
//
// Steps, in order:
//  1. invisible characters removed: zero-width / bidi / format characters (U+200B–U+200F,
//     U+202A–U+202E, U+2060–U+206F, U+FEFF, soft hyphen U+00AD, U+034F, variation selectors, tags,
//     Hangul fillers…); an edit is counted only when one sat between two letters or digits;
//  2. Unicode NFKC (fullwidth, mathematical alphanumerics, circled and letter-like symbols, super-
//     scripts → ASCII); each letter or digit that this turned into ASCII counts as an edit;
//  3. look-alike letters folded to ASCII with our own table (below): small capitals, negative
//     squared/circled letters and IPA look-alikes always; Cyrillic, Greek, Armenian and Cherokee
//     look-alikes only inside a word that also has Latin letters, or anywhere in a mostly-Latin
//     text (a Russian or Greek comment is left alone); diacritics stripped from Latin words (NFD),
//     which is not counted as an edit (ordinary in many languages) unless marks are stacked
//     ("zalgo");
//  4. pasted HTML reduced to text (a link keeps its address); URLs (scheme, www. or bare domains
//     with common TLDs; "(dot)"/"[.]" disguises undone), e-mail addresses and money amounts ("$90",
//     "500 dollars", "€1.5k") are extracted first and left intact;
//  5. every remaining whitespace-separated chunk is split into letter/digit runs and separators:
//     - symbols interleaved between single letters are removed ("♥♥q♥x♥♥t" → "qxt", "f.r.e.e" →
//       "free", "m-o-n-e-y" → "money");
//     - a hyphen, dot, underscore or odd symbol between longer fragments is removed when the joined
//       word is a common word and a fragment is not ("ev-ery" → "every", "wor-king" → "working",
//       "ho-me" → "home"), judged against a frequency-ranked lexicon (lexicon.ts); ordinary compounds
//       stay two words for the classifier and unchanged in the text ("well-known", "long-term");
//     - leetspeak inside words: 0→o 1→i/l 3→e 4→a 5→s 7→t, and $→s, @→a, €→e between letters,
//       choosing the variant found in the lexicon ("fr33" → "free", "c1ick" → "click"); units,
//       ordinals and model numbers are left alone ("4k", "3rd", "mp3"), as are money amounts;
//     - runs of 3+ repeated letters are shortened ("freeeee" → "free");
//     - single letters spaced out across 3+ chunks are joined ("f r e e" → "free");
//     - a run-together result is split into common words when it can be ("freemoney" → "free
//       money"; only for the interleaved and spaced-out cases);
//  6. lower case. Normal punctuation between words is kept in `text`.
//
// `tokens` are the words of the normalised text (money amounts become "$$", long numbers "#num",
// emoji stay as one-character tokens; URLs, e-mail addresses and @mentions are not words but are
// reported in `features`).
import { getLexicon, type Lexicon } from './lexicon.js';

export interface ObfuscationEdits {
  /** Invisible characters removed from inside a word. */
  invisible: number;
  /** Fullwidth / mathematical / enclosed / letter-like characters turned into ASCII by NFKC. */
  compatibility: number;
  /** Look-alike letters from other scripts, small capitals and the like folded to ASCII. */
  confusable: number;
  /** Words with stacked combining marks ("zalgo"). */
  zalgo: number;
  /** Symbols removed from between single letters ("f.r.e.e"). */
  interleaved: number;
  /** Hyphens, dots or symbols removed to join word fragments ("wor-king"). */
  joined: number;
  /** Leetspeak characters replaced ("fr33"). */
  leet: number;
  /** Spaced-out letters joined ("f r e e"). */
  spacedLetters: number;
  /** "(dot)", "[.]" or " . " disguises in web addresses undone. */
  disguisedDots: number;
}

export interface SpamFeatures {
  /** Length of the input in code points. */
  length: number;
  /** Letters outside URLs and e-mail addresses (after NFKC). */
  letters: number;
  /** Share of capitals among those letters (0 when there are none). */
  capsRatio: number;
  linkCount: number;
  urls: string[];
  /** Registrable domains of the URLs, lower case, without duplicates ("bit.ly", "example.co.uk"). */
  domains: string[];
  /** The domains that are known URL shorteners. */
  shorteners: string[];
  emailCount: number;
  moneyCount: number;
  phoneCount: number;
  mentionCount: number;
  /** Runs of 4+ identical non-space characters ("!!!!", "soooo"). */
  repeatedRuns: number;
  exclamations: number;
  emojiCount: number;
  /** Sum of `edits`: how much de-obfuscation was needed. */
  obfuscationEdits: number;
  edits: ObfuscationEdits;
}

export interface Normalised {
  text: string;
  tokens: string[];
  features: SpamFeatures;
}

/** Inputs are cut to this many UTF-16 units (bounds the cost of scoring a huge paste). */
export const MAX_INPUT = 10_000;

export const SHORTENER_DOMAINS: ReadonlySet<string> = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly',
  'shorturl.at', 'tiny.cc', 'tiny.one', 'rb.gy', 'v.gd', 'bl.ink', 'shorte.st', 'adf.ly', 'j.mp', 'lnkd.in',
  'db.tt', 'qr.net', 'cli.gs', 'x.co', 'tr.im', 'soo.gd', 's.id', 'clck.ru', 'u.to', 'bc.vc', 'ouo.io',
  'linktr.ee', 'shorturl.com', 'short.io', 'tinylink.net', 'snip.ly', 'po.st', 'mcaf.ee', 'su.pr', 'fb.me',
  'gg.gg', 'zpr.io', 't.ly', 'bom.so', 'surl.li', 'urlz.fr', 'shorturl.asia', 'lc.chat', '2u.pm',
]);

// ---------------------------------------------------------------------------------------------
// Character tables

/** Look-alikes from other scripts, folded only in a Latin context (see step 3). */
const CONFUSABLE: Record<string, string> = {
  // Cyrillic
  'А': 'A', 'В': 'B', 'Е': 'E', 'Ѕ': 'S', 'І': 'I', 'Ї': 'I', 'Ј': 'J', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O',
  'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y', 'Ү': 'Y', 'Ԛ': 'Q', 'Ԝ': 'W', 'Һ': 'H', 'Ӏ': 'I', 'Ԁ': 'D',
  'Ь': 'b', 'З': '3',
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h',
  'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'ү': 'y', 'х': 'x', 'һ': 'h', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
  'ӏ': 'l', 'ɡ': 'g', 'п': 'n', 'г': 'r', 'ь': 'b', 'ѡ': 'w', 'ʏ': 'y',
  // Greek
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P',
  'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'Ϲ': 'C', 'Ϳ': 'J',
  'α': 'a', 'β': 'b', 'γ': 'y', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't',
  'υ': 'u', 'χ': 'x', 'ω': 'w', 'ϲ': 'c', 'ϳ': 'j', 'μ': 'u', 'ς': 's', 'ϝ': 'f',
  // Armenian
  'օ': 'o', 'ս': 'u', 'ց': 'g', 'հ': 'h', 'ո': 'n', 'զ': 'q', 'ա': 'w', 'Ս': 'U', 'Օ': 'O',
  // Cherokee capitals
  'Ꭺ': 'A', 'Ᏼ': 'B', 'Ꮯ': 'C', 'Ꭼ': 'E', 'Ꮋ': 'H', 'Ꭻ': 'J', 'Ꮶ': 'K', 'Ꮇ': 'M', 'Ꮲ': 'P', 'Ꭲ': 'T',
  'Ꮃ': 'W', 'Ꮪ': 'S', 'Ꮩ': 'V', 'Ꮓ': 'Z', 'Ꮮ': 'L', 'Ꭰ': 'D', 'Ꮐ': 'G', 'Ꮢ': 'R',
};

/** Letters with no business in ordinary text: always folded, always an edit. */
const ALWAYS: Record<string, string> = {
  // small capitals
  'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd', 'ᴇ': 'e', 'ꜰ': 'f', 'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j', 'ᴋ': 'k',
  'ʟ': 'l', 'ᴍ': 'm', 'ɴ': 'n', 'ᴏ': 'o', 'ᴘ': 'p', 'ǫ': 'q', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v',
  'ᴡ': 'w', 'ᴢ': 'z',
  // IPA and other look-alikes
  'ɑ': 'a', 'ɩ': 'i', 'ʋ': 'v', 'ƒ': 'f', 'ȷ': 'j', 'ɾ': 'r', 'ʂ': 's', 'ɓ': 'b', 'ɗ': 'd', 'ɦ': 'h', 'ʝ': 'j',
  'ɱ': 'm', 'ɳ': 'n', 'ƥ': 'p', 'ʠ': 'q', 'ʈ': 't', 'ʐ': 'z', 'ƙ': 'k', 'ɭ': 'l', 'ℯ': 'e', '℮': 'e', 'ℊ': 'g',
};

/** Ordinary letters of Latin-script languages that NFD does not decompose (not an edit). */
const LATIN_EXTRA: Record<string, string> = {
  'ø': 'o', 'Ø': 'O', 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ß': 'ss', 'ẞ': 'SS', 'æ': 'ae', 'Æ': 'AE',
  'œ': 'oe', 'Œ': 'OE', 'ð': 'd', 'Ð': 'D', 'þ': 'th', 'Þ': 'TH', 'ħ': 'h', 'Ħ': 'H', 'ŧ': 't', 'Ŧ': 'T',
  'ŀ': 'l', 'Ŀ': 'L', 'ı': 'i', 'ĸ': 'k',
};

const C1: Record<string, string> = {
  '\u0085': '...', '\u0091': "'", '\u0092': "'", '\u0093': '"', '\u0094': '"', '\u0096': '-', '\u0097': '-', '\u0080': '€',
};

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;
const PICTO = /\p{Extended_Pictographic}/gu;
const NON_ASCII = /[^\x00-\x7f]/;

function isInvisible(cp: number): boolean {
  return cp === 0xad || cp === 0x34f || cp === 0x61c || cp === 0x115f || cp === 0x1160 || cp === 0x17b4 ||
    cp === 0x17b5 || cp === 0x180e || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) || cp === 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff ||
    cp === 0xffa0 || (cp >= 0xfff0 && cp <= 0xfff8) || (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0000 && cp <= 0xe0fff) ||
    // private use (also frees U+E000… for the sentinels below)
    (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000);
}

const isAlnumCode = (ch: string | undefined): boolean =>
  ch !== undefined && (/[A-Za-z0-9]/.test(ch) || (ch.charCodeAt(0) > 0x7f && LETTER_OR_DIGIT.test(ch)));

function emptyEdits(): ObfuscationEdits {
  return {
    invisible: 0, compatibility: 0, confusable: 0, zalgo: 0, interleaved: 0, joined: 0, leet: 0,
    spacedLetters: 0, disguisedDots: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Steps 1–3: character level (skipped entirely for pure-ASCII input)

function removeInvisible(s: string, edits: ObfuscationEdits): string {
  let out = '';
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    if (cp === 0x2028 || cp === 0x2029) { out += '\n'; continue; }
    if (!isInvisible(cp)) { out += ch; continue; }
    // Inside a word? (previous kept char and next visible char are letters/digits)
    let j = i + 1;
    while (j < chars.length && isInvisible(chars[j]!.codePointAt(0)!)) j++;
    if (isAlnumCode(out[out.length - 1]) && isAlnumCode(chars[j])) edits.invisible++;
  }
  return out;
}

const compatCache = new Map<string, boolean>();
/** NFKC, counting letters/digits it turns from exotic forms into ASCII. */
function compat(s: string, edits: ObfuscationEdits): string {
  const n = s.normalize('NFKC');
  if (n === s) return s;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || cp === 0xb2 || cp === 0xb3 || cp === 0xb9 || cp === 0xaa || cp === 0xba) continue;
    let hit = compatCache.get(ch);
    if (hit === undefined) {
      const k = ch.normalize('NFKC');
      hit = k !== ch && /^[A-Za-z0-9]+$/.test(k) && !/^[\u00bc-\u00be\u2150-\u215f]$/.test(ch) && !/^[\ufb00-\ufb06]$/.test(ch);
      compatCache.set(ch, hit);
    }
    if (hit) edits.compatibility++;
  }
  return n;
}

function symbolLetter(cp: number): string | undefined {
  // Negative circled (U+1F150…) and negative squared (U+1F170…) capital letters: no NFKC mapping.
  if (cp >= 0x1f150 && cp <= 0x1f169) return String.fromCharCode(65 + cp - 0x1f150);
  if (cp >= 0x1f170 && cp <= 0x1f189) return String.fromCharCode(65 + cp - 0x1f170);
  return undefined;
}

/** Step 3 on a non-ASCII string. */
function fold(s: string, edits: ObfuscationEdits): string {
  // Always-folded letters and symbol letters; regional indicators only in runs of 3+ (pairs are flags).
  let t = '';
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) { t += ch; continue; }
    const a = ALWAYS[ch] ?? symbolLetter(cp);
    if (a !== undefined) { t += a; edits.confusable++; continue; }
    if (cp >= 0x1f1e6 && cp <= 0x1f1ff) {
      let j = i;
      while (j < chars.length && chars[j]!.codePointAt(0)! >= 0x1f1e6 && chars[j]!.codePointAt(0)! <= 0x1f1ff) j++;
      if (j - i >= 3) {
        for (let k = i; k < j; k++) t += String.fromCharCode(65 + chars[k]!.codePointAt(0)! - 0x1f1e6);
        edits.confusable += j - i;
      } else {
        for (let k = i; k < j; k++) t += chars[k];
      }
      i = j - 1;
      continue;
    }
    t += ch;
  }
  if (!NON_ASCII.test(t)) return t;

  // Is the text mostly Latin? (letters of other scripts that are not look-alikes vs Latin letters)
  let latin = 0;
  let foreign = 0;
  for (const ch of t) {
    if (/[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/.test(ch)) latin++;
    else if (CONFUSABLE[ch] === undefined && /\p{L}/u.test(ch)) foreign++;
  }
  const latinText = latin >= foreign;

  return t.replace(WORD_RUN, (word) => {
    if (!NON_ASCII.test(word)) return word;
    let lat = 0;
    let conf = 0;
    let other = 0;
    for (const ch of word) {
      if (/[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/.test(ch)) lat++;
      else if (CONFUSABLE[ch] !== undefined) conf++;
      else if (/\p{L}/u.test(ch)) other++;
    }
    let w = word;
    if (conf > 0 && other === 0 && (lat > 0 || latinText)) {
      let out = '';
      for (const ch of w) out += CONFUSABLE[ch] ?? ch;
      w = out;
      edits.confusable += conf;
      other = 0;
    }
    if (other === 0 && conf + lat > 0) {
      // A Latin word: drop diacritics, map the few letters NFD leaves alone.
      const d = w.normalize('NFD');
      let marks = 0;
      let run = 0;
      let stacked = false;
      let out = '';
      for (const ch of d) {
        if (/\p{M}/u.test(ch)) { marks++; run++; if (run >= 3) stacked = true; continue; }
        run = 0;
        out += LATIN_EXTRA[ch] ?? ch;
      }
      if (stacked && marks > 0) edits.zalgo++;
      w = out;
    }
    return w;
  });
}

// ---------------------------------------------------------------------------------------------
// Step 4: URLs, e-mail addresses, money

const A_TAG = /<a\s[^<>]*?href\s*=\s*["']?([^"'\s<>]+)["']?[^<>]*>([\s\S]*?)<\/a\s*>/gi;
const HTML_TAG = /<\/?(?:a|abbr|b|big|blockquote|br|center|code|del|div|em|font|h[1-6]|hr|i|iframe|img|ins|li|mark|ol|p|pre|q|s|small|span|strike|strong|sub|sup|table|td|th|tr|u|ul)\b[^<>]*>/gi;

/** Comments pasted or imported as HTML: links become their address (and text), other tags go. */
function stripTags(s: string): string {
  return s
    .replace(A_TAG, (_m, href: string, inner: string) => {
      const text = inner.replace(HTML_TAG, ' ').trim();
      return !text || href.includes(text) || text.includes(href) ? ` ${href} ` : ` ${text} ${href} `;
    })
    .replace(HTML_TAG, ' ');
}

const TLDS = 'com|net|org|info|biz|io|co|me|tv|ly|gl|gd|cc|ws|tk|ml|ga|cf|gq|xyz|top|site|online|club|link|shop|' +
  'store|live|app|be|to|us|uk|de|ru|fr|br|in|es|it|nl|pl|au|ca|jp|cn|eu|ch|se|no|fi|dk|at|cz|pt|gr|tr|ua|ir|mx|' +
  'ar|cl|za|nz|id|vn|kr|tw|hk|sg|my|ph|th|pk|bd|ng|ke|ai|gg|fm|am|la|su|win|vip|bid|loan|work|click|space|today|' +
  'world|news|blog|page|pro|mobi|name|tech|money|cash|fun|icu|buzz|rest|cam|one|life|email|website|digital|' +
  'media|video|games|bet|casino|dating|sex|porn|xxx|ee|st|pm|tk|ro|hu|sk|lt|lv|is|ie|il|edu|gov|mil|int';
const URL_RE = new RegExp(
  String.raw`\b(?:(?:https?|ftp):\/\/[^\s<>"'\u0060]+|www\.[^\s<>"'\u0060]+|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:${TLDS})\b(?![.-]?[a-z0-9])(?:[/?#][^\s<>"'\u0060]*)?)`,
  'gi');
const BARE_AMBIGUOUS = new Set(['be', 'to', 'in', 'me', 'it', 'is', 'at', 'us', 'no', 'am', 'my', 'la', 'so', 'pm', 'st', 'one', 'fun', 'life', 'news', 'world', 'page', 'name', 'work', 'click', 'space', 'today', 'media', 'video', 'money', 'cash', 'live', 'rest', 'win', 'pro', 'shop', 'store', 'club', 'link', 'games', 'blog', 'email', 'website', 'digital', 'tech', 'app', 'site', 'online', 'top']);
const EMAIL_RE = /\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/gi;
const MONEY_RE = /(?:[$€£¥₹₽]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|thousand|grand)\b)?(?:\s?(?:usd|eur|gbp)\b)?|\b(?:usd|eur|gbp|us\$)\s?\d[\d,.]*(?:\s?(?:k|m|bn)\b)?|\b\d[\d,.]*\s?(?:k|m|bn|million|billion|thousand)?\s?(?:[$€£¥₹₽]|usd\b|eur\b|gbp\b|dollars?\b|bucks\b|euros?\b|pounds?\b|quid\b|grand\b))/gi;
const PHONE_RE = /(?<!\d|\d[,.])\+?\d[\d ().-]{7,}\d(?!\d|[,.]\d)/g;
const DISGUISED_DOT = /\s*[([{]\s*(?:\.|dot)\s*[)\]}]\s*/gi;
const SPACED_DOT = new RegExp(String.raw`\b([a-z0-9-]{2,})\s+\.\s*(?=(?:com|net|org|ly|be|gl|gd|io|info|biz|xyz|ru)\b)`, 'gi');
const TRAILING_PUNCT = /[.,;:!?)\]}'"]+$/;

const SENT_URL = '\ue000';
const SENT_EMAIL = '\ue001';
const SENT_MONEY = '\ue002';

function hostOf(url: string): string {
  let h = url.replace(/^[a-z]+:\/\//i, '');
  h = h.replace(/[/?#:].*$/s, '').replace(/^.*@/, '').toLowerCase().replace(/\.$/, '');
  return h.replace(/^www\d?\./, '');
}

/** Registrable domain: the last two labels, or three under a generic second level ("co.uk"). */
export function registrableDomain(host: string): string {
  const labels = host.split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const sld = labels[labels.length - 2]!;
  const tld = labels[labels.length - 1]!;
  if (tld.length === 2 && /^(?:co|com|org|net|ac|gov|edu|or|ne|gob|nic)$/.test(sld)) return labels.slice(-3).join('.');
  return labels.slice(-2).join('.');
}

// ---------------------------------------------------------------------------------------------
// Step 5: words

const UNIT_RE = /^\d+(?:st|nd|rd|th|s|k|m|b|x|am|pm|p|g|gb|mb|kb|tb|hz|khz|mhz|ghz|fps|d|hd|mm|cm|km|kg|lb|lbs|oz|ml|h|hr|hrs|min|mins|sec|secs|yo|yr|yrs|v|w|mp|ms|px|kw|kwh|mph|kph|t|bn|mil|ish|gen|fps)$/;
const SHORT_CODE_RE = /^[a-z]{1,3}\d{1,4}$|^\d{1,4}[a-z]{1,2}$/;
const LEET: Record<string, string> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't' };
const SPLIT_SEP = /[,;:/\\()?!"[\]{}<>&+=]/;
const PLAIN_SEP = /^[-._'‐‑‒–—]+$/;
const JOIN_PREFIXES = new Set(['e', 'x', 't', 're', 'co', 'pre', 'non', 'anti', 'multi', 'semi', 'mid', 'sub', 'self', 'ex', 'un', 'de', 'pro', 'post', 'over', 'inter', 'cyber', 'micro', 'mega', 'super', 'ultra']);

interface Ctx {
  lex: Lexicon;
  edits: ObfuscationEdits;
}

/** Rank of a word the lexicon knows well enough to count as a word (short junk excluded). */
function knownRank(lex: Lexicon, w: string): number | undefined {
  if (w.length === 1) return w === 'a' || w === 'i' ? (lex.rank(w) ?? 0) : undefined;
  const r = lex.rank(w);
  if (r === undefined) return undefined;
  if (w.length === 2 && r > 2500) return undefined;
  if (w.length === 3 && r > 12000) return undefined;
  return r;
}

const hasDigit = (s: string) => /\d/.test(s);
const hasLetter = (s: string) => /\p{L}/u.test(s);

/** Leetspeak in one letter/digit run ("fr33" → "free"); returns the run unchanged when unsure. */
function unleet(run: string, ctx: Ctx): string {
  if (!hasDigit(run) || !hasLetter(run)) return run;
  if (/[2689]/.test(run) || UNIT_RE.test(run)) return run;
  const ones: number[] = [];
  let base = '';
  let mapped = 0;
  let interior = false;
  for (let i = 0; i < run.length; i++) {
    const c = run[i]!;
    if (c >= '0' && c <= '9') {
      mapped++;
      if (i > 0 && i < run.length - 1 && /\p{L}/u.test(run[i - 1]!) && /\p{L}/u.test(run[i + 1]!)) interior = true;
      if (c === '1') { ones.push(i); base += 'i'; } else base += LEET[c]!;
    } else base += c;
  }
  const variants: string[] = [];
  if (ones.length === 0 || ones.length > 3) variants.push(base);
  else {
    for (let mask = 0; mask < 1 << ones.length; mask++) {
      const arr = base.split('');
      ones.forEach((pos, k) => { arr[pos] = mask & (1 << k) ? 'l' : 'i'; });
      variants.push(arr.join(''));
    }
  }
  let best: string | undefined;
  let bestRank = Infinity;
  for (const v of variants) {
    const r = knownRank(ctx.lex, v);
    if (r !== undefined && r < bestRank) { best = v; bestRank = r; }
  }
  const shortCode = SHORT_CODE_RE.test(run) || SHORT_CODE_RE.test(run.replace(/s$/, ''));
  if (best !== undefined && (!shortCode || (bestRank < 5000 && best.length >= 3) || bestRank < 100)) {
    ctx.edits.leet += mapped;
    return best;
  }
  if (!shortCode && interior && run.length - mapped >= 2 && mapped <= 3 && run.length <= 12) {
    // Not in the lexicon but clearly letters around digits: l after a consonant that commonly
    // takes one (c1ick → click), i otherwise (w1n → win).
    const arr = base.split('');
    for (const pos of ones) if (pos > 0 && /[bcfgps]/.test(run[pos - 1]!) && /[aeiou]/.test(run[pos + 1] ?? '')) arr[pos] = 'l';
    ctx.edits.leet += mapped;
    return arr.join('');
  }
  return run;
}

/** "freeeee" → "free", "soooo" → "soo" (or "so" when that is the known word). */
function collapseRepeats(w: string, lex: Lexicon): string {
  if (!/(\p{L})\1\1/u.test(w)) return w;
  const two = w.replace(/(\p{L})\1{2,}/gu, '$1$1');
  const one = w.replace(/(\p{L})\1{2,}/gu, '$1');
  const r2 = lex.rank(two) ?? Infinity;
  const r1 = lex.rank(one) ?? Infinity;
  return r1 < r2 ? one : two;
}

function shouldJoin(a: string, b: string, sep: string, lex: Lexicon): boolean {
  if (hasDigit(a) || hasDigit(b)) return false;
  const j = a + b;
  // A dot without a space is mostly hurried typing between two words ("home.ok", "shop.u"): only
  // join when the result is a known word made of two real fragments ("wor.king").
  if (sep === '.' && (a.length < 2 || b.length < 2 || !lex.has(j))) return false;
  const ra = knownRank(lex, a);
  const rb = knownRank(lex, b);
  // two real words of 3+ letters: a compound ("well-known", "nation-wide"), not a split word
  if (ra !== undefined && rb !== undefined && a.length >= 3 && b.length >= 3) return false;
  const rj = lex.rank(j);
  if (rj !== undefined && j.length >= 3) {
    if (ra === undefined || rb === undefined) return true;
    return rj < Math.max(ra, rb);
  }
  if (ra === undefined && rb === undefined) return true;
  return (ra === undefined && a.length <= 2) || (rb === undefined && b.length <= 2);
}

/** Was joining a + b (across `sep`) undoing a disguise? ("wor-king" yes; "e-mail", "Wi-Fi", "U.S." no) */
function isDisguisedJoin(a: string, b: string, sep: string, lex: Lexicon): boolean {
  if (!PLAIN_SEP.test(sep)) return true; // an odd symbol inside a word
  if (JOIN_PREFIXES.has(a) || !/^[a-z]+$/.test(a) || !/^[a-z]+$/.test(b)) return false;
  if (sep === '.' && a.length === 1 && b.length === 1) return false;
  if (!lex.has(a + b)) return false;
  return knownRank(lex, a) === undefined || knownRank(lex, b) === undefined || a.length <= 2 || b.length <= 2;
}

/** A separator that may sit inside a disguised word: one character, or one odd symbol repeated. */
function joinableSep(sep: string): boolean {
  if (SPLIT_SEP.test(sep) || /\s/.test(sep)) return false;
  if (sep.length === 1) return true;
  const chars = Array.from(sep);
  return chars.every((c) => c === chars[0]) && chars[0]!.charCodeAt(0) > 0x7f && chars[0] !== '…';
}

/**
 * Splits a run-together string into common words ("freemoney" → free money) when every piece is a
 * known word; used only where obfuscation removed the spaces ("f r e e m o n e y").
 */
export function segment(w: string, lex: Lexicon): string[] | undefined {
  const n = w.length;
  if (n < 5 || n > 40 || lex.has(w) || !/^[a-z]+$/.test(w)) return undefined;
  const best = new Array<number>(n + 1).fill(Infinity);
  const back = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - 20); j < i; j++) {
      if (best[j] === Infinity) continue;
      const r = knownRank(lex, w.slice(j, i));
      if (r === undefined) continue;
      const cost = best[j]! + Math.log(r + 10) + 3;
      if (cost < best[i]!) { best[i] = cost; back[i] = j; }
    }
  }
  if (best[n] === Infinity) return undefined;
  const pieces: string[] = [];
  for (let i = n; i > 0; i = back[i]!) pieces.unshift(w.slice(back[i]!, i));
  return pieces.length * 2.5 <= n ? pieces : undefined;
}

interface ChunkOut {
  text: string;
  words: string[];
  /** A lone letter with nothing around it (candidate for "f r e e" joining). */
  single?: boolean;
  /** Only symbols, no letters or digits. */
  symbols?: boolean;
}

function wordToken(w: string): string | undefined {
  if (w.length > 40) return undefined;
  if (/^\d+$/.test(w) && w.length >= 5) return '#num';
  return w;
}

function pictos(s: string, into: string[]): void {
  for (const m of s.matchAll(PICTO)) into.push(m[0]);
}

function processChunk(chunk: string, ctx: Ctx): ChunkOut {
  // Split off leading and trailing punctuation/symbols.
  let i = 0;
  let j = chunk.length;
  const coreStart = (k: number) => {
    const c = chunk[k]!;
    if (isAlnumCode(c)) return true;
    // "$ave", "@lert"-style leet at the start of a word (a lone "@name" is a mention: see caller)
    return (c === '$' || c === '€') && /^\p{L}\p{L}/u.test(chunk.slice(k + 1, k + 3));
  };
  while (i < j && !coreStart(i)) i++;
  while (j > i && !isAlnumCode(chunk[j - 1])) j--;
  const lead = chunk.slice(0, i);
  const trail = chunk.slice(j);
  const words: string[] = [];
  if (i >= j) {
    pictos(chunk, words);
    return { text: chunk, words, symbols: true };
  }
  const origCore = chunk.slice(i, j);
  let core = origCore.toLowerCase();

  // $ → s, @ → a, € → e between letters (or a leading $ / € before letters)
  if (/[$@€]/.test(core)) {
    core = core.replace(/(^|(?<=\p{L}))[$@€](?=\p{L})/gu, (m0) => {
      ctx.edits.leet++;
      return m0 === '$' ? 's' : m0 === '@' ? 'a' : 'e';
    });
  }
  // apostrophes inside words: "don't" → "dont"
  if (/['‘’ʼ`´′]/.test(core)) core = core.replace(/(?<=\p{L})['‘’ʼ`´′](?=\p{L})/gu, '');

  const runs: string[] = [];
  const seps: string[] = [];
  for (const m of core.matchAll(/[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+/gu)) {
    if (LETTER_OR_DIGIT.test(m[0]) || /^\p{M}+$/u.test(m[0])) {
      if (runs.length > seps.length) runs[runs.length - 1] += m[0]; else runs.push(m[0]);
    } else seps.push(m[0]);
  }
  // Symbols interleaved between single letters: "f.r.e.e", "♥q♥x♥♥t", "m-o-n-e-y".
  const singles = runs.filter((r) => r.length === 1).length;
  if (runs.length >= 3 && singles / runs.length >= 0.6 && seps.every(joinableSep) && !runs.every((r) => /^\d+$/.test(r))) {
    // "U.S.A.", "w.r.t." are abbreviations, not disguises (unless they spell a word: "s.e.x")
    const letters = runs.join('');
    const upper = origCore.replace(/[^\p{L}]/gu, '') === origCore.replace(/[^\p{L}]/gu, '').toUpperCase();
    const abbreviation = seps.every((x) => x === '.') && (letters.length <= 3 || (upper && !ctx.lex.has(letters)));
    if (!abbreviation) ctx.edits.interleaved += seps.length;
    // Leading/trailing copies of the interleaving symbols go too.
    const sepChars = new Set(Array.from(seps.join('')));
    const strip = (s: string) => Array.from(s).filter((c) => !sepChars.has(c)).join('');
    const ld = strip(lead);
    const tr = strip(trail);
    pictos(ld, words);
    const w = collapseRepeats(unleet(runs.join(''), ctx), ctx.lex);
    const pieces = segment(w, ctx.lex) ?? [w];
    for (const p of pieces) { const t = wordToken(p); if (t) words.push(t); }
    pictos(tr, words);
    return { text: ld + pieces.join(' ') + tr, words };
  }

  pictos(lead, words);
  if (runs.length === 1) {
    const w = collapseRepeats(unleet(runs[0]!, ctx), ctx.lex);
    const t = wordToken(w);
    if (t) words.push(t);
    pictos(trail, words);
    const single = lead === '' && trail === '' && w.length === 1 && /\p{L}/u.test(w);
    return { text: lead + w + trail, words, single };
  }

  // Numbers with separators (dates, times, 1,000,000): keep as they are.
  if (runs.every((r) => /^\d+$/.test(r))) {
    if (seps.every((s) => s === ',')) {
      const t = wordToken(runs.join(''));
      if (t) words.push(t);
    } else for (const r of runs) { const t = wordToken(r); if (t) words.push(t); }
    pictos(trail, words);
    return { text: lead + core + trail, words };
  }

  // Fragments: join when the lexicon says the joined word is the word ("wor-king"), else keep apart.
  const parts = runs.map((r) => unleet(r, ctx));
  // "Wi-Fi", "Coca-Cola": capitalised parts are a name, not a disguise
  const titled = /^\p{Lu}\p{Ll}*(?:-\p{Lu}\p{Ll}*)+$/u.test(origCore);
  const countJoin = (left: string, right: string, sep: string) => {
    if (!titled && isDisguisedJoin(left, right, sep, ctx.lex)) ctx.edits.joined++;
  };
  const full = parts.join('');
  const allAlpha = parts.every((p) => !hasDigit(p));
  let textOut = '';
  if (allAlpha && parts.length >= 3 && seps.every(joinableSep) && ctx.lex.has(full)) {
    const ranks = parts.map((p) => knownRank(ctx.lex, p));
    const allKnown = ranks.every((r) => r !== undefined);
    if (!allKnown || ctx.lex.rank(full)! < Math.max(...(ranks as number[]))) {
      for (let k = 0; k < seps.length; k++) countJoin(parts[k]!, parts[k + 1]!, seps[k]!);
      const w = collapseRepeats(full, ctx.lex);
      const t = wordToken(w);
      if (t) words.push(t);
      pictos(trail, words);
      return { text: lead + w + trail, words };
    }
  }
  let cur = parts[0]!;
  textOut = lead;
  const flush = () => {
    const w = collapseRepeats(cur, ctx.lex);
    const t = wordToken(w);
    if (t) words.push(t);
    textOut += w;
  };
  for (let k = 0; k < seps.length; k++) {
    const sep = seps[k]!;
    const next = parts[k + 1]!;
    if (joinableSep(sep) && shouldJoin(cur, next, sep, ctx.lex)) {
      countJoin(cur, next, sep);
      cur += next;
      continue;
    }
    flush();
    // Keep ordinary punctuation in the text; odd symbols between words become a space.
    textOut += PLAIN_SEP.test(sep) || SPLIT_SEP.test(sep) ? sep : ' ';
    if (!PLAIN_SEP.test(sep) && !SPLIT_SEP.test(sep)) pictos(sep, words);
    cur = next;
  }
  flush();
  pictos(trail, words);
  return { text: textOut + trail, words };
}

// ---------------------------------------------------------------------------------------------

export function normalise(input: string, lexicon: Lexicon = getLexicon()): Normalised {
  let s = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
  const edits = emptyEdits();
  let length = s.length;
  if (NON_ASCII.test(s)) {
    length = 0;
    for (const _ of s) length++;
    s = removeInvisible(s, edits);
    s = compat(s, edits);
    s = fold(s, edits);
  }
  // Windows-1252 punctuation that arrived as C1 control characters, then other controls.
  if (/[\u0080-\u009f]/.test(s)) s = s.replace(/[\u0080-\u009f]/g, (c) => C1[c] ?? ' ');
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
  if (s.includes('<')) s = stripTags(s);

  // Step 4: web addresses, e-mail addresses, money.
  if (/[([{]/.test(s)) s = s.replace(DISGUISED_DOT, () => { edits.disguisedDots++; return '.'; });
  if (/\s\./.test(s)) s = s.replace(SPACED_DOT, (_m, a: string) => { edits.disguisedDots++; return `${a}.`; });
  const emails: string[] = [];
  if (s.includes('@')) {
    s = s.replace(EMAIL_RE, (m) => { emails.push(m.toLowerCase()); return ` ${SENT_EMAIL} `; });
  }
  const urls: string[] = [];
  const urlTexts: string[] = [];
  if (s.includes('.')) {
    s = s.replace(URL_RE, (m) => {
      const trail = TRAILING_PUNCT.exec(m)?.[0] ?? '';
      let url = trail ? m.slice(0, -trail.length) : m;
      if (trail.startsWith(')') && url.includes('(')) url += ')';
      const rest = m.slice(url.length);
      if (!/^(?:[a-z]+:\/\/|www\.)/i.test(url)) {
        // bare domain: accept unless it looks like two ordinary words ("to.be", "this.one")
        const host = hostOf(url);
        const labels = host.split('.');
        const tld = labels[labels.length - 1]!.toLowerCase();
        const first = labels[0]!;
        if (!SHORTENER_DOMAINS.has(host) && !host.startsWith('youtu')) {
          if (BARE_AMBIGUOUS.has(tld) && !url.includes('/')) return m;
          if (first.length < 2 || /^\d+$/.test(first)) return m;
        }
      }
      urls.push(url);
      urlTexts.push(url.replace(/^([a-z]+:\/\/)?([^/?#]*)/i, (_x, p: string | undefined, h: string) => (p ?? '').toLowerCase() + h.toLowerCase()));
      return ` ${SENT_URL}${rest} `;
    });
  }
  // Surface statistics on the folded text without its addresses, before lower-casing.
  let letters = 0;
  let upper = 0;
  for (const ch of s) {
    if (ch >= 'a' && ch <= 'z') letters++;
    else if (ch >= 'A' && ch <= 'Z') { letters++; upper++; }
    else if (ch.charCodeAt(0) > 0x7f && /\p{L}/u.test(ch)) { letters++; if (/\p{Lu}/u.test(ch)) upper++; }
  }
  let repeatedRuns = 0;
  for (const _ of s.matchAll(/(\S)\1{3,}/gu)) repeatedRuns++;
  let exclamations = 0;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 33) exclamations++;
  let emojiCount = 0;
  if (NON_ASCII.test(s)) for (const _ of s.matchAll(PICTO)) emojiCount++;

  let phoneCount = 0;
  if (/\d{3}/.test(s) || /\d[ ().-]\d/.test(s)) {
    for (const m of s.matchAll(PHONE_RE)) {
      const digits = m[0].replace(/\D/g, '').length;
      if (digits >= 9 && digits <= 15) phoneCount++;
    }
  }
  const money: string[] = [];
  if (/\d/.test(s)) {
    s = s.replace(MONEY_RE, (m) => {
      if (!/\d/.test(m)) return m;
      money.push(m.toLowerCase());
      return ` ${SENT_MONEY} `;
    });
  }

  // Step 5: chunks.
  const ctx: Ctx = { lex: lexicon, edits };
  const outs: ChunkOut[] = [];
  let ui = 0;
  let ei = 0;
  let mi = 0;
  let mentionCount = 0;
  for (const chunk of s.split(/\s+/)) {
    if (!chunk) continue;
    const c0 = chunk[0];
    if (c0 === SENT_URL || c0 === SENT_EMAIL || c0 === SENT_MONEY) {
      // a sentinel, possibly followed by the punctuation that trailed the URL
      const text = c0 === SENT_URL ? urlTexts[ui++]! : c0 === SENT_EMAIL ? emails[ei++]! : money[mi++]!;
      outs.push({ text: text + chunk.slice(1), words: c0 === SENT_MONEY ? ['$$'] : [] });
      continue;
    }
    if (/^[@＠][\p{L}\p{N}_.]{2,}[:,!?.]*$/u.test(chunk)) {
      mentionCount++;
      outs.push({ text: chunk.toLowerCase(), words: [] });
      continue;
    }
    outs.push(processChunk(chunk, ctx));
  }

  // Spaced-out letters: "f r e e" → "free" (runs of 3+ lone letters, symbols between them dropped).
  const merged: ChunkOut[] = [];
  for (let k = 0; k < outs.length;) {
    if (outs[k]!.single) {
      const idx: number[] = [];
      let m = k;
      while (m < outs.length) {
        if (outs[m]!.single) { idx.push(m); m++; continue; }
        if (outs[m]!.symbols && idx.length && outs[m + 1]?.single) { m++; continue; }
        break;
      }
      const lettersRun = idx.map((x) => outs[x]!.text);
      if (idx.length >= 3 && !lettersRun.every((l) => l === 'a' || l === 'i')) {
        const w = collapseRepeats(lettersRun.join(''), lexicon);
        edits.spacedLetters += idx.length - 1;
        const pieces = segment(w, lexicon) ?? [w];
        merged.push({ text: pieces.join(' '), words: pieces });
        k = idx[idx.length - 1]! + 1;
        continue;
      }
    }
    merged.push(outs[k]!);
    k++;
  }

  const tokens: string[] = [];
  const texts: string[] = [];
  for (const o of merged) {
    for (const w of o.words) tokens.push(w);
    if (o.text) texts.push(o.text);
  }

  const domains: string[] = [];
  const shorteners: string[] = [];
  for (const u of urls) {
    const host = hostOf(u);
    const d = SHORTENER_DOMAINS.has(host) ? host : registrableDomain(host);
    if (!domains.includes(d)) domains.push(d);
    if ((SHORTENER_DOMAINS.has(host) || SHORTENER_DOMAINS.has(d)) && !shorteners.includes(d)) shorteners.push(d);
  }
  let obfuscationEdits = 0;
  for (const v of Object.values(edits)) obfuscationEdits += v;

  return {
    text: texts.join(' '),
    tokens,
    features: {
      length,
      letters,
      capsRatio: letters ? upper / letters : 0,
      linkCount: urls.length,
      urls,
      domains,
      shorteners,
      emailCount: emails.length,
      moneyCount: money.length,
      phoneCount,
      mentionCount,
      repeatedRuns,
      exclamations,
      emojiCount,
      obfuscationEdits,
      edits,
    },
  };
}
