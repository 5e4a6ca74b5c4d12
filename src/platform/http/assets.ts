// Client assets: the comment island (bundled by esbuild at start-up, in memory) and the stylesheet,
// served under content-hashed names with a year of caching, compressed once at start (brotli and gzip,
// strongest settings) and sent in the encoding each client accepts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import { addVary, compress, encodingFor, type Encoding } from './compression.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Assets { css: string; js: string; adminJs: string; bytes: Record<string, number> }

const hash = (s: string | Uint8Array) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 12);

/** Bundles one browser entry (client/main.tsx for readers, client/admin.tsx for the newsroom). */
export async function bundleClient(entry = 'main.tsx'): Promise<string> {
  const out = await build({
    entryPoints: [path.join(root, 'client', entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0]!.text;
}

/** An asset in every encoding we serve, compressed once with the strongest settings. */
async function precompressed(text: string): Promise<Record<Encoding, Buffer>> {
  const identity = Buffer.from(text);
  const [br, gzip] = await Promise.all([compress(identity, 'br', 'static'), compress(identity, 'gzip', 'static')]);
  return { identity, br, gzip };
}

export async function installAssets(app: FastifyInstance): Promise<Assets> {
  const [js, adminJs] = await Promise.all([bundleClient('main.tsx'), bundleClient('admin.tsx')]);
  const css = fs.readFileSync(path.join(root, 'src/ui/site.css'), 'utf8');
  const files = new Map([
    [`/assets/site.${hash(css)}.css`, { body: css, type: 'text/css; charset=utf-8' }],
    [`/assets/gazette.${hash(js)}.js`, { body: js, type: 'text/javascript; charset=utf-8' }],
    [`/assets/admin.${hash(adminJs)}.js`, { body: adminJs, type: 'text/javascript; charset=utf-8' }],
  ]);
  for (const [url, f] of files) {
    const variants = await precompressed(f.body);
    app.get(url, async (req, reply) => {
      const encoding = encodingFor(req);
      reply.type(f.type).header('cache-control', 'public, max-age=31536000, immutable');
      addVary(reply, 'Accept-Encoding');
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return reply.send(variants[encoding]);
    });
  }
  const [cssUrl, jsUrl, adminUrl] = [...files.keys()] as [string, string, string];
  return { css: cssUrl, js: jsUrl, adminJs: adminUrl, bytes: { css: Buffer.byteLength(css), js: Buffer.byteLength(js), adminJs: Buffer.byteLength(adminJs) } };
}
