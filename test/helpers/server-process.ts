// A real Gazette server process (src/main.ts), for tests that kill it: started on a random port, killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const SERVER_ADMIN_TOKEN = 'durability-admin-token-1234567890';

export function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    // BASE_URL is cleared: vitest exports its own BASE_URL ('/') into process.env.
    env: { ...process.env, BASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DEMO_CONTENT: 'false', GAZETTE_ADMIN_TOKEN: SERVER_ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { child.stdout!.off('data', onData); resolve({ child, url: m[1]! }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

export const killHard = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});
