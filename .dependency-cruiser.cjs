// Module boundaries, checked in `npm test` (test/architecture.test.ts):
//   - a module folder (src/modules/<name>) is used from outside only through its index.ts;
//   - there are no cycles between module folders, nor between the top-level parts of src
//     (platform, ui, modules/<name>, cli, demo): a folder-level check, because a cycle between two folders
//     can run through files that never import each other directly;
//   - the platform knows no module.
// Test code is left out: *.test.ts files and their shared helpers, *.test-kit.ts, may import across modules.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      severity: 'error',
      comment: 'Another module is used through its index.ts, never by reaching into its files.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-into-module-internals',
      severity: 'error',
      comment: 'Code outside the modules (app.ts, cli, demo) uses a module through its index.ts too.',
      from: { path: '^src/', pathNot: ['^src/modules/', '\\.test(-kit)?\\.tsx?$'] },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      comment: 'src/platform holds technical capabilities only: it never imports a domain module.',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|demo|cli)/' },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'No cycle between folders (modules, platform parts, ui).',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test(-kit)?\\.tsx?$', '^src/.*/__fixtures__/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js'] },
  },
};
