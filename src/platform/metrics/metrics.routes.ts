// GET /metrics (Prometheus text format) and the per-request hook that feeds it.
//
// Who may read it: with METRICS_TOKEN set, a request bearing `Authorization: Bearer <token>`, from anywhere;
// without it, a request made directly (no X-Forwarded-For, Forwarded or X-Real-IP header: not relayed by a
// reverse proxy) from loopback or a private network. Anyone else gets 404, as if there were no such page.
import crypto from 'node:crypto';
import net from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clientAddress, PRIVATE_RANGES } from '../http/proxy-trust.js';
import { AppError } from '../http/errors.js';
import type { Metrics } from './metrics.js';

const privateNetworks = new net.BlockList();
for (const range of PRIVATE_RANGES) {
  const [address, bits] = range.split('/') as [string, string];
  privateNetworks.addSubnet(address, Number(bits), net.isIPv6(address) ? 'ipv6' : 'ipv4');
}

function isPrivate(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = net.isIP(ip);
  return family !== 0 && privateNetworks.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

const sameSecret = (given: string, token: string) => {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
};

/** Whether this request may read the metrics (see the rule at the top). */
export function mayReadMetrics(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const m = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    return m !== null && sameSecret(m[1]!, token);
  }
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  return !relayed && isPrivate(clientAddress(req));
}

export function installMetrics(app: FastifyInstance, metrics: Metrics, opts: { token: string | undefined }): void {
  app.addHook('onResponse', async (req, reply) => {
    metrics.request(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime);
  });
  app.get('/metrics', async (req, reply) => {
    if (!mayReadMetrics(req, opts.token)) throw new AppError(404, 'NOT_FOUND', `No route for ${req.method} /metrics`);
    const text = await metrics.registry.metrics();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text);
  });
}
