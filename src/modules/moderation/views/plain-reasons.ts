// The pipeline's reasons (the moderation record each comment keeps) in words a moderator reads at a glance,
// and the words of the comment they point at (highlighted in the queue). The stages write their reasons
// for people already, except the spam filter, whose strongest signs are its own tokens (spam/tokens.ts):
// words, word pairs ("work from", "^ earn", "home $", "check * channel"), pieces of words ("~inute") and
// feature tokens ("__links:1", "__money"). A stage or token this file does not know still reads acceptably:
// its name and reason are shown as they are, with any token in them translated by the generic rules.
import type { ModerationRecord } from '../pipeline.js';

/**
 * Words of the comment to highlight: `pieces` are consecutive words (any separator between them);
 * `openStart`: the first piece may be the end of a longer word; `openEnd`: the last may be the start of one.
 */
export interface Term { pieces: string[]; openStart: boolean; openEnd: boolean }

export interface PlainReason {
  stage: string;
  /** The stage as a moderator knows it ("Spam filter"). */
  label: string;
  sentence: string;
  /** This stage made the decision. */
  deciding: boolean;
}

export interface Explanation { reasons: PlainReason[]; terms: Term[] }

const STAGE_LABELS: Record<string, string> = {
  'form-traps': 'Form check', bans: 'Ban', 'rate-limits': 'Rate limit', 'block-lists': 'Block list',
  duplicates: 'Duplicate', 'repeat-offenders': 'Earlier offences', promotion: 'Promotion', classifier: 'Spam filter',
  links: 'Links', 'link-reputation': 'Link reputation', 'site-policy': 'Site policy', default: 'Checks',
};

/** "site-policy" → "Site policy"; a stage added later reads as its name. */
export function stageLabel(stage: string): string {
  const known = STAGE_LABELS[stage];
  if (known) return known;
  const words = stage.replace(/[-_]+/g, ' ').trim();
  return words ? capitalise(words) : 'Check';
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const quote = (s: string) => `“${s}”`;
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

/** A term from text as written: its words, closed at both ends unless asked. */
export function termOf(text: string, openStart = false, openEnd = false): Term | undefined {
  const pieces = text.toLowerCase().split(WORD_SPLIT).filter(Boolean);
  return pieces.length ? { pieces, openStart, openEnd } : undefined;
}

/** The feature tokens of spam/tokens.ts featureTokens, in words; unknown ones by their name. */
function featureWords(name: string, value: string | undefined): string {
  switch (name) {
    case 'link': return value === 'bare' ? 'a link with hardly any words around it' : 'a link';
    case 'links': return value === '3+' ? '3 or more links' : Number(value) > 1 ? `${Number(value)} links` : 'a link';
    case 'shortener': return 'a link to a URL shortener';
    case 'domain': return `a link to ${value ?? 'a web site'}`;
    case 'email': return 'an e-mail address';
    case 'money': return value === '2+' ? 'several money amounts' : 'a money amount or offer';
    case 'phone': return 'a phone number';
    case 'mention': return 'an @mention';
    case 'caps': return value === 'high' ? 'mostly capital letters' : 'many capital letters';
    case 'repeat': return 'repeated characters (“!!!!”, “soooo”)';
    case 'excl': return '3 or more exclamation marks';
    case 'obfuscated': return `disguised letters (${value === '3+' ? '3 or more' : value ?? 'some'} undone)`;
    default: {
      const words = [name, value].filter(Boolean).join(' ').replace(/[-_:]+/g, ' ').trim();
      return words ? `a sign of spam: ${words}` : 'a sign of spam';
    }
  }
}

/** The first word of `text` that contains `piece` (lower case), as written. */
function wordContaining(text: string, piece: string): string | undefined {
  return text.split(WORD_SPLIT).find((w) => w.toLowerCase().includes(piece));
}

/** One token of the spam filter in words, with the words of the comment it stands for. */
export function explainToken(token: string, text: string): { words: string; term?: Term } {
  const t = token.trim();
  if (token.startsWith('__')) {
    const [name = '', ...rest] = token.slice(2).split(':');
    const value = rest.length ? rest.join(':') : undefined;
    const term = name === 'domain' && value ? termOf(value) : undefined;
    return { words: featureWords(name, value), ...(term && { term }) };
  }
  if (token.startsWith('~')) {
    // A piece of the words, spaces marking where a word starts or ends ("~ mon", "~ney ", "~y ho").
    const gram = token.slice(1);
    const core = gram.trim();
    const term = termOf(core, !gram.startsWith(' '), !gram.endsWith(' '));
    if (!term) return { words: 'unusual characters' };
    const inWord = term.pieces.length === 1 ? wordContaining(text, term.pieces[0]!) : undefined;
    return { words: `the letters ${quote(core)}${inWord && inWord.toLowerCase() !== core ? ` (as in ${quote(inWord)})` : ''}`, term };
  }
  if (t.startsWith('^ ')) {
    const w = t.slice(2);
    return { words: `starting with ${quote(w)}`, ...optionalTerm(w) };
  }
  if (t.endsWith(' $')) {
    const w = t.slice(0, -2);
    return { words: `ending with ${quote(w)}`, ...optionalTerm(w) };
  }
  if (t.includes(' * ')) {
    const [a = '', b = ''] = t.split(' * ');
    const [ta, tb] = [termOf(a), termOf(b)];
    const term = ta && tb ? { pieces: [...ta.pieces, '*', ...tb.pieces], openStart: false, openEnd: false } : undefined;
    return { words: quote(`${a} … ${b}`), ...(term && { term }) };
  }
  return { words: quote(t), ...optionalTerm(t) };
}

const optionalTerm = (text: string) => {
  const term = termOf(text);
  return term ? { term } : {};
};

const percent = (p: number) => (p < 0.01 ? 'less than 1 %' : p > 0.99 ? 'more than 99 %' : `${Math.round(p * 100)} %`);

/** The filter's strongest signs are named (and highlighted) from this spam probability on. */
export const SIGNS_FROM = 0.5;

const CLASSIFIER = /^spam probability (\d+(?:\.\d+)?)( \(capped: no strong sign of spam\))?( \(offers no way to act: held, never marked spam\))?(?:; strongest signs: (.+))?$/;

function classifierSentence(reason: string, text: string, terms: Term[]): string {
  const m = CLASSIFIER.exec(reason);
  if (!m) return genericSentence(reason, text, terms);
  const probability = Number(m[1]);
  // The strongest signs of a comment the filter finds unlikely spam are no signs a moderator should look at.
  const listed = probability >= SIGNS_FROM ? (m[4] ?? '').split(', ').filter(Boolean) : [];
  const all = listed.map((token) => explainToken(token, text));
  const signs = all.filter((s, i) => all.findIndex((x) => x.words === s.words) === i); // "__link", "__links:1": one link
  for (const s of signs) if (s.term) terms.push(s.term);
  const capped = m[2] ? ' (held below “likely spam”: no single strong sign)' : '';
  const strongest = signs.length ? `; strongest signs: ${signs.map((s) => s.words).join(', ')}` : '';
  const inert = m[3] ? ' (it offers no link, contact or request, so it is held rather than marked spam)' : '';
  return `The spam filter rates it ${percent(probability)} likely spam${capped}${inert}${strongest}`;
}

/** Reasons the stages write, reworded where the words were technical, with the words they name. */
const REWORDED: { re: RegExp; say: (m: RegExpExecArray, terms: Term[]) => string }[] = [
  {
    re: /^a link shortener hides where the link goes \((.+)\)$/,
    say: (m, terms) => { for (const d of m[1]!.split(', ')) pushTerm(terms, d); return `Links to a URL shortener (${m[1]}), which hides where the link goes`; },
  },
  { re: /^(\d+) links \(more than (\d+)\)$/, say: (m) => `Has ${m[1]} links (the site allows ${m[2]})` },
  { re: /^a link from a first-time commenter$/, say: () => 'A link from someone with no approved comment yet' },
  {
    re: /^the same text was posted (\d+) min ago \(comment #(\d+)\)$/,
    say: (m) => `Repeats comment #${m[2]}, posted ${m[1]} min earlier`,
  },
  { re: /^contains the blocked phrase "(.+)"$/, say: (m, terms) => { pushTerm(terms, m[1]!); return `Contains the blocked phrase ${quote(m[1]!)}`; } },
  { re: /^mentions or writes from the blocked domain (.+)$/, say: (m, terms) => { pushTerm(terms, m[1]!); return `Mentions or writes from the blocked domain ${m[1]}`; } },
];

function pushTerm(terms: Term[], text: string) {
  const term = termOf(text);
  if (term) terms.push(term);
}

/** Any reason: tokens in it ("__links:1", "~inute") in words, the first letter capitalised. */
function genericSentence(reason: string, text: string, terms: Term[]): string {
  const said = reason.replace(/(?:__[\p{L}\p{N}_:.+-]+|~[\p{L}\p{N}]+)/gu, (token) => {
    const e = explainToken(token, text);
    if (e.term) terms.push(e.term);
    return e.words;
  }).trim();
  return said ? capitalise(said) : 'No reason given';
}

function sentenceOf(stage: string, reason: string, text: string, terms: Term[]): string {
  if (stage === 'classifier') return classifierSentence(reason, text, terms);
  for (const r of REWORDED) {
    const m = r.re.exec(reason);
    if (m) return r.say(m, terms);
  }
  return genericSentence(reason, text, terms);
}

/** Every reason of a moderation record in plain words, and the comment's words they point at. */
export function explainRecord(record: ModerationRecord, text: string): Explanation {
  const terms: Term[] = [];
  const reasons = (Array.isArray(record.reasons) ? record.reasons : []).map((r, i, all) => {
    const stage = typeof r?.stage === 'string' ? r.stage : '';
    const reason = typeof r?.reason === 'string' ? r.reason : '';
    return {
      stage, label: stageLabel(stage), sentence: sentenceOf(stage, reason, text, terms),
      // The deciding stage's reason is the record's last (pipeline.ts).
      deciding: i === all.length - 1 && stage === record.decidedBy,
    };
  });
  return { reasons, terms };
}

/** A piece of a comment's text, highlighted or not. */
export interface Segment { text: string; mark: boolean }

function pieceMatches(word: string, piece: string, i: number, n: number, term: Term): boolean {
  if (piece === '*') return true; // any one word ("check * channel")
  const w = word.toLowerCase();
  const open = { start: i === 0 && term.openStart, end: i === n - 1 && term.openEnd };
  if (open.start && open.end) return w.includes(piece);
  if (open.start) return w.endsWith(piece);
  if (open.end) return w.startsWith(piece);
  return w === piece;
}

/**
 * The text in segments, the words matched by any term marked (a term of several words marks them and what
 * is between them). Linear in the text's words times the terms: safe on any comment.
 */
export function highlight(text: string, terms: readonly Term[]): Segment[] {
  const parts = text.split(/([\p{L}\p{N}]+)/u); // odd indices are words
  const marked = new Array<boolean>(parts.length).fill(false);
  for (const term of terms) {
    const n = term.pieces.length;
    for (let i = 1; i + 2 * (n - 1) < parts.length; i += 2) {
      if (!term.pieces.every((p, k) => pieceMatches(parts[i + 2 * k]!, p, k, n, term))) continue;
      for (let k = i; k <= i + 2 * (n - 1); k++) marked[k] = true;
    }
  }
  const out: Segment[] = [];
  parts.forEach((p, i) => {
    if (!p) return;
    const last = out[out.length - 1];
    if (last && last.mark === marked[i]) last.text += p;
    else out.push({ text: p, mark: marked[i]! });
  });
  return out;
}
