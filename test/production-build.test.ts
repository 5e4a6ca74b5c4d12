// The production build (scripts/build.mjs, without type checking as npm start's prestart runs it: the type
// check is `npx tsc --noEmit` elsewhere in CI) into a temporary directory, then the built
// server started with plain node against a fresh SQLite database, as `npm start` does after a prune:
// its node_modules lacks the build tools (typescript, esbuild, tsx), so a run-time import of any of
// them would stop the server. It answers the home page, /healthz and the prebuilt client bundle, whose
// URL carries the same content hash as the bundle built in memory from the sources.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleClient } from '../src/platform/http/client-bundle.js';
import { contentHash } from '../src/platform/http/assets.js';

const root = path.resolve(import.meta.dirname, '..');
const BUILD_TOOLS = new Set(['typescript', 'esbuild', '@esbuild', 'tsx', 'vite', 'vitest', '.bin']);

const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as net.AddressInfo;
    srv.close(() => resolve(port));
  }).on('error', reject);
});

/** A node_modules of links to the project's packages, less the build tools (a pruned production install). */
function prunedNodeModules(dir: string) {
  const target = path.join(dir, 'node_modules');
  fs.mkdirSync(target);
  const from = fs.realpathSync(path.join(root, 'node_modules'));
  for (const name of fs.readdirSync(from)) {
    if (!BUILD_TOOLS.has(name)) fs.symlinkSync(path.join(from, name), path.join(target, name));
  }
}

describe('production build', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-build-'));
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('builds to JavaScript and prebuilt bundles that node alone serves, without the build tools', async () => {
    const dist = path.join(tmp, 'dist');
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--out', dist, '--no-check'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(fs.existsSync(path.join(dist, '.build-stamp'))).toBe(true);
    expect(fs.readdirSync(dist, { recursive: true }).filter((f) => /\.tsx?$|\.test\./.test(String(f)))).toEqual([]);
    // Read beside their modules at run time:
    for (const f of ['modules/moderation/spam/default-model.json', 'modules/moderation/spam/lexicon.txt']) {
      expect(fs.existsSync(path.join(dist, f)), f).toBe(true);
    }
    prunedNodeModules(tmp);

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`, DATABASE_URL: `sqlite:${path.join(tmp, 'gazette.db')}`,
      MEDIA_DIR: path.join(tmp, 'media'), DEMO_CONTENT: 'true', LOG_LEVEL: 'info',
    };
    child = spawn(process.execPath, [path.join(dist, 'main.js')], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const check = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Server listening/.test(output)) resolve();
      };
      child!.stdout!.on('data', check);
      child!.stderr!.on('data', check);
      child!.on('exit', (code) => reject(new Error(`the built server exited (${code}):\n${output}`)));
    });

    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<html');
    const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'client/manifest.json'), 'utf8')) as Record<string, string>;
    expect(html).toContain(`/assets/${manifest.css}`);
    const article = /href="(\/articles\/[^"#]+)"/.exec(html)?.[1];
    expect(article).toBeDefined();
    const page = await fetch(`${base}${article}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/assets/${manifest.js}`);

    // The same content hash as the in-memory bundle of the sources (what tests and `npm run dev` serve).
    const fromSources = await bundleClient(root, 'main.tsx');
    expect(manifest.js).toBe(`gazette.${contentHash(fromSources)}.js`);
    const plain = await fetch(`${base}/assets/${manifest.js}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toContain('text/javascript');
    expect(plain.headers.get('cache-control')).toContain('immutable');
    expect(await plain.text()).toBe(fromSources);
    // Precompressed at build time: the brotli bytes decompress to the bundle.
    const br = await new Promise<Buffer>((resolve, reject) => {
      const req = net.connect(port, '127.0.0.1', () => {
        req.write(`GET /assets/${manifest.js} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n`);
      });
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    });
    const split = br.indexOf('\r\n\r\n');
    expect(br.subarray(0, split).toString()).toMatch(/content-encoding: br/i);
    expect(zlib.brotliDecompressSync(br.subarray(split + 4)).toString()).toBe(fromSources);
    expect(output).not.toMatch(/"level":(50|60)/);
  }, 240_000);
});
