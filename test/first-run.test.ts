// The first start of a real server process on an empty database: it says where to go (a banner in
// development, one log line always) and the set-up address it prints is the only way to the first admin.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from './helpers/test-app.js';
import { FORM, form } from './helpers/http.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as net.AddressInfo;
    srv.close(() => resolve(port));
  }).on('error', reject);
});

/** Starts src/main.ts and collects what it prints until `until` matches (or it exits). */
function start(env: Record<string, string>, until: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root, env: { ...process.env, BASE_URL: '', HOST: '127.0.0.1', DEMO_CONTENT: 'false', SMTP_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) resolve(output);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before printing ${until}:\n${output}`)));
  });
  return { child, ready };
}

describe('first start of the server', () => {
  let child: ChildProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await drop?.();
  });

  it('prints a banner and a log line with the set-up address; only its code creates the first admin', async () => {
    const db = await freshDatabase('sqlite');
    drop = db.drop;
    const port = await freePort();
    const run = start({ DATABASE_URL: db.url, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'info' }, /"msg":"No admin yet[^\n]*\n/);
    child = run.child;
    const output = await run.ready;
    const base = `http://localhost:${port}`;
    expect(output).toContain('Gazette is running (development)');
    expect(output).toContain(`Site:      ${base}   (listening on 127.0.0.1:${port})`);
    expect(output).toContain(`Database:  SQLite, ${db.url.slice('sqlite:'.length)}`);
    expect(output).toContain('Mail:      kept in the outbox at /admin/outbox');
    const banner = new RegExp(`First run: open (${base}/setup\\?code=([A-Z2-9]{4}-[A-Z2-9]{4})) to create the first admin`).exec(output);
    expect(banner, output).not.toBeNull();
    const setupUrl = banner![1]!;
    const code = banner![2]!;
    const logLine = output.split('\n').find((l) => l.includes('"msg":"No admin yet'))!;
    expect(JSON.parse(logLine)).toMatchObject({ setupUrl, msg: `No admin yet: open ${setupUrl} to create the first admin (or run: npm run gazette -- create-admin)` });

    const page = await fetch(`http://127.0.0.1:${port}/setup?code=${code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`value="${code}"`);
    const post = (fields: Record<string, string>) => fetch(`http://127.0.0.1:${port}/setup`, {
      method: 'POST', redirect: 'manual', headers: { ...FORM, origin: `http://127.0.0.1:${port}` }, body: form(fields),
    });
    const admin = { displayName: 'Ann Admin', email: 'ann@example.org', password: 'a long enough password' };
    expect((await post({ ...admin, code: 'ZZZZ-ZZZZ' })).status).toBe(403);
    const made = await post({ ...admin, code });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/admin');
  });

  it('in production logs the set-up line alone, without the banner', async () => {
    const db = await freshDatabase('sqlite');
    drop = db.drop;
    const port = await freePort();
    const run = start({ DATABASE_URL: db.url, PORT: String(port), NODE_ENV: 'production', BASE_URL: 'https://news.example.org' }, /"msg":"No admin yet[^\n]*\n/);
    child = run.child;
    const output = await run.ready;
    expect(output).not.toContain('Gazette is running');
    expect(output).toMatch(/"setupUrl":"https:\/\/news\.example\.org\/setup\?code=[A-Z2-9]{4}-[A-Z2-9]{4}"/);
  });
});
