// The gazette command-line tool as the CLI suites run it: in the test's own process through runGazette (the
// code the entry point runs, with the output collected), or through the entry point in a process of its own,
// as a site owner runs it (each costs a Node start and the loading of the app's modules: some seconds).
// Both clear BASE_URL, which vitest exports into process.env ('/'), and turn the demo content off.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runGazette } from '../../src/cli/run.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface CliResult { code: number | null; stdout: string; stderr: string }

const envFor = (env: Record<string, string>) => ({ ...process.env, BASE_URL: '', DEMO_CONTENT: 'false', ...env });

/** A stream that keeps what is written to it (not a terminal, like a pipe). */
function collector() {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk); done(); } });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** `gazette <args>` in this process; stdin is an empty pipe (no terminal to ask a password on). */
export async function gazette(args: string[], env: Record<string, string>): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const code = await runGazette(args, { stdout: stdout.stream, stderr: stderr.stream, stdin: new PassThrough(), env: envFor(env) });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** `npm run gazette -- <args>`: src/cli/gazette.ts in a Node process of its own (stdin, stdout and stderr pipes). */
export function gazetteProcess(args: string[], env: Record<string, string>, timeout = 90_000): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/gazette.ts', ...args], { cwd: root, encoding: 'utf8', timeout, env: envFor(env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
