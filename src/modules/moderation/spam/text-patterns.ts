// What the normaliser (normalise.ts) recognises as a whole before it looks at words: pasted HTML
// (stripTags), web addresses (URL_RE with the TLDs a bare domain may have, the disguised dots of step 4,
// hostOf, registrableDomain, SHORTENER_DOMAINS), e-mail addresses, money amounts and phone numbers; and
// the character classes the normalisation steps share (LETTER_OR_DIGIT, isAlnumCode, PICTO, NON_ASCII).

/** Known URL shorteners (SpamFeatures.shorteners). */
export const SHORTENER_DOMAINS: ReadonlySet<string> = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly',
  'shorturl.at', 'tiny.cc', 'tiny.one', 'rb.gy', 'v.gd', 'bl.ink', 'shorte.st', 'adf.ly', 'j.mp', 'lnkd.in',
  'db.tt', 'qr.net', 'cli.gs', 'x.co', 'tr.im', 'soo.gd', 's.id', 'clck.ru', 'u.to', 'bc.vc', 'ouo.io',
  'linktr.ee', 'shorturl.com', 'short.io', 'tinylink.net', 'snip.ly', 'po.st', 'mcaf.ee', 'su.pr', 'fb.me',
  'gg.gg', 'zpr.io', 't.ly', 'bom.so', 'surl.li', 'urlz.fr', 'shorturl.asia', 'lc.chat', '2u.pm',
]);

// ---------------------------------------------------------------------------------------------
// Character classes

export const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Emoji and other pictographs. */
export const PICTO = /\p{Extended_Pictographic}/gu;
export const NON_ASCII = /[^\x00-\x7f]/;

/** A letter or digit, ASCII or not. */
export const isAlnumCode = (ch: string | undefined): boolean =>
  ch !== undefined && (/[A-Za-z0-9]/.test(ch) || (ch.charCodeAt(0) > 0x7f && LETTER_OR_DIGIT.test(ch)));

// ---------------------------------------------------------------------------------------------
// Step 4 of normalise(): HTML, URLs, e-mail addresses, money, phone numbers

const A_TAG = /<a\s[^<>]*?href\s*=\s*["']?([^"'\s<>]+)["']?[^<>]*>([\s\S]*?)<\/a\s*>/gi;
const HTML_TAG = /<\/?(?:a|abbr|b|big|blockquote|br|center|code|del|div|em|font|h[1-6]|hr|i|iframe|img|ins|li|mark|ol|p|pre|q|s|small|span|strike|strong|sub|sup|table|td|th|tr|u|ul)\b[^<>]*>/gi;

/** Comments pasted or imported as HTML: links become their address (and text), other tags go. */
export function stripTags(s: string): string {
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
export const URL_RE = new RegExp(
  String.raw`\b(?:(?:https?|ftp):\/\/[^\s<>"'\u0060]+|www\.[^\s<>"'\u0060]+|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:${TLDS})\b(?![.-]?[a-z0-9])(?:[/?#][^\s<>"'\u0060]*)?)`,
  'gi');
/** TLDs that are also words: a bare domain with one of them and no path is two words ("to.be"), not an address. */
export const BARE_AMBIGUOUS = new Set(['be', 'to', 'in', 'me', 'it', 'is', 'at', 'us', 'no', 'am', 'my', 'la', 'so', 'pm', 'st', 'one', 'fun', 'life', 'news', 'world', 'page', 'name', 'work', 'click', 'space', 'today', 'media', 'video', 'money', 'cash', 'live', 'rest', 'win', 'pro', 'shop', 'store', 'club', 'link', 'games', 'blog', 'email', 'website', 'digital', 'tech', 'app', 'site', 'online', 'top']);
export const EMAIL_RE = /\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/gi;
export const MONEY_RE = /(?:[$€£¥₹₽]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|thousand|grand)\b)?(?:\s?(?:usd|eur|gbp)\b)?|\b(?:usd|eur|gbp|us\$)\s?\d[\d,.]*(?:\s?(?:k|m|bn)\b)?|\b\d[\d,.]*\s?(?:k|m|bn|million|billion|thousand)?\s?(?:[$€£¥₹₽]|usd\b|eur\b|gbp\b|dollars?\b|bucks\b|euros?\b|pounds?\b|quid\b|grand\b))/gi;
export const PHONE_RE = /(?<!\d|\d[,.])\+?\d[\d ().-]{7,}\d(?!\d|[,.]\d)/g;
export const DISGUISED_DOT = /\s*[([{]\s*(?:\.|dot)\s*[)\]}]\s*/gi;
export const SPACED_DOT = new RegExp(String.raw`\b([a-z0-9-]{2,})\s+\.\s*(?=(?:com|net|org|ly|be|gl|gd|io|info|biz|xyz|ru)\b)`, 'gi');
export const TRAILING_PUNCT = /[.,;:!?)\]}'"]+$/;

/** The host of a URL, lower case, without user, port, trailing dot or leading "www.". */
export function hostOf(url: string): string {
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
