// deploy/nginx.conf (a caching proxy) and deploy/nginx-instances.conf (several instances) are configurations
// nginx accepts, and deploy/nginx.conf, run as shipped (bench/lib/deploy-nginx.ts changes only its ports and
// paths), keeps Gazette's shareable pages and answers them from its cache, in the encoding asked for, and
// never for a request with a cookie. nginx is required under CI=true (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runnableDeployConf, startDeployNginx } from '../bench/lib/deploy-nginx.js';
import { freePort, waitUntil } from '../bench/lib/util.js';
import { buildTestApp, createArticle, type TestApp } from './helpers/test-app.js';

const nginx = inject('nginxPath');

describe.each(['deploy/nginx.conf', 'deploy/nginx-instances.conf'])('%s', (file) => {
  it.skipIf(!nginx)('passes nginx -t', () => {
    const run = spawnSync(nginx!, ['-t', '-c', path.resolve(file)], { encoding: 'utf8' });
    expect(run.stderr).toContain('test is successful');
    expect(run.status).toBe(0);
  });
});

describe('runnableDeployConf', () => {
  it('changes only ports, paths, workers and daemon mode, and refuses a file it does not recognise', () => {
    const shipped = fs.readFileSync('deploy/nginx.conf', 'utf8');
    const conf = runnableDeployConf({ port: 8081, upstreamPort: 3999, dir: '/x', workers: 1 });
    expect(conf).toContain('listen 127.0.0.1:8081;');
    expect(conf).toContain('server 127.0.0.1:3999;');
    expect(conf).toContain('proxy_cache_path /x/cache levels=1:2');
    expect(conf).not.toMatch(/\/tmp\/gazette-nginx/);
    const directives = (t: string) => t.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const changed = directives(conf).filter((l) => !directives(shipped).includes(l));
    expect(changed).toHaveLength(9); // eight lines changed, plus `daemon off;`
    expect(() => runnableDeployConf({ port: 1, upstreamPort: 2, dir: '/x', workers: 1 }, shipped.replace('listen 80;', 'listen 8080;'))).toThrow(/listen 80;/);
  });
});

describe.skipIf(!nginx)('deploy/nginx.conf in front of Gazette', () => {
  let t: TestApp;
  let proxy: ReturnType<typeof startDeployNginx>;
  let slug = '';
  let dir = '';
  /** The proxy's answer as sent (node:http, which decodes nothing; fetch would undo the brotli). */
  const get = (headers: Record<string, string> = {}) => new Promise<{ status: number; cache: string | undefined; encoding: string | undefined; body: Buffer }>((resolve, reject) => {
    http.get(`${proxy.base}/articles/${slug}`, { headers: { accept: 'text/html', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, cache: res.headers['x-cache-status'] as string | undefined, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });

  beforeAll(async () => {
    t = await buildTestApp({ dialect: 'sqlite' });
    ({ slug } = await createArticle(t, { title: 'Behind the proxy', slug: 'behind-the-proxy' }));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-deploy-nginx-'));
    proxy = startDeployNginx({ nginx: nginx!, port: await freePort(), upstreamPort: (t.app.server.address() as AddressInfo).port, dir, workers: 1 });
    await waitUntil('nginx in front of Gazette', async () => (await fetch(`${proxy.base}/livez`).catch(() => null))?.status === 200, 10_000, proxy.proc.deadError);
  });
  afterAll(async () => {
    await proxy?.proc.stop('SIGTERM', 5000);
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a reader's page and answers it from its cache, the same bytes Gazette sent", async () => {
    const direct = await t.app.inject({ method: 'GET', url: `/articles/${slug}`, headers: { accept: 'text/html' } });
    expect(direct.headers['cache-control']).toMatch(/public.*s-maxage=\d+/);
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.cache).toBe('MISS');
    const second = await get();
    expect(second.cache).toBe('HIT');
    expect(second.body.toString('utf8')).toBe(first.body.toString('utf8'));
    expect(second.body.toString('utf8')).toContain('Behind the proxy');
  });

  it('keeps each encoding apart: brotli for a browser that takes it, plain text for one that does not', async () => {
    const plain = await get();
    await get({ 'accept-encoding': 'gzip, deflate, br, zstd' });
    const br = await get({ 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.cache).toBe('HIT');
    expect(br.encoding).toBe('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(plain.body.toString('utf8'));
    expect((await get()).encoding).toBeUndefined();
  });

  it('passes a request with a cookie to Gazette, never from or into the cache', async () => {
    const withCookie = await get({ cookie: 'gz_reader=abc' });
    expect(withCookie.status).toBe(200);
    expect(withCookie.cache).toBe('BYPASS');
  });

  it('leaves the error log without errors', () => {
    expect(proxy.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });
});
