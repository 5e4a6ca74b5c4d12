// The per-request counter and duration histogram, kept as plain numbers per label set and handed to prom-client's
// registry as two metrics of its format when /metrics is read. prom-client's own Counter and Histogram check
// and hash their labels on every call: 4–5 % of a cached article page's CPU in the fast lane (profiled under
// wrk), for two numbers a request. Here a request finds its label set by one string key and adds to it.

type Labels = { method: string; route: string; status_class: string };

interface Series { labels: Labels; count: number; sum: number; buckets: Float64Array }

/** A value of prom-client's metric format (what a registry formats). */
interface Value { labels: Record<string, string | number>; value: number; metricName?: string }

export interface RequestMetricsOptions { counter: { name: string; help: string }; histogram: { name: string; help: string; buckets: readonly number[] } }

export function createRequestMetrics(opts: RequestMetricsOptions) {
  const bounds = [...opts.histogram.buckets].sort((a, b) => a - b);
  const series = new Map<string, Series>();

  const metric = (name: string, help: string, type: 'counter' | 'histogram', values: () => Value[]) => ({
    name, help, type, aggregator: 'sum' as const,
    get: async () => ({ name, help, type, aggregator: 'sum' as const, values: values() }),
    reset: () => { series.clear(); },
  });

  return {
    /** One answered request (seconds). */
    record(method: string, route: string, status: number, seconds: number) {
      const statusClass = `${Math.floor(status / 100)}xx`;
      const key = `${method} ${statusClass} ${route}`;
      let s = series.get(key);
      if (!s) series.set(key, s = { labels: { method, route, status_class: statusClass }, count: 0, sum: 0, buckets: new Float64Array(bounds.length) });
      s.count++;
      s.sum += seconds;
      for (let i = 0; i < bounds.length; i++) if (seconds <= bounds[i]!) { s.buckets[i]!++; break; }
    },
    counter: metric(opts.counter.name, opts.counter.help, 'counter', () => [...series.values()].map((s) => ({ labels: s.labels, value: s.count }))),
    histogram: metric(opts.histogram.name, opts.histogram.help, 'histogram', () => [...series.values()].flatMap((s) => {
      const out: Value[] = [];
      let cumulative = 0;
      bounds.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        out.push({ labels: { ...s.labels, le }, value: cumulative, metricName: `${opts.histogram.name}_bucket` });
      });
      out.push({ labels: { ...s.labels, le: '+Inf' }, value: s.count, metricName: `${opts.histogram.name}_bucket` });
      out.push({ labels: s.labels, value: s.sum, metricName: `${opts.histogram.name}_sum` });
      out.push({ labels: s.labels, value: s.count, metricName: `${opts.histogram.name}_count` });
      return out;
    })),
  };
}
