// Which links a first-time commenter may post without being held (stages/links.ts). Readers of a
// news site link to their sources: public bodies, encyclopaedias and dictionaries, fact-checkers,
// other news outlets and video sites. Link spam points at the spammer's own site, a shop, a shortener
// or a channel. So a link to a *source* is not held for being a link; everything else still is (and
// a shortener or more than `maxLinks` links always is). A source link is no pass for the comment: the
// classifier and the other stages have already judged its text, and a link to a channel or profile
// on a video or social site ("check out my channel youtube.com/@me") counts as self-promotion.
//
// The list is deliberately generic (widely known public, reference and news domains, not chosen from
// any benchmark's comments) and short: a domain missing from it only means the old rule applies.

import type { Normalised } from '../spam/normalise.js';

/** Public bodies and education by suffix: "hhs.gov", "nhs.uk", "ac.uk", "gc.ca", "europa.eu"… */
const PUBLIC_SUFFIXES = [
  '.gov', '.mil', '.edu', '.int', '.gc.ca', '.europa.eu', '.gouv.fr', '.govt.nz', '.nhs.uk', '.police.uk',
  '.bund.de', '.admin.ch', '.gv.at', '.overheid.nl', '.gob.es', '.gob.mx', '.gouv.qc.ca',
];
/** ".gov.xx", ".edu.xx", ".ac.xx" (a country's public and academic second levels). */
const PUBLIC_SECOND_LEVEL = /\.(?:gov|edu|ac|gob|govt|mil)\.[a-z]{2}$/;

/** Registrable domains of reference sites, fact-checkers, international bodies and video sites. */
const REFERENCE = [
  'wikipedia.org', 'wikimedia.org', 'wiktionary.org', 'wikisource.org', 'wikidata.org', 'archive.org', 'archive.ph',
  'britannica.com', 'merriam-webster.com', 'dictionary.com', 'oed.com', 'cambridge.org', 'oxfordreference.com',
  'snopes.com', 'politifact.com', 'factcheck.org', 'fullfact.org', 'pewresearch.org', 'ourworldindata.org',
  'un.org', 'who.int', 'worldbank.org', 'imf.org', 'oecd.org', 'europa.eu', 'nature.com', 'science.org',
  'sciencedirect.com', 'jstor.org', 'doi.org', 'arxiv.org', 'plos.org', 'thelancet.com', 'nejm.org', 'bmj.com',
  'youtube.com', 'youtu.be', 'vimeo.com', 'twitter.com', 'x.com', 'github.com', 'openstreetmap.org',
];

/** Registrable domains of large news outlets and public broadcasters. */
const NEWS = [
  'apnews.com', 'reuters.com', 'afp.com', 'bbc.co.uk', 'bbc.com', 'theguardian.com', 'nytimes.com',
  'washingtonpost.com', 'wsj.com', 'ft.com', 'economist.com', 'bloomberg.com', 'npr.org', 'pbs.org', 'cnn.com',
  'foxnews.com', 'nbcnews.com', 'cbsnews.com', 'abcnews.go.com', 'go.com', 'usatoday.com', 'latimes.com',
  'chicagotribune.com', 'bostonglobe.com', 'sfchronicle.com', 'seattletimes.com', 'politico.com', 'politico.eu',
  'thehill.com', 'axios.com', 'theatlantic.com', 'newyorker.com', 'time.com', 'newsweek.com', 'forbes.com',
  'businessinsider.com', 'cnbc.com', 'marketwatch.com', 'huffpost.com', 'huffingtonpost.com', 'vox.com',
  'slate.com', 'salon.com', 'nationalreview.com', 'propublica.org', 'theglobeandmail.com', 'cbc.ca', 'ctvnews.ca',
  'globalnews.ca', 'thestar.com', 'nationalpost.com', 'theconversation.com', 'aljazeera.com', 'dw.com',
  'france24.com', 'lemonde.fr', 'spiegel.de', 'zeit.de', 'welt.de', 'elpais.com', 'independent.co.uk',
  'telegraph.co.uk', 'thetimes.co.uk', 'irishtimes.com', 'rte.ie', 'abc.net.au', 'smh.com.au', 'nzherald.co.nz',
  'rnz.co.nz', 'scmp.com', 'japantimes.co.jp', 'thehindu.com', 'hindustantimes.com', 'msn.com',
];

const KNOWN: ReadonlySet<string> = new Set([...REFERENCE, ...NEWS]);
/** Video, social and code-hosting sites: sources, but also where spam sends people ("watch my video"). */
const PLATFORMS: ReadonlySet<string> = new Set(['youtube.com', 'youtu.be', 'vimeo.com', 'twitter.com', 'x.com', 'github.com']);

const bareHost = (h: string) => h.toLowerCase().replace(/^www\d?\./, '').replace(/:\d+$/, '').replace(/\.$/, '');
/** The host of a link as the normaliser found it (with or without a scheme); '' when it has none. */
function hostOfUrl(u: string): string {
  try { return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? u : `http://${u}`).hostname.toLowerCase(); } catch { return ''; }
}

/** Whether `domain` (a registrable domain or a host, lower case) is a source readers link to. */
export function isSourceDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/^www\d?\./, '').replace(/\.$/, '');
  // the domain or one of its parents ("en.wikipedia.org" → "wikipedia.org")
  for (let at = d; at.includes('.'); at = at.slice(at.indexOf('.') + 1)) if (KNOWN.has(at)) return true;
  if (PUBLIC_SUFFIXES.some((s) => d.endsWith(s) || d === s.slice(1))) return true;
  return PUBLIC_SECOND_LEVEL.test(d);
}

/** Whether `domain` is a source of text readers cite (isSourceDomain, but not a video, social or code platform). */
export function isCitedTextSource(domain: string): boolean {
  const d = domain.toLowerCase().replace(/^www\d?\./, '').replace(/\.$/, '');
  for (let at = d; at.includes('.'); at = at.slice(at.indexOf('.') + 1)) if (PLATFORMS.has(at)) return false;
  return isSourceDomain(d);
}

/**
 * What the spam filter scores: the comment as normalised, except that links which all point at cited text
 * sources (news outlets, reference works, public bodies) are no evidence of spam. A bare link to a newspaper's
 * article reads like link spam to a model that learned from link spam ("__link:bare", "__domain:…"); on a news
 * site it is a reader citing. The words around the link are scored as ever.
 */
export function forScoring(n: Normalised): Normalised {
  const f = n.features;
  if (f.linkCount === 0 || f.shorteners.length > 0 || f.domains.length === 0 || !f.domains.every(isCitedTextSource)) return n;
  return { ...n, features: { ...f, linkCount: 0, urls: [], domains: [] } };
}

/** A link to a channel or profile page on a video or social site: the poster's own promotion. */
const PROFILE_PATH = /^(?:[a-z]+:\/\/)?(?:[a-z0-9-]+\.)*(?:youtube\.com|twitter\.com|x\.com|vimeo\.com|github\.com)\/(?:@|c\/|channel\/|user\/|u\/)/i;
const BARE_PROFILE = /^(?:[a-z]+:\/\/)?(?:[a-z0-9-]+\.)*(?:twitter\.com|x\.com|vimeo\.com)\/[a-z0-9_]+\/?$/i;

/** Words that make a link self-promotion whatever it points at ("my channel", "subscribe"). */
const SELF_PROMOTION = /\b(?:my|our) (?:new )?(?:channel|video|videos|page|site|website|blog|profile|music|song|cover|store|shop|account)\b|\bsubscrib|\bcheck (?:out )?(?:my|our|this channel)\b|\bvisit (?:my|our)\b/;

/**
 * Whether every link of a comment points at a source (isSourceDomain, or the site itself), none at a channel or profile,
 * and its text does not promote the poster's own channel, page or shop.
 */
export function onlySourceLinks(urls: readonly string[], domains: readonly string[], normalisedText: string, siteHost?: string): boolean {
  if (urls.length === 0 || domains.length === 0) return false;
  const site = siteHost === undefined ? '' : bareHost(siteHost);
  // The site's own pages (its host or a subdomain of it, never just another site under the same parent domain).
  const ours = (host: string) => site !== '' && (bareHost(host) === site || host.endsWith(`.${site}`));
  if (site === '') { if (!domains.every(isSourceDomain)) return false; }
  else if (!urls.every((u) => { const h = hostOfUrl(u); return h !== '' && (ours(h) || isSourceDomain(h)); })) return false;
  return !selfPromotion(urls, normalisedText);
}

/** A link to the poster's own channel or profile, or words that promote their own channel, page or shop. */
export function selfPromotion(urls: readonly string[], normalisedText: string): boolean {
  return urls.some((u) => PROFILE_PATH.test(u) || BARE_PROFILE.test(u)) || SELF_PROMOTION.test(normalisedText);
}

/** A link cited in an argument: at least this many words around it… */
export const CITED_MIN_WORDS = 50;
/** …and a classifier that sees no sign of spam in them (spam probability below this). */
export const CITED_MAX_SPAM = 0.01;

/** Chat and messenger invitations, and top-level domains that cost next to nothing: never a cited source. */
const MESSENGER = /(?:^|\.)(?:t\.me|telegram\.me|telegram\.org|wa\.me|whatsapp\.com|discord\.gg|discord\.com|signal\.group|line\.me)$/;
/** Shops, crowdfunding, payment and music-upload sites: where a link sells, collects or promotes, not cites. */
const SELLING = /(?:^|\.)(?:amazon|ebay|etsy|aliexpress|alibaba|indiegogo|gofundme|kickstarter|patreon|paypal|venmo|soundcloud|bandcamp|fiverr)\.[a-z.]{2,6}$|(?:^|\.)(?:cash\.app|paypal\.me|ko-fi\.com|buymeacoffee\.com)$/;
const CHEAP_TLD = /\.(?:xyz|top|site|online|club|shop|store|live|click|link|icu|buzz|pw|tk|ml|ga|cf|gq|cam|rest|fun|vip|win|bid|loan|work|app|io)$/;

/** What a comment carries besides its words, as the normaliser measured it (SpamFeatures). */
export interface CitedFeatures {
  urls: readonly string[];
  domains: readonly string[];
  moneyCount: number;
  mentionCount: number;
  emojiCount: number;
  phoneCount: number;
  emailCount: number;
}

/**
 * A link inside a long comment that the classifier finds entirely ordinary and that promotes nothing of
 * the poster's: a reader citing a source the list does not know (a local paper, a blog, an NGO). Link
 * spam is short, or carries words the classifier knows; long "friendly" self-promotion names its
 * channel or page; investment and crypto spam that reads like a story carries money amounts, @handles,
 * emoji, a phone number or a chat invitation, and none of those pass.
 */
export function citedInArgument(f: CitedFeatures, words: number, spamProbability: number, normalisedText: string): boolean {
  if (words >= CITED_MIN_WORDS && spamProbability < CITED_MAX_SPAM) return promotesNothing(f, normalisedText);
  // A shorter comment may cite too, when each link names one document (an article, a report), never a home page.
  if (words >= CITED_DOCUMENT_MIN_WORDS && spamProbability < CITED_DOCUMENT_MAX_SPAM && f.urls.every(namesADocument)) return promotesNothing(f, normalisedText);
  return false;
}

/** No money talk, @handles, emoji runs, phone numbers, e-mail addresses, chat invitations, cheap domains, shops or own channel. */
function promotesNothing(f: CitedFeatures, normalisedText: string): boolean {
  if (f.moneyCount > 0 || f.mentionCount > 0 || f.emojiCount >= 3 || f.phoneCount > 0 || f.emailCount > 0) return false;
  if (f.domains.some((d) => MESSENGER.test(d) || CHEAP_TLD.test(d) || SELLING.test(d))) return false;
  return !selfPromotion(f.urls, normalisedText);
}

/** A document link may be cited among this many words… */
export const CITED_DOCUMENT_MIN_WORDS = 8;
/** …when the classifier finds them ordinary (spam probability below this). */
export const CITED_DOCUMENT_MAX_SPAM = 0.05;

/** A path this many sections deep names a document… */
export const DOCUMENT_DEPTH = 3;
/** …and so does a slug of this many words ("/measure-no-26-on-the-ballot"). */
export const DOCUMENT_SLUG_WORDS = 3;

/**
 * Whether a link names one document rather than a site: a dated path ("/2016/11/23/…"), a slug of several
 * words ("/buying-silence-why-so-many"), a path three sections deep, or a document file (.pdf, .htm). Link spam points at a home page or a
 * short landing path ("site.com/", "site.com/offer") far more often than at a dated, titled article.
 */
export function namesADocument(url: string): boolean {
  let path: string;
  try { path = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`).pathname.toLowerCase(); } catch { return false; }
  if (/\/(?:19|20)\d\d\/(?:0?[1-9]|1[0-2])\//.test(path)) return true;
  if (/\.(?:pdf|html?|aspx?|php)$/.test(path) && path.split('/').filter(Boolean).length >= 2) return true;
  const segments = path.split('/').filter(Boolean);
  // a page three levels deep in a site's sections ("/rates/interest-rates/canadian-bonds/"); not a path of
  // long numbers (account, product or referral ids: "/48051/1340524/…")
  if (segments.length >= DOCUMENT_DEPTH && segments.every((x) => !/^\d{5,}$/.test(x))) return true;
  return segments.some((segment) => segment.split(/[-_]+/).filter((w) => /^[a-z]{2,}$/.test(w)).length >= DOCUMENT_SLUG_WORDS);
}
