// The code's shape, checked like its behaviour: module boundaries and the absence of cycles between folders
// (dependency-cruiser with .dependency-cruiser.cjs, which also runs on a small fixture to show that it fails
// on what it forbids), and database queries only in repositories.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }

/** Runs dependency-cruiser with the project's rules on `dir` (relative to `cwd`); returns the violations. */
async function cruise(cwd: string, dir: string): Promise<Violation[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, dir, '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'], {
    cwd, maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout?: string; stderr?: string }) => {
    // A run that finds violations exits non-zero; its JSON is still on stdout.
    if (e.stdout) return { stdout: e.stdout };
    throw new Error(`dependency-cruiser failed: ${e.stderr}`);
  });
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const describeViolation = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('module boundaries', () => {
  it('has no module reaching into another\'s files, no platform code knowing a module, no cycle between folders', async () => {
    const violations = await cruise(root, 'src');
    expect(violations.map(describeViolation)).toEqual([]);
  }, 60_000);

  it('fails on a cycle between two module folders and on a reach into another module\'s file', async () => {
    const violations = await cruise(path.join(root, 'test/fixtures/architecture'), 'src');
    const found = violations.map(describeViolation);
    expect(found).toContainEqual(expect.stringMatching(/^no-folder-cycles: src\/modules\/(alpha|beta)/));
    expect(found).toContain('module-internals: src/modules/alpha/reach.ts → src/modules/beta/helper.ts');
  }, 60_000);
});

describe('queries', () => {
  // The database layer itself and the migrations run SQL too; everything else asks a repository.
  const allowed = (file: string) => /\.repo\.ts$/.test(file) || file.startsWith('src/migrations/') || file.startsWith('src/platform/db/');
  const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|with)\(|\bsql(<[^>]*>)?`/;

  function sourceFiles(dir: string): string[] {
    return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) return sourceFiles(rel);
      // Tests and their shared helpers (*.test-kit.ts) may look into the database directly.
      return /\.tsx?$/.test(e.name) && !/\.test(-kit)?\.tsx?$/.test(e.name) ? [rel] : [];
    });
  }

  it('live only in *.repo.ts files', () => {
    const outside = sourceFiles('src').filter((f) => !allowed(f))
      .flatMap((f) => fs.readFileSync(path.join(root, f), 'utf8').split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
        .filter(({ line }) => QUERY.test(line) && !line.trim().startsWith('//') && !line.trim().startsWith('*')))
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(outside).toEqual([]);
  });
});
