// Where the machine's CPU went during a measurement (Linux /proc only): the server under test, the load
// generator, this bench, and every other process. On a small shared machine a concurrent test run, or a
// generator that saturates its core, skews the figures, and the report must say so.
import fs from 'node:fs';

interface Proc { ticks: number; ppid: number }

/** utime + stime (clock ticks, all threads) and the parent of every process; gone processes are skipped. */
function processTable(): Map<number, Proc> {
  const table = new Map<number, Proc>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After "pid (comm) ": [0]=state [1]=ppid … [11]=utime [12]=stime
      table.set(Number(name), { ticks: Number(f[11]) + Number(f[12]), ppid: Number(f[1]) });
    } catch { /* exited meanwhile */ }
  }
  return table;
}

/** cutime + cstime of this process: CPU of the children it has waited for (reaped), in clock ticks. */
function reapedChildrenTicks(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[13]) + Number(f[14]);
}

/**
 * Ticks of the whole machine and of each CPU, from /proc/stat: total, busy (neither idle nor waiting for
 * I/O nor stolen) and steal (time the hypervisor gave to other guests: no process here used it).
 */
function machineTicks(): { total: number; busy: number; steal: number; perCpu: { total: number; busy: number; steal: number }[] } {
  const lines = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const parse = (line: string) => {
    // cpu user nice system idle iowait irq softirq steal (guest time is already inside user)
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    return { total, busy: total - v[3]! - v[4]! - v[7]!, steal: v[7]! };
  };
  const all = parse(lines[0]!);
  return { ...all, perCpu: lines.filter((l) => /^cpu\d+ /.test(l)).map(parse) };
}

interface Snapshot {
  machine: ReturnType<typeof machineTicks>;
  /** Ticks of each process of each group, by pid. */
  groups: Record<string, Map<number, number>>;
  bench: number;
  reaped: number;
}

/** Ticks of each group (its root pids and all their descendants) and of the rest of this process's tree. */
function snapshot(groups: Record<string, number[]>): Snapshot {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) {
    const list = children.get(p.ppid);
    if (list) list.push(pid); else children.set(p.ppid, [pid]);
  }
  const claimed = new Set<number>();
  const subtree = (roots: number[]) => {
    const ticks = new Map<number, number>();
    const stack = [...roots];
    while (stack.length) {
      const pid = stack.pop()!;
      if (claimed.has(pid)) continue;
      claimed.add(pid);
      const p = table.get(pid);
      if (p) ticks.set(pid, p.ticks);
      stack.push(...(children.get(pid) ?? []));
    }
    return ticks;
  };
  const groupTicks: Record<string, Map<number, number>> = {};
  for (const [name, roots] of Object.entries(groups)) groupTicks[name] = subtree(roots);
  const bench = [...subtree([process.pid]).values()].reduce((x, y) => x + y, 0);
  return { machine: machineTicks(), groups: groupTicks, bench, reaped: reapedChildrenTicks() };
}

/**
 * A group's ticks during the window, process by process: one that started meanwhile counts whole, one that
 * ended meanwhile counts nothing (its time is lost, rather than its whole past subtracted: a database
 * connection closed mid-row made a group's sum fall and its work show as other load).
 */
function ticksBetween(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number {
  let sum = 0;
  for (const [pid, t] of after ?? []) sum += Math.max(0, t - (before?.get(pid) ?? 0));
  return sum;
}

export interface CpuReport {
  /** Logical CPUs counted in /proc/stat. */
  cpus: number;
  /** Busy share of the whole machine during the window, %. */
  machineBusyPct: number;
  /** Share of the machine's time stolen by the hypervisor for other guests, %. */
  stealPct: number;
  /** Busy share of each CPU, %. */
  perCpuBusyPct: number[];
  /**
   * CPU used during the window, in cores (1 = one core busy for the whole window): each named group, `bench`
   * (this process and its descendants outside the groups) and `other` (every other process on the machine).
   */
  cores: Record<string, number>;
  /** `other` as a share of the whole machine, %. */
  otherPct: number;
}

export interface CpuWindowOptions {
  /** Named process groups: each root pid counts with all its descendants, at the start and the end of the window. */
  groups: Record<string, number[]>;
  /**
   * The group that gets the CPU time of the children this process reaps during the window: a child that
   * starts and exits inside the window (the load generator) is gone from /proc at the end, but the kernel
   * adds its time to our cutime/cstime when we wait for it.
   */
  reapedInto?: string;
}

/** Starts a measurement window; call the returned function at the end (null when /proc is unavailable). */
export function cpuWindow(opts: CpuWindowOptions): () => CpuReport | null {
  let a: Snapshot | undefined;
  try { a = snapshot(opts.groups); } catch { a = undefined; }
  return () => {
    if (!a) return null;
    let b: Snapshot;
    try { b = snapshot(opts.groups); } catch { return null; }
    const total = b.machine.total - a.machine.total;
    const cpus = b.machine.perCpu.length || 1;
    if (total <= 0) return null;
    const perCore = total / cpus; // ticks of one fully busy core over the window
    const cores: Record<string, number> = {};
    let accounted = 0;
    for (const name of Object.keys(opts.groups)) {
      let ticks = ticksBetween(a.groups[name], b.groups[name]);
      if (name === opts.reapedInto) ticks += Math.max(0, b.reaped - a.reaped);
      cores[name] = ticks / perCore;
      accounted += ticks;
    }
    const bench = Math.max(0, b.bench - a.bench);
    cores.bench = bench / perCore;
    accounted += bench;
    const other = Math.max(0, b.machine.busy - a.machine.busy - accounted);
    cores.other = other / perCore;
    return {
      cpus,
      machineBusyPct: ((b.machine.busy - a.machine.busy) / total) * 100,
      stealPct: ((b.machine.steal - a.machine.steal) / total) * 100,
      perCpuBusyPct: b.machine.perCpu.map((c, i) => {
        const before = a!.machine.perCpu[i];
        const t = before ? c.total - before.total : 0;
        return t > 0 ? ((c.busy - before!.busy) / t) * 100 : NaN;
      }),
      cores,
      otherPct: (other / total) * 100,
    };
  };
}

/**
 * CPU time a process and its descendants (a cluster's workers) have used so far, ms (Linux /proc; clock ticks of
 * 10 ms): what they cost, which other load on the machine changes far less than latencies.
 */
export function processTreeCpuMs(root: number): number {
  const table = processTable();
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    ticks += table.get(pid)?.ticks ?? 0;
    for (const [child, p] of table) if (p.ppid === pid) stack.push(child);
  }
  return ticks * 10;
}

/** Pids of PostgreSQL's processes now running on this machine (its backends do the queries' work). */
export function postgresPids(): number[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((n) => {
    try { return fs.readFileSync(`/proc/${n}/comm`, 'utf8').trim() === 'postgres' ? [Number(n)] : []; } catch { return []; }
  });
}
