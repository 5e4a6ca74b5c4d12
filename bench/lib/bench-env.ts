// Environment knobs and latency percentiles shared by the write and discussion benchmarks.

export function envInt(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in [${min}, ${max}] (got ${JSON.stringify(raw)})`);
  return n;
}

/** Nearest-rank p50/p90/p99 and the maximum of latency samples (ms). */
export function percentiles(samples: number[]): { n: number; p50: number; p90: number; p99: number; max: number } {
  const s = Float64Array.from(samples).sort();
  const n = s.length;
  const at = (p: number) => (n === 0 ? NaN : s[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!);
  return { n, p50: at(50), p90: at(90), p99: at(99), max: n ? s[n - 1]! : NaN };
}
