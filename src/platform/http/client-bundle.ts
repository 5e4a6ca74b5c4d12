// The browser bundles (client/main.tsx for readers, client/admin.tsx for the newsroom), built by esbuild.
// Used in two places only: `npm run build` (scripts/build.mjs writes them to dist/client/) and, when no
// prebuilt bundles exist (tests, `npm run dev`), assets.ts in memory at start-up. A production start from
// dist/ never loads this file, so esbuild is not a run-time dependency.
import path from 'node:path';
import type { BuildOptions } from 'esbuild';

/** The client entries and the stem of the file each is served as (`/assets/<stem>.<hash>.js`). */
export const CLIENT_ENTRIES = { js: { entry: 'main.tsx', stem: 'gazette' }, adminJs: { entry: 'admin.tsx', stem: 'admin' } } as const;

/** esbuild's options for one browser entry of `<projectRoot>/client/` (the build script passes them to its own esbuild). */
export const clientBuildOptions = (projectRoot: string, entry: string) => ({
  entryPoints: [path.join(projectRoot, 'client', entry)],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  write: false,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
} satisfies BuildOptions);

/** Bundles one browser entry in memory. */
export async function bundleClient(projectRoot: string, entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const out = await build(clientBuildOptions(projectRoot, entry));
  return out.outputFiles[0]!.text;
}
