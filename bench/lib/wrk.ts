// Runs wrk (https://github.com/wg/wrk, a native HTTP load generator) as a child process and reads its
// summary: the Lua script wrk-report.lua prints it as one JSON line when the run is done. The CPU used
// during the run by the server(s), wrk itself, this bench and everything else is measured from /proc.
import path from 'node:path';
import { cpuWindow, type CpuReport } from './cpu.js';
import { spawnManaged, type CpuPin } from './procs.js';

const REPORT_SCRIPT = path.join(import.meta.dirname, 'wrk-report.lua');
const MARKER = 'WRK_REPORT ';

export interface WrkOptions {
  wrk: string;
  url: string;
  connections: number;
  /** wrk threads (-t); each is one event loop, so wrk can use at most this many cores. */
  threads: number;
  durationS: number;
  /** Per-request timeout (wrk counts slower responses as timeouts). */
  timeoutS: number;
  headers: readonly (readonly [string, string])[];
  /** Pin wrk with `taskset -c <cpuList>`. */
  pin?: CpuPin;
  /** Measure CPU during the run for these process groups (root pids; descendants count too). wrk's own CPU is reported as `wrk`. */
  cpuGroups?: Record<string, number[]>;
}

export interface WrkResult {
  argv: string[];
  durationS: number;
  requests: number;
  /** Bytes read from the sockets: status lines, headers and bodies. */
  bytes: number;
  requestsPerSec: number;
  wireBytesPerResponse: number;
  latencyMs: { min: number; p50: number; p90: number; p99: number; mean: number; stdev: number; max: number };
  /** Responses with a status above 399 (wrk's count). */
  statusErrors: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  cpu: CpuReport | null;
  /** wrk's own text output (with --latency: the percentile distribution), without the JSON line. */
  text: string;
}

interface Report {
  durationUs: number; requests: number; bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { min: number; p50: number; p90: number; p99: number; mean: number; stdev: number; max: number };
}

export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const wrkArgs = [
    `-t${o.threads}`, `-c${o.connections}`, `-d${o.durationS}s`, `--timeout`, `${o.timeoutS}s`, '--latency', '-s', REPORT_SCRIPT,
    ...o.headers.flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    o.url,
  ];
  const done = o.cpuGroups ? cpuWindow({ groups: { ...o.cpuGroups, wrk: [] }, reapedInto: 'wrk' }) : undefined;
  const proc = spawnManaged('wrk', o.wrk, wrkArgs, { pin: o.pin });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    const guard = setTimeout(() => { void proc.stop('SIGKILL', 1000); }, (o.durationS + o.timeoutS + 30) * 1000);
    proc.child.once('error', (error) => { clearTimeout(guard); resolve({ code: null, signal: null, error }); });
    // 'close': exited (and reaped, so its CPU time is in our cutime) and its output fully read.
    proc.child.once('close', (code, signal) => { clearTimeout(guard); resolve({ code, signal }); });
  });
  const cpu = done ? done() : null;
  await proc.stop();
  const out = proc.output();
  const argv = [...(o.pin ? [o.pin.taskset, '-c', o.pin.cpuList] : []), o.wrk, ...wrkArgs];
  if (exit.error) throw new Error(`wrk could not start (${argv.join(' ')}): ${exit.error.message}`);
  const line = out.split('\n').find((l) => l.startsWith(MARKER));
  if (exit.code !== 0 || !line) {
    throw new Error(`wrk failed (exit ${exit.code ?? exit.signal}): ${argv.join(' ')}\n${out.slice(-3000)}`);
  }
  const r = JSON.parse(line.slice(MARKER.length)) as Report;
  const durationS = r.durationUs / 1e6;
  const ms = (us: number) => us / 1000;
  return {
    argv,
    durationS,
    requests: r.requests,
    bytes: r.bytes,
    requestsPerSec: durationS > 0 ? r.requests / durationS : NaN,
    wireBytesPerResponse: r.requests > 0 ? r.bytes / r.requests : NaN,
    latencyMs: {
      min: ms(r.latencyUs.min), p50: ms(r.latencyUs.p50), p90: ms(r.latencyUs.p90), p99: ms(r.latencyUs.p99),
      mean: ms(r.latencyUs.mean), stdev: ms(r.latencyUs.stdev), max: ms(r.latencyUs.max),
    },
    statusErrors: r.errors.status,
    socketErrors: { connect: r.errors.connect, read: r.errors.read, write: r.errors.write, timeout: r.errors.timeout },
    cpu,
    text: out.split('\n').filter((l) => !l.startsWith(MARKER)).join('\n').trim(),
  };
}
