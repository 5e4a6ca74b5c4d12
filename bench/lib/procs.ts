// Child processes and temp dirs that are always cleaned up: on normal completion, on errors,
// on SIGINT/SIGTERM, and (synchronously, best effort) when the bench process exits.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';

export interface Managed {
  name: string;
  child: ChildProcess;
  /** Everything the process printed (stdout and stderr, interleaved), capped at the last 1 MB. */
  output(): string;
  exited(): boolean;
  /** Error describing an unexpected exit, if the process is gone. */
  deadError(): Error | undefined;
  /** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const children = new Set<Managed>();
const started: Managed[] = [];
const dirs = new Set<string>();
let handlersInstalled = false;

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Last resort: 'exit' handlers must be synchronous.
  process.on('exit', () => {
    for (const m of children) if (!m.exited()) { try { m.child.kill('SIGKILL'); } catch { /* gone */ } }
    for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* ignore */ } }
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping child processes and removing temp dirs…`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
}

export function trackDir(dir: string): string {
  installHandlers();
  dirs.add(dir);
  return dir;
}

/** Pins a process to CPUs: `taskset -c <cpuList>` (taskset's path, found by tools.ts). */
export interface CpuPin { taskset: string; cpuList: string }

/** Spawns and tracks a process (stopped at exit); with `pin`, through taskset on those CPUs. */
export function spawnManaged(name: string, cmd: string, args: string[], opts: SpawnOptions & { pin?: CpuPin | undefined }): Managed {
  installHandlers();
  const { pin, ...spawnOpts } = opts;
  const child = pin
    ? spawn(pin.taskset, ['-c', pin.cpuList, cmd, ...args], { ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(cmd, args, { ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
    if (out.length > 1_000_000) out = out.slice(-1_000_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  child.on('error', (err) => { spawnError = err; });
  const exited = () => child.exitCode !== null || child.signalCode !== null || (spawnError !== undefined && child.pid === undefined);
  const m: Managed = {
    name,
    child,
    output: () => out,
    exited,
    deadError: () => {
      if (spawnError) return new Error(`${name}: could not start: ${spawnError.message}`);
      if (!exited()) return undefined;
      return new Error(`${name} exited early (code ${child.exitCode}, signal ${child.signalCode}):\n${out.slice(-4000)}`);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000) {
      if (exited()) { children.delete(m); return; }
      await new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); resolve(); };
        child.once('exit', done);
        const timer = setTimeout(() => { try { child.kill('SIGKILL'); } catch { /* gone */ } }, graceMs);
        try { child.kill(signal); } catch { done(); }
      });
      children.delete(m);
    },
  };
  children.add(m);
  started.push(m);
  return m;
}

/** Every process started so far (also stopped ones), for diagnostics. */
export const startedProcesses = (): readonly Managed[] => started;

/** Stops every tracked child (in reverse start order) and removes every tracked dir. Never throws. */
export async function cleanupAll(): Promise<void> {
  for (const m of [...children].reverse()) {
    try { await m.stop(); } catch { /* best effort */ }
  }
  for (const d of dirs) {
    try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
    dirs.delete(d);
  }
}

/** Resident memory of a process in MiB (Linux /proc), or null. */
export function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch { return null; }
}

/** Server log lines at warn or above (pino JSON: level >= 40), plus any non-JSON output. */
export function serverProblems(out: string): string[] {
  const problems: string[] = [];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    try {
      const j = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((j.level ?? 0) >= 40) problems.push(`[level ${j.level}] ${j.msg ?? ''}${j.err?.message ? `: ${j.err.message}` : ''}`);
    } catch {
      problems.push(line);
    }
  }
  return problems;
}
