// Measures start-up: from spawning a command (default `npm start`) to the first 200 from /healthz, then
// stops it. Usage: [RUNS=n] node scripts/start-time.mjs [command…]; runs it RUNS (default 5) times on a fresh temporary SQLite
// database each time (DEMO_CONTENT=false) and prints each time and the median.
//   node scripts/start-time.mjs npm start             (node dist/main.js after the prestart check)
//   node scripts/start-time.mjs npx tsx src/main.ts   (the sources compiled at start, as before the build)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const command = process.argv.length > 2 ? process.argv.slice(2) : ['npm', 'start'];
const freePort = () => new Promise((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

async function once() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-start-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'g.db')}`,
    MEDIA_DIR: path.join(dir, 'media'), DEMO_CONTENT: 'false', NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  const t0 = performance.now();
  const child = spawn(command[0], command.slice(1), { env, stdio: 'ignore', detached: true });
  let ms;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) { ms = performance.now() - t0; break; }
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited (${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 10));
  }
  process.kill(-child.pid, 'SIGTERM');
  await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

const times = [];
for (let i = 0; i < Number(process.env.RUNS ?? 5); i++) times.push(await once());
const sorted = [...times].sort((a, b) => a - b);
console.log(`${command.join(' ')}: ${times.map((t) => `${Math.round(t)} ms`).join(', ')}; median ${Math.round(sorted[sorted.length >> 1])} ms`);
