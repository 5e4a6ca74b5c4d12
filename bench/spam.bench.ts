// Comment spam filter benchmark: `npm run bench:spam`. Prints figures; never part of `npm test`.
//
// Needs the labelled data in ../shared/spam-data (relative to the project root; override with
// SPAM_DATA_DIR). Without it, it says so and exits 0. SPAM_BENCH_SHOW=<part of a source name> prints that
// source's mistakes on stderr; SPAM_BENCH_ONLY_E2E=1 stops after part 1. Nothing here trains the shipped model (that is
// `npm run spam:model`); this only measures it.
//
// 1. End to end, per source: every comment goes through the moderation pipeline (stages/index.ts, in
//    order, with the site's default settings as the app builds them) as a first-time reader from its
//    own network: no approved comments, no offences, no ban, no rate limit, no earlier duplicate, no
//    form (the JSON API). Per source: spam published, legitimate held (pending), legitimate binned
//    (spam), and the error = spam published % + legitimate held or binned %.
//    Leave-one-source-out: the shipped model learns from some of these files (scripts/comment-
//    sources.ts: the Civil Comments toxic-spans file and the early tg-spam messages); those rows are
//    marked "in training" and are not a measure of anything. Every other source is held out (the
//    build also leaves out any training row whose text is in a held-out file).
// 2. The demo's spam comment (issue 12), with and without its link, from a first-time and from a
//    trusted reader (one and five approved comments), and its disguised variants: verdict and score.
// 3. Goal (b) as issue 12 defines it: for each YouTube file, a site classifier on top of the shipped
//    model learns the comments before the median date as one batch, as `spam train` does (train-on-
//    error, then the site's choice of ham-evidence limit and its thresholds by cross-validation on the
//    batch, chooseSiteVariant: spam max(0.98, shipped, calibrated), hold calibrated as the stage
//    decides), and is tested on the later half: precision, recall, legitimate flagged, a comment being
//    flagged when the classifier stage stops it at those thresholds (classifierStops: held from the hold
//    threshold if it offers a way to act, else only from the spam threshold); and the mean over the
//    three files. For comparison, the same site without a limit (what sites had before the choice), the
//    classifier alone at the calibrated spam threshold (every comment alike), and, for information, the
//    same site end to end through the pipeline.
//    Then a simulated news site, the same way: its history is the first 1,000 distinct Civil Comments
//    autolabel comments (legitimate) and the first 200 English early chat spam messages; it is tested on
//    the other held-out news comments and the held-out English chat spam (legitimate flagged, spam
//    caught), with its own choice and without a limit.
// 4. Latency: normalise + score per comment, and the whole pipeline (all stages, look-ups answered
//    from memory) per comment, p50 / p99 over every comment after a warm-up pass, best of 3 passes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SITE_WEIGHT, SpamClassifier } from '../src/modules/moderation/spam/classifier.js';
import { loadShippedModel } from '../src/modules/moderation/spam/shipped-model.js';
import { parseCsv } from '../src/modules/moderation/spam/csv.js';
import { evaluate } from '../src/modules/moderation/spam/evaluate.js';
import { chooseSiteVariant, type CandidateFigures } from '../src/modules/moderation/spam/site-variant.js';
import { classifierStops } from '../src/modules/moderation/stages/classifier.js';
import { normalise } from '../src/modules/moderation/spam/normalise.js';
import { runPipeline, type Verdict } from '../src/modules/moderation/pipeline.js';
import { STAGES } from '../src/modules/moderation/stages/index.js';
import { forScoring } from '../src/modules/moderation/stages/link-reputation.js';
import type { StageContext } from '../src/modules/moderation/stages/context.js';
import { CONFIDENT_SPAM_THRESHOLD, defaultModerationSettings, type ModerationSettings } from '../src/modules/settings/settings.service.js';
import {
  CHAT_SPAM_HELD_OUT, CHAT_SPAM_TRAIN, dedupeKey, isEnglishLike, NEWS_HAM_HELD_OUT, NEWS_HAM_TRAIN, readSource,
} from '../scripts/comment-sources.js';
import { SEED_SPAM, seedSpamVariants } from '../src/modules/moderation/spam/seed-spam.test-kit.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = process.env.SPAM_DATA_DIR ?? path.resolve(ROOT, '..', 'shared', 'spam-data');
const YOUTUBE = ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv', 'Youtube03-LMFAO.csv'];

if (!fs.existsSync(path.join(DATA, 'youtube'))) {
  console.log(`SKIPPED: labelled spam data not found at ${DATA} (expected youtube/*.csv, sms/, news-ham/, chat-spam/; set SPAM_DATA_DIR to point elsewhere).`);
  process.exit(0);
}

type Label = 'spam' | 'ham';
interface Row { text: string; label: Label; author?: string; date?: string }

const decode = (s: string) => s.replace(/\ufeff/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
function readYoutube(file: string): Row[] {
  const [header, ...records] = parseCsv(fs.readFileSync(path.join(DATA, 'youtube', file), 'utf8'));
  const col = (name: string) => header!.fields.indexOf(name);
  const [text, label, author, date] = [col('CONTENT'), col('CLASS'), col('AUTHOR'), col('DATE')];
  return records.map((r) => ({ text: decode(r.fields[text]!), label: r.fields[label] === '1' ? 'spam' : 'ham', author: r.fields[author], date: r.fields[date] }));
}
function readSms(): Row[] {
  const file = path.join(DATA, 'sms', 'SMSSpamCollection');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((l) => {
    const tab = l.indexOf('\t');
    return { label: l.slice(0, tab) === 'spam' ? 'spam' : 'ham', text: l.slice(tab + 1) };
  });
}
/** One source of comments all of one label, de-duplicated (letters and digits). */
function readAll(rels: string[], label: Label, keep: (t: string) => boolean = () => true): Row[] {
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const rel of rels) {
    if (!fs.existsSync(path.join(DATA, rel))) continue;
    for (const text of readSource(rel, DATA)) {
      const k = dedupeKey(text);
      if (!k || seen.has(k) || !keep(text)) continue;
      seen.add(k);
      out.push({ text, label });
    }
  }
  return out;
}

const t0 = Date.now();
const { classifier: model, threshold: SHIPPED_THRESHOLD } = loadShippedModel();
const settings = defaultModerationSettings({ spamThreshold: SHIPPED_THRESHOLD });
const youtube = YOUTUBE.map((f) => ({ name: f.replace(/\.csv$/, ''), rows: readYoutube(f) }));
interface Source { name: string; rows: Row[]; inTraining: boolean; kind: 'youtube' | 'news' | 'other' }
const sources = ([
  ...youtube.map((y) => ({ name: y.name, rows: y.rows, inTraining: false, kind: 'youtube' as const })),
  { name: 'SMS (other domain)', rows: readSms(), inTraining: false, kind: 'other' },
  { name: 'news: Civil Comments autolabel', rows: readAll(NEWS_HAM_HELD_OUT.filter((r) => r.includes('autolabel')), 'ham'), inTraining: false, kind: 'news' },
  { name: 'news: Civil Comments scored', rows: readAll(NEWS_HAM_HELD_OUT.filter((r) => r.includes('scored')), 'ham'), inTraining: false, kind: 'news' },
  { name: 'news: Civil Comments sociosim', rows: readAll(NEWS_HAM_HELD_OUT.filter((r) => r.includes('sociosim')), 'ham'), inTraining: false, kind: 'news' },
  { name: 'chat spam: tg-spam samples (English)', rows: readAll(CHAT_SPAM_HELD_OUT, 'spam', isEnglishLike), inTraining: false, kind: 'other' },
  { name: 'news: Civil Comments toxic-spans', rows: readAll([NEWS_HAM_TRAIN], 'ham'), inTraining: true, kind: 'news' },
  { name: 'chat spam: tg-spam early (English)', rows: readAll([CHAT_SPAM_TRAIN], 'spam', isEnglishLike), inTraining: true, kind: 'other' },
] satisfies Source[]).filter((s) => s.rows.length > 0);

/** A first-time reader from their own network, through every stage; the pipeline's verdict. */
function context(text: string, authorName: string, s: ModerationSettings, c: SpamClassifier, approved = 0): StageContext {
  const normalised = normalise(text);
  let spam: ReturnType<SpamClassifier['score']> | undefined;
  return {
    text, authorName, authorEmail: 'reader@example.org', userId: null, readerId: null, ip: '203.0.113.9', ipHash: 'network',
    articleId: 1, commentId: null, isEdit: false, now: new Date(), normalised, textHash: 'hash', settings: s,
    history: async () => ({ approved, offences: 0 }),
    activeBan: async () => undefined,
    blockList: async () => ({ phrases: [], emails: [], domains: [], ipRanges: [] }),
    duplicateOf: async () => undefined,
    earlierSpam: async () => undefined,
    rateLimit: async () => undefined,
    spam: () => (spam ??= c.score(forScoring(normalised), 8, { hamEvidenceLimit: s.hamEvidenceLimit })),
  };
}
async function verdictOf(text: string, authorName = 'Reader', approved = 0, c = model, s = settings): Promise<{ verdict: Verdict; stage: string; p: number }> {
  const ctx = context(text, authorName, s, c, approved);
  const { decision } = await runPipeline(STAGES, ctx, () => ctx.spam().spamProbability);
  return { verdict: decision.verdict, stage: decision.stage, p: ctx.spam().spamProbability };
}

/** SPAM_BENCH_SHOW=<part of a source's name>: print that source's mistakes (spam published, legitimate held or binned) on stderr. */
const SHOW = process.env.SPAM_BENCH_SHOW;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`Gazette comment spam filter — model ${model.size} tokens, loaded in ${Date.now() - t0} ms; shipped threshold ${SHIPPED_THRESHOLD}; ` +
  `default settings: spam threshold ${settings.spamThreshold}, hold threshold ${settings.holdThreshold}, hold first-time links ${settings.holdFirstTimeLinks}, max links ${settings.maxLinks}\n`);

// 1. end to end
console.log('### End to end through the pipeline, first-time reader from their own network, default settings\n');
console.log('| source | in the model\'s training? | spam | spam published | legitimate | held | binned | error (spam published + legitimate held or binned) | decided by (legitimate held or binned) |');
console.log('|---|---|--:|--:|--:|--:|--:|--:|---|');
const e2e: { name: string; kind: string; inTraining: boolean; spamPublished: number; hamHeldOrBinned: number; error: number; spam: number; ham: number }[] = [];
for (const s of sources) {
  let spam = 0, spamPub = 0, ham = 0, held = 0, binned = 0;
  const by = new Map<string, number>();
  for (const r of s.rows) {
    const v = await verdictOf(r.text, r.author ?? 'Reader');
    if (SHOW && s.name.includes(SHOW) && (r.label === 'spam') === (v.verdict === 'published')) {
      console.error(`[${r.label} ${v.verdict} ${v.stage} ${v.p.toFixed(3)}] ${r.author ?? ''}: ${r.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
    if (r.label === 'spam') { spam++; if (v.verdict === 'published') spamPub++; continue; }
    ham++;
    if (v.verdict === 'pending') held++;
    if (v.verdict === 'spam') binned++;
    if (v.verdict !== 'published') by.set(`${v.stage} ${v.verdict}`, (by.get(`${v.stage} ${v.verdict}`) ?? 0) + 1);
  }
  const sp = spam ? spamPub / spam : 0;
  const hb = ham ? (held + binned) / ham : 0;
  e2e.push({ name: s.name, kind: s.kind, inTraining: s.inTraining, spamPublished: sp, hamHeldOrBinned: hb, error: sp + hb, spam, ham });
  const reasons = [...by].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
  console.log(`| ${s.name} | ${s.inTraining ? '**yes: not a measure**' : 'no (held out)'} | ${spam} | ${spam ? `${pct(sp)} (${spamPub})` : '–'} | ${ham} | ` +
    `${ham ? `${pct(held / ham)} (${held})` : '–'} | ${ham ? `${pct(binned / ham)} (${binned})` : '–'} | ${(100 * (sp + hb)).toFixed(1)} | ${reasons} |`);
}

// 2. the demo's spam comment
console.log('\n### The spam comment of issue 12 and its variants (verdict, deciding stage, spam probability)\n');
console.log('| text | first-time reader | 1 approved comment | 5 approved comments |');
console.log('|---|---|---|---|');
let seedCaught = true;
for (const [label, text] of [['as posted', SEED_SPAM.withLink], ['without its link', SEED_SPAM.withoutLink], ...seedSpamVariants()] as [string, string][]) {
  const cells: string[] = [];
  for (const approved of [0, 1, 5]) {
    const v = await verdictOf(text, 'Reader', approved);
    if (v.verdict === 'published') seedCaught = false;
    cells.push(`${v.verdict} (${v.stage}, ${v.p.toFixed(3)})`);
  }
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}

if (process.env.SPAM_BENCH_ONLY_E2E) process.exit(0);
// 3. goal (b): learn the first half of each YouTube file by date, test on the later half
console.log('\n### (b) Site learning: each YouTube file\'s comments before its median date learned as one batch (`spam train`), tested on the later half\n');
console.log('| file | learned (spam / ham) | tested (spam / ham) | ham-ward limit chosen (cross-validated recall / flagged per candidate) | hold / spam threshold | precision | recall | legitimate flagged | without a limit: hold / spam, precision / recall / flagged | classifier alone at the calibrated spam threshold: threshold, precision / recall / flagged | end to end with the site\'s settings: spam published / legitimate held or binned |');
console.log('|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|');
const bs: { precision: number; recall: number; fpr: number }[] = [];
const bNone: { precision: number; recall: number; fpr: number }[] = [];
const bRaw: { precision: number; recall: number; fpr: number }[] = [];
let siteForLatency: { site: SpamClassifier; limit: number | null } | undefined;
/** The settings `spam train` saves for a site from one candidate's calibration (src/cli/gazette.ts). */
function siteSettingsOf(c: { threshold: number; holdThreshold: number; hamEvidenceLimit: number | null }): ModerationSettings {
  const spamThreshold = Math.max(SHIPPED_THRESHOLD, c.threshold, CONFIDENT_SPAM_THRESHOLD);
  return { ...settings, spamThreshold, holdThreshold: Math.min(spamThreshold, c.holdThreshold), hamEvidenceLimit: c.hamEvidenceLimit };
}
function siteScorer(site: SpamClassifier, limit: number | null) {
  return { score: (text: string) => site.score(text, 0, { hamEvidenceLimit: limit }) };
}
const candidateText = (cs: CandidateFigures[]) => cs.map((c) => `${c.hamEvidenceLimit ?? 'none'}: ${c.recall.toFixed(3)} / ${pct(c.flagged)}${c.admissible ? '' : ' (capped)'}`).join('; ');
for (const y of youtube) {
  const sorted = [...y.rows].sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0));
  const median = sorted[Math.floor(sorted.length / 2)]!.date!;
  const first = sorted.filter((r) => r.date! < median);
  const later = sorted.filter((r) => r.date! >= median);
  const site = SpamClassifier.onTopOf(model, DEFAULT_SITE_WEIGHT);
  site.trainOnError(first);
  const choice = chooseSiteVariant(model, first);
  const siteSettings = siteSettingsOf(choice);
  const none = choice.candidates.find((c) => c.hamEvidenceLimit === null)!;
  const noneSettings = siteSettingsOf(none);
  siteForLatency ??= { site, limit: choice.hamEvidenceLimit };
  const e = evaluate(siteScorer(site, choice.hamEvidenceLimit), later, siteSettings.holdThreshold, (text, p) => classifierStops(text, p, siteSettings));
  const n = evaluate(siteScorer(site, null), later, noneSettings.holdThreshold, (text, p) => classifierStops(text, p, noneSettings));
  const threshold = Math.max(SHIPPED_THRESHOLD, choice.threshold);
  const raw = evaluate(siteScorer(site, choice.hamEvidenceLimit), later, threshold);
  bs.push({ precision: e.precision, recall: e.recall, fpr: e.falsePositiveRate });
  bNone.push({ precision: n.precision, recall: n.recall, fpr: n.falsePositiveRate });
  bRaw.push({ precision: raw.precision, recall: raw.recall, fpr: raw.falsePositiveRate });
  const count = (rows: Row[]) => `${rows.filter((r) => r.label === 'spam').length} / ${rows.filter((r) => r.label === 'ham').length}`;
  // the same site end to end: its classifier and the settings `spam train` saves, every stage
  let spamPub = 0, hamStopped = 0;
  for (const r of later) {
    const v = await verdictOf(r.text, r.author ?? 'Reader', 0, site, siteSettings);
    if (r.label === 'spam' && v.verdict === 'published') spamPub++;
    if (r.label === 'ham' && v.verdict !== 'published') hamStopped++;
  }
  const nSpam = later.filter((r) => r.label === 'spam').length;
  const nHam = later.length - nSpam;
  console.log(`| ${y.name} | ${count(first)} | ${count(later)} | ${choice.hamEvidenceLimit ?? 'none'} (${candidateText(choice.candidates)}) | ${siteSettings.holdThreshold} / ${siteSettings.spamThreshold} | ${e.precision.toFixed(3)} | ${e.recall.toFixed(3)} | ${pct(e.falsePositiveRate)} | ` +
    `${noneSettings.holdThreshold} / ${noneSettings.spamThreshold}, ${n.precision.toFixed(3)} / ${n.recall.toFixed(3)} / ${pct(n.falsePositiveRate)} | ` +
    `${threshold}: ${raw.precision.toFixed(3)} / ${raw.recall.toFixed(3)} / ${pct(raw.falsePositiveRate)} | ${pct(spamPub / nSpam)} / ${pct(hamStopped / nHam)} |`);
}
const meanOf = (xs: typeof bs) => ({ precision: xs.reduce((x, b) => x + b.precision, 0) / xs.length, recall: xs.reduce((x, b) => x + b.recall, 0) / xs.length, fpr: xs.reduce((x, b) => x + b.fpr, 0) / xs.length });
const bMean = meanOf(bs);
const noneMean = meanOf(bNone);
const rawMean = meanOf(bRaw);
console.log(`| **mean of the three** | | | | | ${bMean.precision.toFixed(3)} | ${bMean.recall.toFixed(3)} | ${pct(bMean.fpr)} | ${noneMean.precision.toFixed(3)} / ${noneMean.recall.toFixed(3)} / ${pct(noneMean.fpr)} | ${rawMean.precision.toFixed(3)} / ${rawMean.recall.toFixed(3)} / ${pct(rawMean.fpr)} | |`);

// 3b. a simulated news site learns its own history the same way
const autolabel = readAll(NEWS_HAM_HELD_OUT.filter((r) => r.includes('autolabel')), 'ham');
const chatEarly = readAll([CHAT_SPAM_TRAIN], 'spam', isEnglishLike);
let newsSite: { limit: number | null; flagged: number; caught: number; flaggedNone: number } | undefined;
if (autolabel.length > 1000 && chatEarly.length >= 200) {
  const history = [...autolabel.slice(0, 1000), ...chatEarly.slice(0, 200)];
  const unseen = [
    ...autolabel.slice(1000),
    ...readAll(NEWS_HAM_HELD_OUT.filter((r) => r.includes('scored')), 'ham'),
    ...readAll(NEWS_HAM_HELD_OUT.filter((r) => r.includes('sociosim')), 'ham'),
    ...readAll(CHAT_SPAM_HELD_OUT, 'spam', isEnglishLike),
  ];
  const site = SpamClassifier.onTopOf(model, DEFAULT_SITE_WEIGHT);
  site.trainOnError(history);
  const choice = chooseSiteVariant(model, history);
  const none = choice.candidates.find((c) => c.hamEvidenceLimit === null)!;
  const run = (c: typeof none) => {
    const s = siteSettingsOf(c);
    return { s, e: evaluate(siteScorer(site, c.hamEvidenceLimit), unseen, s.holdThreshold, (text, p) => classifierStops(text, p, s)) };
  };
  const chosen = run(choice.candidates.find((c) => c.hamEvidenceLimit === choice.hamEvidenceLimit)!);
  const base = run(none);
  const nNews = unseen.filter((r) => r.label === 'ham').length, nChat = unseen.length - nNews;
  console.log(`\n### A simulated news site: learned ${history.length} comments (1,000 news, 200 chat spam), tested on ${nNews} unseen news comments and ${nChat} unseen chat spam messages\n`);
  console.log('| variant | ham-ward limit | hold / spam threshold | unseen news comments flagged | unseen chat spam caught |');
  console.log('|---|--:|--:|--:|--:|');
  console.log(`| its own choice (cross-validated recall / flagged per candidate: ${candidateText(choice.candidates)}) | ${choice.hamEvidenceLimit ?? 'none'} | ${chosen.s.holdThreshold} / ${chosen.s.spamThreshold} | ${pct(chosen.e.falsePositiveRate)} (${chosen.e.confusion.fp}) | ${pct(chosen.e.recall)} |`);
  console.log(`| without a limit | none | ${base.s.holdThreshold} / ${base.s.spamThreshold} | ${pct(base.e.falsePositiveRate)} (${base.e.confusion.fp}) | ${pct(base.e.recall)} |`);
  newsSite = { limit: choice.hamEvidenceLimit, flagged: chosen.e.falsePositiveRate, caught: chosen.e.recall, flaggedNone: base.e.falsePositiveRate };
}

// 4. latency
// wall-clock time is the goal; the process's CPU time per comment is shown too, as it is not inflated by
// waiting for a CPU when the machine is busy (the load average is printed)
type Lat = { p50: number; p99: number; max: number; cpuP99: number };
async function latency(run: (text: string) => unknown, texts: string[]): Promise<Lat> {
  for (const t of texts) await run(t); // warm-up
  let best: Lat | undefined;
  for (let pass = 0; pass < 3; pass++) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const t of texts) {
      const u = process.cpuUsage();
      const s = process.hrtime.bigint();
      await run(t);
      wall.push(Number(process.hrtime.bigint() - s) / 1e6);
      const d = process.cpuUsage(u);
      cpu.push((d.user + d.system) / 1000);
    }
    wall.sort((x, y) => x - y);
    cpu.sort((x, y) => x - y);
    const q = (a: number[], p: number) => a[Math.min(a.length - 1, Math.floor(p * a.length))]!;
    const r = { p50: q(wall, 0.5), p99: q(wall, 0.99), max: wall[wall.length - 1]!, cpuP99: q(cpu, 0.99) };
    if (!best || r.p99 < best.p99) best = r;
  }
  return best!;
}
const texts = [...youtube.flatMap((y) => y.rows), ...readSms()].map((r) => r.text);
const lScore = await latency((t) => model.score(t, 8), texts);
const lSite = await latency((t) => siteForLatency!.site.score(t, 8, { hamEvidenceLimit: siteForLatency!.limit }), texts);
const lPipe = await latency((t) => verdictOf(t), texts);
const load = os.loadavg().map((x) => x.toFixed(2)).join(' / ');
console.log(`\n### Latency per comment (${texts.length} comments: YouTube + SMS; best of 3 passes after warm-up; ${os.cpus().length} CPUs, load average ${load})\n`);
console.log('| what | p50 | p99 | max | CPU time p99 |');
console.log('|---|--:|--:|--:|--:|');
const ms = (x: number) => `${x.toFixed(3)} ms`;
for (const [name, l] of [['normalise + score, shipped model', lScore], ['normalise + score, site classifier', lSite], ['whole pipeline (all stages, look-ups from memory)', lPipe]] as const) {
  console.log(`| ${name} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${ms(l.cpuP99)} |`);
}

// goals (issue 12); the issue's own figures are measured on comment sets we do not have
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const heldOut = e2e.filter((x) => !x.inTraining);
console.log('\n### Goals (issue 12), on the held-out sources here\n');
for (const x of heldOut.filter((h) => h.kind === 'news')) {
  console.log(`- ${verdict(x.hamHeldOrBinned <= 0.012)} ${x.name}: legitimate held or binned ${pct(x.hamHeldOrBinned)} ≤ 1.2 %`);
}
for (const x of heldOut.filter((h) => h.kind === 'youtube')) {
  console.log(`- ${verdict(x.error <= 0.08)} ${x.name}: error ${(100 * x.error).toFixed(1)} ≤ 8 (the issue's bar for its unseen YouTube-style sets is ≤ 9 and ≤ 8)`);
}
console.log(`- ${verdict(seedCaught)} the spam comment of issue 12 and its variants are not published, with and without the link, first-time and trusted`);
console.log(`- ${verdict(bMean.precision >= 0.95 && bMean.recall >= 0.9 && bMean.fpr <= 0.02)} (b) mean of the three: precision ${bMean.precision.toFixed(3)} ≥ 0.95, recall ${bMean.recall.toFixed(3)} ≥ 0.90, legitimate flagged ${pct(bMean.fpr)} ≤ 2 %`);
if (newsSite) console.log(`- ${verdict(newsSite.flagged <= newsSite.flaggedNone)} the simulated news site flags no more of its unseen news comments with its own choice (limit ${newsSite.limit ?? 'none'}) than without a limit: ${pct(newsSite.flagged)} against ${pct(newsSite.flaggedNone)}`);
console.log(`- ${verdict(lPipe.p99 < 2)} pipeline p99 latency < 2 ms: ${ms(lPipe.p99)}, CPU time p99 ${ms(lPipe.cpuP99)}, load average ${load} (normalise + score: shipped ${ms(lScore.p99)}, site ${ms(lSite.p99)})`);
