// How much of the machine's CPU went to *other* processes during a measurement (Linux /proc only):
// on a small shared machine, a concurrent test run skews the figures, and the report should say so.
import fs from 'node:fs';

interface Snapshot { total: number; busy: number; own: number }

/** utime + stime (clock ticks) of a process, or 0 if it is gone. */
function ticksOf(pid: number): { ticks: number; ppid: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": [0]=state [1]=ppid ... [11]=utime [12]=stime
    return { ticks: Number(f[11]) + Number(f[12]), ppid: Number(f[1]) };
  } catch {
    return undefined;
  }
}

/** CPU ticks of this process and all its descendants (the servers under test, nginx workers, esbuild…). */
function ownTicks(): number {
  const byParent = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const t = ticksOf(pid);
    if (!t) continue;
    ticks.set(pid, t.ticks);
    const siblings = byParent.get(t.ppid);
    if (siblings) siblings.push(pid); else byParent.set(t.ppid, [pid]);
  }
  let sum = 0;
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop()!;
    sum += ticks.get(pid) ?? 0;
    stack.push(...(byParent.get(pid) ?? []));
  }
  return sum;
}

function snapshot(): Snapshot | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    // cpu user nice system idle iowait irq softirq steal …
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const busy = total - v[3]! - v[4]!;
    return { total, busy, own: ownTicks() };
  } catch {
    return undefined;
  }
}

export interface CpuShare {
  /** Share of the whole machine (all cores) used by this bench and its child processes, in %. */
  ownPct: number;
  /** Share of the whole machine used by every other process, in %. */
  otherPct: number;
}

/** Starts a measurement window; call the returned function at the end (null when /proc is unavailable). */
export function cpuWindow(): () => CpuShare | null {
  const a = snapshot();
  return () => {
    const b = snapshot();
    if (!a || !b || b.total <= a.total) return null;
    const total = b.total - a.total;
    const own = Math.max(0, b.own - a.own);
    const busy = b.busy - a.busy;
    return { ownPct: (own / total) * 100, otherPct: (Math.max(0, busy - own) / total) * 100 };
  };
}
