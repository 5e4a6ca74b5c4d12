// `npm run build`: the production build, in plain JavaScript so that node alone runs it.
//   1. tsc -p tsconfig.build.json: src/ (no tests) to ESM JavaScript in dist/;
//   2. the files the server reads beside its own modules (site.css, the spam model and lexicon) copied
//      to the same place under dist/;
//   3. the client bundles built by esbuild and written, with site.css, to dist/client/ under their
//      content-hashed names, each with its brotli (.br) and gzip (.gz) bytes and a manifest.json;
//   4. dist/.build-stamp last, which scripts/ensure-build.mjs compares with the sources.
// `node scripts/build.mjs --out DIR` builds elsewhere (the build test); `--no-check` emits without type
// checking (tsc --noCheck: about a third of the time; npm start's prestart and the build test use it, the
// sources being type-checked by `npm run typecheck` and CI). Needs the dev dependencies
// (typescript, esbuild): a production deploy builds, then prunes them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'dist');
const typeCheck = !process.argv.includes('--no-check');
const started = Date.now();
const step = (what) => console.error(`[build] ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

fs.rmSync(out, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const tscArgs = [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', out, ...(typeCheck ? [] : ['--noCheck'])];
const compiled = spawnSync(process.execPath, tscArgs, { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('[build] tsc failed');
  process.exit(1);
}
step(`compiled src/ to ${path.relative(root, out) || out}${typeCheck ? ' (type-checked)' : ' (not type-checked)'}`);

// Run-time files read relative to a module (new URL('./x', import.meta.url)): same place under dist/.
const isRuntimeFile = (name) => !/\.(tsx?|md)$/.test(name);
function copyRuntimeFiles(dir) {
  for (const e of fs.readdirSync(path.join(root, 'src', dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) copyRuntimeFiles(rel);
    else if (isRuntimeFile(e.name)) {
      fs.mkdirSync(path.join(out, dir), { recursive: true });
      fs.copyFileSync(path.join(root, 'src', rel), path.join(out, rel));
    }
  }
}
copyRuntimeFiles('');
step('copied run-time files');

// The compiled modules give the bundler's options, hash and compression: one definition for build and dev
// (they import no package, so a build outside the project tree loads them too; esbuild comes from here).
const load = (rel) => import(pathToFileURL(path.join(out, rel)).href);
const { clientBuildOptions, CLIENT_ENTRIES } = await load('platform/http/client-bundle.js');
const { build } = await import('esbuild');
const { contentHash, precompressed } = await load('platform/http/assets.js');
const clientDir = path.join(out, 'client');
fs.mkdirSync(clientDir, { recursive: true });
const css = fs.readFileSync(path.join(root, 'src/ui/site.css'), 'utf8');
const sources = { css: { stem: 'site', ext: 'css', body: css } };
for (const [name, { entry, stem }] of Object.entries(CLIENT_ENTRIES)) {
  sources[name] = { stem, ext: 'js', body: (await build(clientBuildOptions(root, entry))).outputFiles[0].text };
}
const manifest = {};
for (const [name, { stem, ext, body }] of Object.entries(sources)) {
  const file = `${stem}.${contentHash(body)}.${ext}`;
  const variants = await precompressed(body);
  fs.writeFileSync(path.join(clientDir, file), variants.identity);
  fs.writeFileSync(path.join(clientDir, `${file}.br`), variants.br);
  fs.writeFileSync(path.join(clientDir, `${file}.gz`), variants.gzip);
  manifest[name] = file;
}
fs.writeFileSync(path.join(clientDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
step('bundled and compressed the client assets');

fs.writeFileSync(path.join(out, '.build-stamp'), `${new Date().toISOString()}\n`);
step('done');
