// `npm start`'s prestart: builds dist/ (scripts/build.mjs) when it is missing or older than the sources,
// so `npm install && npm start` works on a fresh clone. The check is cheap: the newest modification time
// among src/, client/ and the build's own files against dist/.build-stamp (a few hundred stat calls).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newest(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), st.mtimeMs);
}

const inputs = ['src', 'client', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];
const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sources = Math.max(...inputs.map((p) => newest(path.join(root, p))));
if (built >= sources) process.exit(0);

const why = built ? 'dist/ is older than the sources' : 'dist/ has not been built';
try {
  createRequire(import.meta.url).resolve('typescript/package.json');
  createRequire(import.meta.url).resolve('esbuild');
} catch {
  console.error(`[build] ${why}, and the build tools (typescript, esbuild: dev dependencies) are not installed.\n` +
    '[build] Build before pruning: npm ci && npm run build && npm prune --omit=dev && node dist/main.js');
  process.exit(1);
}
// Without type checking (a third of the time): the sources are checked by `npm run typecheck` and CI.
console.error(`[build] ${why}: building (npm run build -- --no-check)…`);
const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--no-check'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
