// Rows of the article page load test, the flags each row carries, the per-page summary (median per target,
// Gazette / nginx) and the Markdown tables.
import type { CpuReport } from './cpu.js';
import { fmt, fmtInt } from './util.js';
import type { WrkResult } from './wrk.js';

/** wrk at or above this share of its cores could not have sent requests faster: the row measures wrk. */
export const GENERATOR_LIMIT_CORES = 0.9;
/** Other processes (plus time the hypervisor stole) above this share of the whole machine took CPU the server or wrk could have used. */
export const OTHER_LOAD_LIMIT_PCT = 10;

/** 'Gazette behind nginx': deploy/nginx.conf's cache in front of Gazette (bench/lib/deploy-nginx.ts). */
export type Target = 'Gazette' | 'nginx' | 'Gazette behind nginx' | 'WordPress';
export type Flag = 'generator-limited' | 'disturbed' | 'errors' | 'bytes-mismatch';

export interface LoadRow {
  round: number;
  target: Target;
  page: string;
  encoding: string;
  url: string;
  bodyBytes: number;
  /** Status line + headers + body of one response, from a plain GET with the same request headers. */
  expectedWireBytes: number;
  wrk: Omit<WrkResult, 'cpu' | 'text'>;
  /** CPU during the measured run, in cores: the server under test, wrk, every other process (and % of the machine). */
  cpu: { server: number; wrk: number; otherServer: number; bench: number; other: number; otherPct: number; stealPct: number; perCpuBusyPct: number[] } | null;
  flags: Flag[];
  /** x-page-cache of plain GETs just before and just after the run (Gazette rows); whether the page cache rendered the page again meanwhile (60 s TTL). */
  pageCache: { before: string[]; after: string[]; renderedAgainDuringRun: boolean } | null;
  wrkText: string;
}

export function rowOf(o: {
  round: number; target: Target; page: string; encoding: string; url: string; bodyBytes: number; expectedWireBytes: number;
  wrkThreads: number; result: WrkResult; pageCache: LoadRow['pageCache'];
}): LoadRow {
  const { cpu: report, text, ...wrk } = o.result;
  const cpu = report ? cpuOf(report, o.target) : null;
  const flags: Flag[] = [];
  if (cpu && cpu.wrk >= GENERATOR_LIMIT_CORES * o.wrkThreads) flags.push('generator-limited');
  if (cpu && cpu.otherPct + cpu.stealPct > OTHER_LOAD_LIMIT_PCT) flags.push('disturbed');
  const s = wrk.socketErrors;
  if (wrk.statusErrors + s.connect + s.read + s.write + s.timeout > 0) flags.push('errors');
  if (Math.abs(wrk.wireBytesPerResponse - o.expectedWireBytes) > Math.max(64, o.expectedWireBytes * 0.01)) flags.push('bytes-mismatch');
  return { round: o.round, target: o.target, page: o.page, encoding: o.encoding, url: o.url, bodyBytes: o.bodyBytes, expectedWireBytes: o.expectedWireBytes, wrk, cpu, flags, pageCache: o.pageCache, wrkText: text };
}

function cpuOf(r: CpuReport, target: Target) {
  const c = (k: string) => r.cores[k] ?? 0;
  const groups = { Gazette: ['gazette'], nginx: ['nginx'], 'Gazette behind nginx': ['proxy', 'gazette'], WordPress: ['wordpress'] } as const;
  // Behind the proxy, the server under test is the proxy and the Gazette behind it (idle while the proxy hits).
  const own: readonly string[] = groups[target];
  const sum = (names: Iterable<string>) => [...names].reduce((total, g) => total + c(g), 0);
  return {
    server: sum(own),
    wrk: c('wrk'),
    otherServer: sum(new Set(Object.values(groups).flat().filter((g) => !own.includes(g)))),
    bench: c('bench'),
    other: c('other'),
    otherPct: r.otherPct,
    stealPct: r.stealPct,
    perCpuBusyPct: r.perCpuBusyPct,
  };
}

export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface TargetSummary {
  rounds: number;
  /** Medians over the rounds. */
  requestsPerSec: number; p50Ms: number; p99Ms: number; serverCores: number; wrkCores: number;
  /** Responses per CPU-second of the server under test (median over the rounds). */
  perCpuSecond: number;
}

export interface PageSummary {
  page: string;
  encoding: string;
  bodyBytes: number;
  gazette: TargetSummary;
  nginx: TargetSummary;
  /** Gazette behind deploy/nginx.conf (when measured). */
  proxy?: TargetSummary;
  /** median Gazette req/s / median nginx req/s. */
  ratio: number;
  /** median req/s of Gazette behind the proxy / median nginx req/s (when measured). */
  proxyRatio?: number;
  /** The same in responses per server CPU-second (proxy and Gazette's CPU / nginx's). */
  proxyPerCpuRatio?: number;
  /**
   * Gazette / nginx in responses per CPU-second of the server: does not depend on wrk keeping up, but assumes
   * the cost of a response does not change with the load (a busier server batches more, so it flatters the
   * server that ran less busy).
   */
  perCpuRatio: number;
  roundRatios: number[];
  goal: number;
  pass: boolean;
  /** What the flags of the rows behind the figures mean for the ratio. */
  caveats: string[];
}

export function summarisePages(rows: LoadRow[], goal: number): PageSummary[] {
  const keys = [...new Map(rows.map((r) => [`${r.page}\u0000${r.encoding}`, r])).values()];
  return keys.map(({ page, encoding, bodyBytes }) => {
    const of = (t: Target) => rows.filter((r) => r.page === page && r.encoding === encoding && r.target === t);
    const agg = (rs: LoadRow[]): TargetSummary => ({
      rounds: rs.length,
      perCpuSecond: median(rs.map((r) => (r.cpu && r.cpu.server > 0 ? r.wrk.requestsPerSec / r.cpu.server : NaN))),
      requestsPerSec: median(rs.map((r) => r.wrk.requestsPerSec)),
      p50Ms: median(rs.map((r) => r.wrk.latencyMs.p50)),
      p99Ms: median(rs.map((r) => r.wrk.latencyMs.p99)),
      serverCores: median(rs.map((r) => r.cpu?.server ?? NaN)),
      wrkCores: median(rs.map((r) => r.cpu?.wrk ?? NaN)),
    });
    const g = of('Gazette');
    const n = of('nginx');
    const [ga, na] = [agg(g), agg(n)];
    const p = of('Gazette behind nginx');
    const pa = p.length ? agg(p) : undefined;
    const proxy = pa ? { proxy: pa, proxyRatio: pa.requestsPerSec / na.requestsPerSec, proxyPerCpuRatio: pa.perCpuSecond / na.perCpuSecond } : {};
    const ratio = ga.requestsPerSec / na.requestsPerSec;
    const roundRatios = g.map((gr) => gr.wrk.requestsPerSec / (n.find((nr) => nr.round === gr.round)?.wrk.requestsPerSec ?? NaN));
    const caveats: string[] = [];
    const flagged = (rs: LoadRow[], f: Flag) => rs.filter((r) => r.flags.includes(f)).length;
    const gLim = flagged(g, 'generator-limited');
    const nLim = flagged(n, 'generator-limited');
    if (nLim > 0 && gLim > 0) caveats.push(`both targets generator-limited (${gLim}+${nLim} rows): the ratio compares wrk with itself`);
    else if (nLim > 0) caveats.push(`ceiling generator-limited (${nLim}/${n.length} nginx rows): nginx could serve more, so the ratio is an upper bound`);
    else if (gLim > 0) caveats.push(`Gazette generator-limited (${gLim}/${g.length} rows): the ratio is a lower bound`);
    if (flagged(p, 'generator-limited') > 0) caveats.push(`behind nginx: generator-limited (${flagged(p, 'generator-limited')}/${p.length} rows)`);
    const dist = flagged([...g, ...n, ...p], 'disturbed');
    if (dist > 0) caveats.push(`${dist} row(s) disturbed by other load`);
    const errs = flagged([...g, ...n, ...p], 'errors');
    if (errs > 0) caveats.push(`${errs} row(s) with errors`);
    const bytes = flagged([...g, ...n, ...p], 'bytes-mismatch');
    if (bytes > 0) caveats.push(`${bytes} row(s) read other bytes than expected`);
    return { page, encoding, bodyBytes, gazette: ga, nginx: na, ...proxy, ratio, perCpuRatio: ga.perCpuSecond / na.perCpuSecond, roundRatios, goal, pass: ratio >= goal, caveats };
  });
}

const cores = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : fmt(x, 2));

export function rowsTable(rows: LoadRow[]): string[] {
  const out = [
    '| # | Server | Page | Encoding | Req/s | p50 (ms) | p99 (ms) | Max (ms) | Wire B/resp | Errors | CPU server (cores) | CPU wrk (cores) | CPU other (% machine) | Flags |',
    '|--:|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  rows.forEach((r, i) => {
    const s = r.wrk.socketErrors;
    const errors = r.wrk.statusErrors + s.connect + s.read + s.write + s.timeout;
    out.push(`| ${i + 1} | ${r.target} | ${r.page} | ${r.encoding} | ${fmtInt(r.wrk.requestsPerSec)} | ${fmt(r.wrk.latencyMs.p50, 2)} | ${fmt(r.wrk.latencyMs.p99, 2)} | ${fmt(r.wrk.latencyMs.max, 1)} | ` +
      `${fmtInt(r.wrk.wireBytesPerResponse)} | ${errors} | ${cores(r.cpu?.server)} | ${cores(r.cpu?.wrk)} | ${r.cpu ? fmt(r.cpu.otherPct, 1) : 'n/a'} | ${r.flags.join(', ') || '—'} |`);
  });
  return out;
}

export function summaryTable(s: PageSummary[]): string[] {
  const withProxy = s.some((x) => x.proxy);
  const out = [
    '| Page | Encoding | Body bytes | Gazette req/s | nginx req/s | Gazette / nginx | Per round | Gazette p50 / p99 ms | nginx p50 / p99 ms | Resp. per server CPU-s, Gazette / nginx (ratio) | Goal ≥ 0.5 | Caveats |' +
      (withProxy ? ' Behind deploy/nginx.conf: req/s (/ nginx), per server CPU-s (/ nginx), p50 / p99 ms |' : ''),
    '|---|---|--:|--:|--:|--:|---|--:|--:|--:|:-:|---|' + (withProxy ? '--:|' : ''),
  ];
  for (const x of s) {
    const proxyCell = !withProxy ? '' : x.proxy
      ? ` ${fmtInt(x.proxy.requestsPerSec)} (${fmt(x.proxyRatio!, 2)}), ${fmtInt(x.proxy.perCpuSecond)} (${fmt(x.proxyPerCpuRatio!, 2)}), ${fmt(x.proxy.p50Ms, 2)} / ${fmt(x.proxy.p99Ms, 2)} |` : ' — |';
    out.push(`| ${x.page} | ${x.encoding} | ${fmtInt(x.bodyBytes)} | ${fmtInt(x.gazette.requestsPerSec)} | ${fmtInt(x.nginx.requestsPerSec)} | ${fmt(x.ratio, 2)} | ` +
      `${x.roundRatios.map((r) => fmt(r, 2)).join(', ')} | ${fmt(x.gazette.p50Ms, 2)} / ${fmt(x.gazette.p99Ms, 2)} | ${fmt(x.nginx.p50Ms, 2)} / ${fmt(x.nginx.p99Ms, 2)} | ` +
      `${fmtInt(x.gazette.perCpuSecond)} / ${fmtInt(x.nginx.perCpuSecond)} (${fmt(x.perCpuRatio, 2)}) | ` +
      `${x.pass ? 'PASS' : 'FAIL'} | ${x.caveats.join('; ') || 'none'} |${proxyCell}`);
  }
  return out;
}
