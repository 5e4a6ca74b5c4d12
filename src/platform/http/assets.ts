// Client assets: the comment island and the newsroom's script (esbuild bundles) and the stylesheet,
// served under content-hashed names with a year of caching, in the encoding each client accepts (brotli
// and gzip, strongest settings). From a production build (dist/, `npm run build`) they are read from
// dist/client/, already bundled and compressed, and esbuild is never loaded; from the sources (tests,
// `npm run dev`) the bundles are built in memory and compressed once at start-up.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { addVary, compress, encodingFor, type Encoding } from './compression.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/client/ in a build; src/client/ does not exist, so the sources bundle in memory. */
export const PREBUILT_DIR = path.resolve(here, '../../client');
const PROJECT_ROOT = path.resolve(here, '../../..');
const STYLESHEET = path.resolve(here, '../../ui/site.css');

export interface Assets { css: string; js: string; adminJs: string; bytes: Record<string, number> }
type AssetName = 'css' | 'js' | 'adminJs';
/** What scripts/build.mjs writes: each asset's file name under dist/client/ (with .br and .gz beside it). */
export type AssetManifest = Record<AssetName, string>;

export const contentHash = (s: string | Uint8Array) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 12);
const typeOf = (file: string) => (file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');

/** An asset in every encoding we serve, compressed once with the strongest settings. */
export async function precompressed(text: string): Promise<Record<Encoding, Buffer>> {
  const identity = Buffer.from(text);
  const [br, gzip] = await Promise.all([compress(identity, 'br', 'static'), compress(identity, 'gzip', 'static')]);
  return { identity, br, gzip };
}

interface Asset { file: string; variants: Record<Encoding, Buffer> }

/** The prebuilt assets of a production build, or undefined when there is none (running from src/). */
function prebuiltAssets(): Record<AssetName, Asset> | undefined {
  const manifestFile = path.join(PREBUILT_DIR, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as AssetManifest;
  const read = (file: string): Asset => {
    const at = (suffix: string) => fs.readFileSync(path.join(PREBUILT_DIR, file + suffix));
    return { file, variants: { identity: at(''), br: at('.br'), gzip: at('.gz') } };
  };
  return { css: read(manifest.css), js: read(manifest.js), adminJs: read(manifest.adminJs) };
}

/** Bundles and compresses in memory (no build): esbuild is imported only here. */
async function inMemoryAssets(): Promise<Record<AssetName, Asset>> {
  const { bundleClient, CLIENT_ENTRIES } = await import('./client-bundle.js');
  const [js, adminJs] = await Promise.all([
    bundleClient(PROJECT_ROOT, CLIENT_ENTRIES.js.entry), bundleClient(PROJECT_ROOT, CLIENT_ENTRIES.adminJs.entry),
  ]);
  const css = fs.readFileSync(STYLESHEET, 'utf8');
  const asset = async (stem: string, ext: string, body: string): Promise<Asset> =>
    ({ file: `${stem}.${contentHash(body)}.${ext}`, variants: await precompressed(body) });
  const [cssAsset, jsAsset, adminAsset] = await Promise.all([
    asset('site', 'css', css), asset(CLIENT_ENTRIES.js.stem, 'js', js), asset(CLIENT_ENTRIES.adminJs.stem, 'js', adminJs),
  ]);
  return { css: cssAsset, js: jsAsset, adminJs: adminAsset };
}

export async function installAssets(app: FastifyInstance): Promise<Assets> {
  const assets = prebuiltAssets() ?? await inMemoryAssets();
  for (const { file, variants } of Object.values(assets)) {
    const type = typeOf(file);
    app.get(`/assets/${file}`, async (req, reply) => {
      const encoding = encodingFor(req);
      reply.type(type).header('cache-control', 'public, max-age=31536000, immutable');
      addVary(reply, 'Accept-Encoding');
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return reply.send(variants[encoding]);
    });
  }
  const url = (name: AssetName) => `/assets/${assets[name].file}`;
  const bytes = (name: AssetName) => assets[name].variants.identity.length;
  return { css: url('css'), js: url('js'), adminJs: url('adminJs'), bytes: { css: bytes('css'), js: bytes('js'), adminJs: bytes('adminJs') } };
}
