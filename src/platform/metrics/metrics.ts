// Prometheus metrics on a registry of our own (never prom-client's global one, so that several apps in one
// process, as in tests, do not mix); the process's own metrics (CPU, memory, event-loop delay) are collected
// once per process, on a registry every app's /metrics includes: each collection keeps an event-loop delay
// monitor running for good (prom-client cannot stop it), so one per app would pile up. The hot path is one
// look-up and a few additions per request (request-metrics.ts); the queue gauges are read by one cheap query
// each, only when /metrics is scraped.
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import { createRequestMetrics } from './request-metrics.js';

export type VerdictLabel = 'published' | 'pending' | 'spam' | 'rejected';
const VERDICTS: readonly VerdictLabel[] = ['published', 'pending', 'spam', 'rejected'];

export interface MetricsSources {
  /** Jobs waiting or running in the durable queue. */
  queuedJobs: () => Promise<number>;
  /** Mails waiting in the outbox (pending, not yet sent or given up on). */
  pendingMails: () => Promise<number>;
}

let processRegistry: Registry | undefined;
/** The process's own metrics, collected from the first call on. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  const requests = createRequestMetrics({
    counter: { name: 'gazette_http_requests_total', help: 'HTTP requests answered, by route pattern and status class' },
    histogram: {
      name: 'gazette_http_request_duration_seconds', help: 'Time from request to response, by route pattern and status class',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    },
  });
  registry.registerMetric(requests.counter as unknown as Metric);
  registry.registerMetric(requests.histogram as unknown as Metric);
  const cache = new Counter({ name: 'gazette_page_cache_lookups_total', help: 'Shared article page cache lookups, by result (hit or miss)', labelNames: ['result'], registers: [registry] });
  const verdicts = new Counter({ name: 'gazette_moderation_verdicts_total', help: "The moderation pipeline's verdicts on new and edited comments", labelNames: ['verdict'], registers: [registry] });
  cache.inc({ result: 'hit' }, 0);
  cache.inc({ result: 'miss' }, 0);
  for (const verdict of VERDICTS) verdicts.inc({ verdict }, 0);
  const gauge = (name: string, help: string, read: () => Promise<number>) => new Gauge({
    name, help, registers: [registry],
    async collect() { this.set(await read()); },
  });
  gauge('gazette_jobs_queued', 'Jobs pending or running in the durable job queue', sources.queuedJobs);
  gauge('gazette_outbox_pending', 'Mails waiting in the outbox', sources.pendingMails);

  return {
    /** Everything /metrics shows: this app's metrics and the process's (merged once all are registered). */
    registry: Registry.merge([processMetrics(), registry]),
    /** One answered request: its route pattern (never the raw URL), status and duration in milliseconds. */
    request(method: string, route: string, status: number, ms: number) {
      requests.record(method, route, status, ms / 1000);
    },
    cacheLookup(result: 'hit' | 'miss') { cache.inc({ result }); },
    verdict(verdict: VerdictLabel) { verdicts.inc({ verdict }); },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
