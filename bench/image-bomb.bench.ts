// Image upload memory benchmark: `npm run bench:images`. Prints figures; never part of `npm test`.
//
// Each scenario runs in a fresh child process (a real Gazette on a temporary SQLite database, uploads through
// POST /api/v1/admin/images with app.inject) and reports the process's peak resident memory (maxRSS) against
// its resident memory before the uploads:
//   1. the decompression bomb: a 16000×16000 JPEG (256 megapixels, about 1.5 MB), as the old limit (sharp's
//      default, 268 megapixels) let it through, and as the default IMAGE_MAX_PIXELS (40 megapixels) refuses it;
//   2. four 6000×6000 photos (36 megapixels each, under the limit) uploaded at once, with IMAGE_CONCURRENCY
//      high enough to decode all four together, and with the default (2 at a time).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const SHARP_DEFAULT_LIMIT = 268_402_689;
const TOKEN = 'bench-admin-token-0123456789';
const MiB = 1024 * 1024;

interface Outcome { statuses: number[]; beforeMiB: number; peakMiB: number; seconds: number }

async function child(file: string, copies: number, env: Record<string, string>): Promise<Outcome> {
  const { loadConfig } = await import('../src/config.js');
  const { buildApp } = await import('../src/app.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-images-'));
  const gazette = await buildApp(loadConfig({
    DATABASE_URL: `sqlite:${path.join(dir, 'gazette.db')}`, MEDIA_DIR: path.join(dir, 'media'), DEMO_CONTENT: 'false',
    LOG_LEVEL: 'silent', GAZETTE_ADMIN_TOKEN: TOKEN, ...env,
  }), { logger: false, startJobs: false });
  const data = fs.readFileSync(file);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/jpeg' }), path.basename(file));
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  const payload = Buffer.from(await req.arrayBuffer());
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': req.headers.get('content-type')! };
  await gazette.app.ready();
  const beforeMiB = process.memoryUsage().rss / MiB;
  const started = performance.now();
  const replies = await Promise.all(Array.from({ length: copies }, () =>
    gazette.app.inject({ method: 'POST', url: '/api/v1/admin/images', headers, payload })));
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024; // kilobytes
  await gazette.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { statuses: replies.map((r) => r.statusCode), beforeMiB, peakMiB, seconds };
}

function run(file: string, copies: number, env: Record<string, string>): Outcome {
  const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', file, String(copies), JSON.stringify(env)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Outcome;
}

async function main() {
  if (process.argv[2] === '--child') {
    const outcome = await child(process.argv[3]!, Number(process.argv[4]), JSON.parse(process.argv[5]!) as Record<string, string>);
    console.log(JSON.stringify(outcome));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-files-'));
  try {
    console.log('• making a 16000×16000 JPEG and a 6000×6000 JPEG (takes a few seconds)…');
    const bomb = path.join(dir, 'bomb.jpg');
    await sharp({ create: { width: 16_000, height: 16_000, channels: 3, background: '#ffffff' } }).jpeg({ quality: 50 }).toFile(bomb);
    const photo = path.join(dir, 'photo.jpg');
    const noise = Buffer.alloc(600 * 600 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    await sharp(noise, { raw: { width: 600, height: 600, channels: 3 } }).resize(6000, 6000).jpeg({ quality: 80 }).toFile(photo);
    const size = (f: string) => `${(fs.statSync(f).size / MiB).toFixed(2)} MiB`;

    const rows: [string, Outcome][] = [
      [`bomb (${size(bomb)}), limit ${SHARP_DEFAULT_LIMIT.toLocaleString('en-US')} (sharp's default, before)`, run(bomb, 1, { IMAGE_MAX_PIXELS: String(SHARP_DEFAULT_LIMIT) })],
      ['bomb, IMAGE_MAX_PIXELS default (40,000,000)', run(bomb, 1, {})],
      [`4 × photo (${size(photo)}) at once, IMAGE_CONCURRENCY=4`, run(photo, 4, { IMAGE_CONCURRENCY: '4' })],
      ['4 × photo at once, IMAGE_CONCURRENCY default (2)', run(photo, 4, {})],
    ];
    console.log('\n| scenario | statuses | RSS before | peak RSS | time |\n|---|---|--:|--:|--:|');
    for (const [name, o] of rows) {
      console.log(`| ${name} | ${o.statuses.join(', ')} | ${o.beforeMiB.toFixed(0)} MiB | ${o.peakMiB.toFixed(0)} MiB | ${o.seconds.toFixed(1)} s |`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
